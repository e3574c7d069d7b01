/**
 * `npm run openapi:types`: writes test/worker/contract/openapi-types.ts from the document the worker serves
 * (its app in this process over a throwaway store: no port, no network).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../worker/app/create-app.js';
import { openStore } from '../../../worker/store/index.js';
import { OPENAPI_TYPES_FILE, openapiTypesSource } from './openapi-types-source.js';

const dir = mkdtempSync(join(tmpdir(), 'atoz-openapi-types-'));
const store = await openStore({ dataDir: dir, now: () => Date.now() });
try {
  const app = createApp({ store, corsOrigins: [], bodyLimitBytes: 1024, now: () => Date.now() });
  const document = (await (await app.request('/openapi.json')).json()) as object;
  writeFileSync(OPENAPI_TYPES_FILE, await openapiTypesSource(document));
  console.log(`wrote ${OPENAPI_TYPES_FILE.pathname}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
