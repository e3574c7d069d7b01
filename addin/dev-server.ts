/**
 * `npm start`: builds the task pane, serves it on https://localhost:3000 (the manifest's address)
 * with a locally generated certificate, and runs the worker beside it on https://127.0.0.1:3001 with
 * the same certificate. HTTPS for both: Safari and Excel for Mac (WKWebView) refuse a plain-http call
 * from an https page, even to the loopback address (mixed content).
 *
 *   npm start [-- --no-worker] [-- --no-build]
 *
 * Two processes rather than one: the worker (worker/main.ts) owns its start-up and graceful shutdown;
 * here it gets PORT, ATOZ_TLS_CERT/ATOZ_TLS_KEY (the dev certificate) and
 * ATOZ_CORS_ORIGINS=https://localhost:3000 so the pane may call it. Environment:
 *   ATOZ_ADDIN_PORT (3000), ATOZ_WORKER_PORT (3001), ATOZ_OFFICE_JS (local | cdn, default local).
 *
 * Stopping (Ctrl-C, SIGTERM): the worker runs in its own process group, so a Ctrl-C in the terminal
 * reaches this process only, which passes the signal on to the worker exactly once (a worker that got
 * it twice would stop at once, exit 1, and cut requests in flight); both then stop and one line says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { devCertificate, type DevCertificate } from './dev-certs.js';
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
  const { values } = parseArgs({ options: { 'no-worker': { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false } } });
  const addinPort = port('ATOZ_ADDIN_PORT', 3000);
  const workerPort = port('ATOZ_WORKER_PORT', 3001);
  const origin = `https://localhost:${addinPort}`;

  if (values['no-build']) {
    console.log(`serving the task pane as built in ${ADDIN_DIST} (npm run build:addin)`);
  } else {
    console.log('building the task pane (vite) …');
    await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
  }

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

  const stopServer = () => {
    server.close();
    server.closeAllConnections();
  };
  const worker = values['no-worker'] ? undefined : startWorker(workerPort, origin, certificate);
  let stopping: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: the worker's own rule, stop at once (requests in flight are cut).
      console.log(`${signal} again: stopping the worker at once`);
      worker?.process.kill(signal);
      return;
    }
    stopping = signal;
    console.log(`${signal}: stopping ${worker ? 'the task pane and the worker (requests in flight finish first)' : 'the task pane'}`);
    stopServer();
    if (worker) worker.stop(signal);
    else console.log('npm start: stopped');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Said only once the signals are ours: before that a SIGTERM would end the process by the system's default.
  console.log(`task pane: ${origin}/taskpane.html`);
  console.log(
    certificate.source === 'project'
      ? `certificate: ${certificate.dir} (not trusted; accept it once in the browser, or run npm run certs:install)`
      : `certificate: ${certificate.dir} (installed by npm run certs:install)`,
  );
  if (!worker) return;

  const workerCode = await worker.exited;
  if (!stopping) {
    // The worker ended on its own (port in use, bad settings…): its message is above; the pane stays.
    console.error(`worker exited with code ${workerCode}; the task pane keeps running (start the worker alone with npm run serve)`);
    return;
  }
  if (workerCode !== 0) console.error(`the worker exited with code ${workerCode} while stopping (its message is above)`);
  console.log(workerCode === 0 ? 'npm start: stopped' : 'npm start: stopped (the worker did not stop cleanly)');
  process.exitCode = workerCode === 0 ? 0 : 1;
}

interface WorkerProcess {
  process: ChildProcess;
  /** Passes a stop signal on to the worker, once. */
  stop(signal: NodeJS.Signals): void;
  /** Its exit code: 0 also when the stop signal itself ended it (before its handlers were set), else 1 for a signal. */
  exited: Promise<number>;
}

function startWorker(workerPort: number, origin: string, certificate: DevCertificate): WorkerProcess {
  const token = process.env.ATOZ_API_TOKEN || devApiToken();
  const url = `https://127.0.0.1:${workerPort}`;
  console.log(`worker: ${url} (API token for the Connect panel and atoz import: ${token})`);
  console.log(`atoz import trusts this certificate with NODE_EXTRA_CA_CERTS=${certificate.paths.ca}`);
  // On Windows a console's Ctrl-C reaches every process attached to it, and a new process group would
  // open a console window: there the worker stays in ours and gets Ctrl-C from the console itself.
  const ownGroup = process.platform !== 'win32';
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: PROJECT_DIR,
    stdio: 'inherit',
    detached: ownGroup,
    env: {
      ...process.env,
      PORT: String(workerPort),
      ATOZ_TLS_CERT: certificate.paths.cert,
      ATOZ_TLS_KEY: certificate.paths.key,
      ATOZ_CORS_ORIGINS: process.env.ATOZ_CORS_ORIGINS ?? origin,
      ATOZ_API_TOKEN: token,
    },
  });
  let signalled: NodeJS.Signals | undefined;
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === signalled ? 0 : 1))));
  return {
    process: child,
    stop(signal) {
      if (signalled || child.exitCode !== null) return;
      signalled = signal;
      if (ownGroup || signal !== 'SIGINT') child.kill(signal);
    },
    exited,
  };
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
