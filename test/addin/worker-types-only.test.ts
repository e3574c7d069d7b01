import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The add-in is bundled for the browser (Vite): what it takes from worker/ must be types only (its client is
 * typed by the worker's routes), which the bundler erases, so no worker code (SQLite, node:*) reaches the pane.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ADDIN = join(REPO, 'addin');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every import/export … from '…' statement of a file: whether it is type-only, and its specifier. */
function moduleReferences(text: string): { typeOnly: boolean; specifier: string; statement: string }[] {
  const statements = text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/gms);
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => ({ typeOnly: false, specifier: m[1]!, statement: m[0] }));
  return [...[...statements].map((m) => ({ typeOnly: m[2] !== undefined, specifier: m[4]!, statement: m[0].trim() })), ...dynamic];
}

describe('the add-in and worker/', () => {
  it('imports only types from worker/ (erased from the browser bundle)', () => {
    const fromWorker = sources(ADDIN).flatMap((file) =>
      moduleReferences(readFileSync(file, 'utf8'))
        .filter((ref) => /(^|\/)worker\//.test(ref.specifier))
        .map((ref) => ({ file: relative(REPO, file), ...ref })),
    );
    // The sync client is typed by the worker's routes: at least that reference exists, and it is a type.
    expect(fromWorker.map((ref) => ref.file)).toContain('addin/excel/sync-client.ts');
    expect(fromWorker.filter((ref) => !ref.typeOnly).map((ref) => `${ref.file}: ${ref.statement}`)).toEqual([]);
  });

  it('tells a type-only import from one that would bundle worker code', () => {
    expect(moduleReferences("import type { AppType } from '../../worker/app/create-app.js';")).toEqual([
      { typeOnly: true, specifier: '../../worker/app/create-app.js', statement: "import type { AppType } from '../../worker/app/create-app.js'" },
    ]);
    expect(moduleReferences("import { type AppType, createApp } from '../../worker/app/create-app.js';\nconst m = import('../worker/main.js');").map((r) => r.typeOnly)).toEqual([false, false]);
  });
});
