/**
 * `npm run manifest -- --pane-url https://… --worker-url https://… --support-url https://… [--out FILE]`:
 * writes the add-in's manifest for a team's own addresses (addin/production-manifest.ts) and validates it
 * with xmllint against Microsoft's schema when xmllint is installed. Exit 0 written, 1 invalid, 2 bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ManifestAddressError, productionManifest } from './production-manifest.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_SCHEMA = `${ROOT}test/fixtures/office-manifest-xsd/OfficeAppManifestV1_1.xsd`;
const USAGE = 'usage: npm run manifest -- --pane-url https://… --worker-url https://… --support-url https://… [--out FILE] (docs/deploy.md)';

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: { 'pane-url': { type: 'string' }, 'worker-url': { type: 'string' }, 'support-url': { type: 'string' }, out: { type: 'string', default: 'dist/manifest.xml' } },
    }));
  } catch (error) {
    console.error(`manifest: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const paneUrl = values['pane-url'];
  const workerUrl = values['worker-url'];
  const supportUrl = values['support-url'];
  if (!paneUrl || !workerUrl || !supportUrl) {
    console.error(`manifest: --pane-url, --worker-url and --support-url are all needed\n${USAGE}`);
    return 2;
  }
  let xml: string;
  try {
    xml = productionManifest(readFileSync(`${ROOT}manifest.xml`, 'utf8'), { paneUrl, workerUrl, supportUrl });
  } catch (error) {
    if (!(error instanceof ManifestAddressError)) throw error;
    console.error(`manifest: ${error.message}`);
    return 2;
  }
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, xml);
  const lint = spawnSync('xmllint', ['--nonet', '--noout', '--schema', MANIFEST_SCHEMA, out], { encoding: 'utf8' });
  if (lint.error) {
    console.log(`manifest written to ${out} (not validated: xmllint is not installed; apt-get install libxml2-utils)`);
  } else if (lint.status !== 0) {
    console.error(`manifest: ${out} does not validate against the Office schema:\n${lint.stderr}`);
    return 1;
  } else {
    console.log(`manifest written to ${out}, valid against the Office add-in manifest schema`);
  }
  console.log(`next: serve dist/addin/ (npm run build:addin:prod) at ${paneUrl}, set ATOZ_CORS_ORIGINS=${new URL(paneUrl).origin} on the worker, then deploy the manifest (docs/deploy.md)`);
  return 0;
}

process.exitCode = main();
