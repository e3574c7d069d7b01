import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * How to start a worker thread on `module` (a path relative to `base`, the caller's import.meta.url, without
 * extension): the compiled .js beside the caller; from source (npm run serve, tests) the .ts, loaded through
 * tsx's API, since Node 20 does not apply an `--import` loader inside worker threads.
 */
export function threadEntry(base: string, module: string): { source: URL | string; eval: boolean } {
  if (!base.endsWith('.ts')) return { source: new URL(`${module}.js`, base), eval: false };
  const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(base).resolve('tsx/package.json'))).href;
  const entry = new URL(`${module}.ts`, base).href;
  return { source: `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(tsx)}))`, eval: true };
}
