import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Packages that run on any JavaScript runtime (web-standard APIs only). */
const NEUTRAL_PACKAGES = ['hono', '@hono/zod-openapi', 'zod', 'date-fns', '@date-fns/tz', 'papaparse'];

/** Every module the app loads at run time (type-only imports are erased), with what each imports. */
function runtimeImports(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [resolve(REPO, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers: string[] = [];
    // `import … from '…'`, `export … from '…'`, `import('…')`, bare `import '…'`; not `import type` / `export type`.
    const statement = /^\s*(import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gms;
    for (const match of source.matchAll(statement)) specifiers.push((match[2] ?? match[3] ?? match[4])!);
    seen.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

describe('the worker app is runtime-neutral', () => {
  it('nothing worker/app/create-app.ts loads imports node: modules or Node-only packages', () => {
    const graph = runtimeImports('worker/app/create-app.ts');
    expect(graph.size).toBeGreaterThan(20); // the walk found the app's modules
    const offending: string[] = [];
    for (const [file, specifiers] of graph) {
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!NEUTRAL_PACKAGES.includes(name)) offending.push(`${relative(REPO, file)} imports ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('the check sees a node: import where there is one (the Node entry)', () => {
    const graph = runtimeImports('worker/main.ts');
    const bare = [...graph.values()].flat().filter((specifier) => specifier.startsWith('node:'));
    expect(bare).toContain('node:worker_threads');
  });
});
