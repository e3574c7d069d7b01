/**
 * `npm start`: builds the task pane, serves it on https://localhost:3000 (the manifest's address)
 * with a locally generated certificate, and runs the worker beside it on http://127.0.0.1:3001.
 *
 *   npm start [-- --no-worker]
 *
 * Two processes rather than one: the worker (worker/main.ts) owns its start-up and graceful shutdown,
 * and keeps its own default port 3000 when run alone (`npm run serve`); here it gets PORT=3001 and
 * ATOZ_CORS_ORIGINS=https://localhost:3000 so the pane may call it. Environment:
 *   ATOZ_ADDIN_PORT (3000), ATOZ_WORKER_PORT (3001), ATOZ_OFFICE_JS (local | cdn, default local).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { devCertificate } from './dev-certs.js';
import { staticHandler } from './static-server.js';

const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));
const ADDIN_DIST = fileURLToPath(new URL('../dist/addin/', import.meta.url));
const OFFICE_JS_DIST = fileURLToPath(new URL('../node_modules/@microsoft/office-js/dist/', import.meta.url));

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`${name} must be a port number, not "${process.env[name]}"`);
  return value;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-worker': { type: 'boolean', default: false } } });
  const addinPort = port('ATOZ_ADDIN_PORT', 3000);
  const workerPort = port('ATOZ_WORKER_PORT', 3001);
  const origin = `https://localhost:${addinPort}`;

  console.log('building the task pane (vite) …');
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });

  const certificate = await devCertificate(PROJECT_DIR);
  const server = createServer(
    { cert: certificate.cert, key: certificate.key },
    staticHandler([
      { prefix: '/office-js/', dir: OFFICE_JS_DIST },
      { prefix: '/', dir: ADDIN_DIST },
    ]),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(addinPort, 'localhost', resolve);
  });
  console.log(`task pane: ${origin}/taskpane.html`);
  console.log(
    certificate.source === 'project'
      ? `certificate: ${certificate.dir} (not trusted; accept it once in the browser, or run npm run certs:install)`
      : `certificate: ${certificate.dir} (installed by npm run certs:install)`,
  );

  const worker = values['no-worker'] ? undefined : startWorker(workerPort, origin);
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping`);
    worker?.kill(signal);
    server.close();
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function startWorker(workerPort: number, origin: string): ChildProcess {
  const token = process.env.ATOZ_API_TOKEN || devApiToken();
  console.log(`worker: http://127.0.0.1:${workerPort} (API token for the Connect panel and atoz import: ${token})`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: PROJECT_DIR,
    stdio: 'inherit',
    env: { ...process.env, PORT: String(workerPort), ATOZ_CORS_ORIGINS: process.env.ATOZ_CORS_ORIGINS ?? origin, ATOZ_API_TOKEN: token },
  });
  child.on('exit', (code, signal) => {
    if (signal === null && code !== 0) console.error(`worker exited with code ${code}; the task pane keeps running (start it alone with npm run serve)`);
  });
  return child;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

/**
 * Without ATOZ_API_TOKEN the worker would refuse every request: for local use, make a random token once
 * and keep it in the data folder (gitignored, beside the store it guards), so it survives restarts.
 */
function devApiToken(): string {
  const dataDir = process.env.ATOZ_DATA_DIR || join(PROJECT_DIR, 'data');
  const file = join(dataDir, 'dev-api-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
