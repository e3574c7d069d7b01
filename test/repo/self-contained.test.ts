import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands alone: no tracked file may point at a `shared` folder beside the clone
 * (`../shared`, as the rule book and the fixtures once did). The repository's own `shared/` is fine:
 * `../../shared/x.js` from addin/excel/ stays inside. package-lock.json is not ours to word.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** `../shared`, with any `./` or `../` before it. */
const REFERENCE = /(?<![\w.\/-])(?:\.\.?\/)*\.\.\/shared(?![\w-])/g;
/** Module code resolves a relative path from its own folder; prose and scripts may mean it from the root (a script's cwd). */
const CODE = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs']);

function outside(path: string): boolean {
  const rel = relative(ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel);
}

/** Every reference in `text` (the file `file`, relative to the root) that leaves the repository, as "line N: excerpt". */
function referencesOutside(file: string, text: string): string[] {
  const found: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    for (const match of line.matchAll(REFERENCE)) {
      const fromFile = resolve(ROOT, dirname(file), match[0]);
      const fromRoot = resolve(ROOT, match[0]);
      if (outside(fromFile) || (!CODE.has(extname(file)) && outside(fromRoot))) {
        found.push(`${file}:${index + 1}: ${line.trim().slice(0, 100)}`);
      }
    }
  }
  return found;
}

describe('the repository is self-contained', () => {
  it('tells a folder beside the clone from the repository’s own shared/', () => {
    expect(referencesOutside('README.md', 'a clone with `../shared` beside it')).toHaveLength(1);
    // The sibling's rule book by its path, spelled in two pieces so this test is no such reference itself.
    expect(referencesOutside('.ci/run', `cp ../shared/${'POLICY'}.md docs/`)).toHaveLength(1);
    expect(referencesOutside('cli/run.ts', "import x from '../../shared/x.js';")).toHaveLength(1);
    expect(referencesOutside('cli/run.ts', "import { parsePolicy } from '../shared/policy/schema.js';")).toEqual([]);
    expect(referencesOutside('addin/excel/a.ts', "from '../../shared/sheet/rules.js'")).toEqual([]);
    expect(referencesOutside('docs/rules.md', 'see ../shared-memory and ../sharedfolder')).toEqual([]);
  });

  it('no tracked file (but package-lock.json) points at ../shared outside it', (ctx) => {
    let files: string[];
    try {
      files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    } catch {
      return ctx.skip('not a git checkout (git ls-files failed): nothing to list the tracked files with');
    }
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      if (file === 'package-lock.json') continue;
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolve(ROOT, file));
      } catch {
        continue; // tracked but deleted in this work tree
      }
      if (bytes.includes(0)) continue; // binary: images, fonts
      found.push(...referencesOutside(file, bytes.toString('utf8')));
    }
    expect(found, 'these lines reach outside the repository: copy what they need into it (docs/, test/fixtures/)').toEqual([]);
  });
});
