#!/usr/bin/env node
/**
 * The worker on Node: reads its settings from the environment, opens the store, serves the Hono app
 * (worker/app, runtime-neutral) with @hono/node-server, and shuts down gracefully on SIGTERM/SIGINT.
 * The only place in the worker that reads the clock and the environment.
 */
import { readFileSync, realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { serve } from '@hono/node-server';
import { startAlerts } from './alerts/start.js';
import { createApp } from './app/create-app.js';
import { sha256Hex } from './app/token-hash.js';
import { openStore } from './store/index.js';
import { ReaderThreads } from './threads/reader-threads.js';
import { DEFAULT_BACKGROUND_NICE } from './threads/thread-priority.js';
import { nodeXlsxReader } from './xlsx-reader.js';
import { nodeXlsxRenderer } from './xlsx-renderer.js';

export interface WorkerSettings {
  port: number;
  host: string;
  /** Token of the default seller account (ATOZ_API_TOKEN); only its SHA-256 is stored. */
  apiToken: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  corsOrigins: string[];
  bodyLimitBytes: number;
  /** How long shutdown waits for requests in flight before stopping them (imports then roll back). */
  shutdownGraceMs: number;
  /** Import reader threads at most (ATOZ_IMPORT_THREADS; 0: imports are read on the event loop). */
  importThreads: number;
  /**
   * HTTPS: paths of a PEM certificate and key (ATOZ_TLS_CERT, ATOZ_TLS_KEY, both or neither). Without
   * them the worker speaks plain HTTP, which only a loopback address or a TLS reverse proxy in front
   * makes reachable from the task pane (Safari and Excel for Mac refuse http from an https page).
   */
  tls: { certFile: string; keyFile: string } | undefined;
  /** Nice value of the import reader threads and the SQLite writer thread (ATOZ_BACKGROUND_NICE; 0: the process's). */
  backgroundNice: number;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** The worker's port: not the task pane's 3000, so `npm start` and `npm run serve` agree on one address. */
export const DEFAULT_PORT = 3001;
/** An import staging without a new line for this long belongs to a worker that died: marked failed at start. */
const STALE_IMPORT_MS = 15 * 60_000;
/**
 * One reader thread per core but one (at least 1, at most 8): an import's parsing is most of its CPU, and the
 * core left keeps the event loop and the SQLite writer going. One import uses one thread, so this only limits
 * how many imports are parsed at once; more wait for a thread. 8 concurrent imports on 2 cores: with 2 threads
 * /healthz p99 40.8 ms, imports 110 s; with 1, p99 26.7 ms, imports 89 s (docs/worker-reliability.md).
 */
const DEFAULT_IMPORT_THREADS = Math.max(1, Math.min(availableParallelism() - 1, 8));
/** After the grace period, how long stopped requests get to answer before their connections are cut. */
const STOP_WAIT_MS = 5_000;

export function settingsFromEnv(env: Record<string, string | undefined>): WorkerSettings {
  return {
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65_535),
    host: env.HOST || '127.0.0.1',
    apiToken: env.ATOZ_API_TOKEN || undefined,
    dataDir: env.ATOZ_DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    corsOrigins: origins(env.ATOZ_CORS_ORIGINS ?? 'https://localhost:3000'),
    bodyLimitBytes: integer(env, 'ATOZ_BODY_LIMIT_BYTES', 256 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
    shutdownGraceMs: integer(env, 'ATOZ_SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
    importThreads: integer(env, 'ATOZ_IMPORT_THREADS', DEFAULT_IMPORT_THREADS, 0, 64),
    tls: tlsFiles(env),
    backgroundNice: integer(env, 'ATOZ_BACKGROUND_NICE', DEFAULT_BACKGROUND_NICE, 0, 19),
  };
}

function tlsFiles(env: Record<string, string | undefined>): WorkerSettings['tls'] {
  const certFile = env.ATOZ_TLS_CERT || undefined;
  const keyFile = env.ATOZ_TLS_KEY || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    const [given, missing] = certFile ? ['ATOZ_TLS_CERT', 'ATOZ_TLS_KEY'] : ['ATOZ_TLS_KEY', 'ATOZ_TLS_CERT'];
    throw new SettingsError(`${given} is set but ${missing} is not: HTTPS needs both the certificate and its key (PEM files), or neither for plain HTTP`);
  }
  return { certFile, keyFile };
}

/** Reads the certificate and key named by the settings; a missing or unreadable file is a SettingsError. */
function readTls(tls: NonNullable<WorkerSettings['tls']>): { cert: Buffer; key: Buffer } {
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new SettingsError(`${name}: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): give the path of a PEM file this user may read`);
    }
  };
  return { cert: read('ATOZ_TLS_CERT', tls.certFile), key: read('ATOZ_TLS_KEY', tls.keyFile) };
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new SettingsError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

function origins(list: string): string[] {
  return list
    .split(',')
    .map((item) => item.trim().replace(/\/+$/, ''))
    .filter(Boolean)
    .map((origin) => {
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        throw new SettingsError(`ATOZ_CORS_ORIGINS: "${origin}" is not an origin such as https://localhost:3000`);
      }
      if (parsed.origin !== origin) throw new SettingsError(`ATOZ_CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path)`);
      return origin;
    });
}

export interface RunningWorker {
  url: string;
  port: number;
  /** Stops accepting connections, lets requests in flight finish (or stops them after the grace period), closes the store. */
  close(): Promise<void>;
}

export async function startWorker(settings: WorkerSettings, log: (line: string) => void = (line) => console.log(line)): Promise<RunningWorker> {
  // Before the store opens: a bad certificate path is a settings error, not a half-started worker.
  const tls = settings.tls && readTls(settings.tls);
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl, writerNice: settings.backgroundNice });
  const readers = new ReaderThreads({ threads: settings.importThreads, nice: settings.backgroundNice });
  let server: Server | undefined;
  let started: Awaited<ReturnType<typeof startAlerts>> | undefined;
  try {
    await readers.start();
    const stale = (await store.reclaimAbandonedImports()) + (await store.cleanupStaleImports(STALE_IMPORT_MS));
    if (stale > 0) log(`atoz worker: ${stale} unfinished import${stale > 1 ? 's' : ''} of a stopped worker marked failed`);
    if (settings.apiToken) {
      await store.ensureTokenAccount(await sha256Hex(settings.apiToken), 'default', 'ATOZ_API_TOKEN');
    } else {
      const tokens = (await store.listAccounts()).reduce((sum, account) => sum + account.tokens, 0);
      if (tokens === 0) log('atoz worker: no ATOZ_API_TOKEN set and no token in the store: every /v1 request is refused (401) until one is made (atoz accounts add NAME)');
    }

    const alerts = (started = startAlerts({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl }, store, process.env, log));
    const stopping = new AbortController();
    const app = createApp({
      alerts,
      store,
      corsOrigins: settings.corsOrigins,
      bodyLimitBytes: settings.bodyLimitBytes,
      now: () => Date.now(),
      shutdown: stopping.signal,
      logError: (error, context) => console.error(`atoz worker: ${context}:`, error),
      renderXlsx: nodeXlsxRenderer,
      readXlsx: nodeXlsxReader,
      readImport: readers.readImport,
    });
    server = await listen(app.fetch, settings, tls);
    const inFlight = trackRequests(server);
    const { port } = server.address() as AddressInfo;
    const url = `${tls ? 'https' : 'http'}://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
    log(`atoz worker listening on ${url} (store: ${store.dialect === 'postgres' ? 'PostgreSQL' : `SQLite in ${settings.dataDir}`})`);

    const running = server;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((done) => running.close(() => done()));
        running.closeIdleConnections();
        if (!(await inFlight.settled(settings.shutdownGraceMs))) {
          log(`atoz worker: ${inFlight.count()} request(s) still running after ${settings.shutdownGraceMs} ms: stopping them (imports roll back)`);
          stopping.abort();
          await inFlight.settled(STOP_WAIT_MS);
          running.closeAllConnections();
        }
        running.closeIdleConnections();
        await closed;
        await readers.close();
        await alerts.close();
        await store.close();
      })());
    return { url, port, close };
  } catch (error) {
    server?.close();
    await readers.close();
    await started?.close();
    await store.close();
    throw error;
  }
}

function listen(fetch: (request: Request) => Response | Promise<Response>, settings: WorkerSettings, tls: { cert: Buffer; key: Buffer } | undefined): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const options = { fetch, port: settings.port, hostname: settings.host };
    // An https.Server has the same request/close API as http.Server (closeIdleConnections included).
    const https = tls ? { createServer: createHttpsServer, serverOptions: tls } : {};
    let server: Server;
    try {
      server = serve({ ...options, ...https }, () => resolveServer(server)) as Server;
    } catch (error) {
      // A certificate and key that do not match (or are not PEM) fail when the TLS context is made.
      reject(new SettingsError(`ATOZ_TLS_CERT / ATOZ_TLS_KEY: ${(error as Error).message}`));
      return;
    }
    server.once('error', reject);
  });
}

/** Counts requests whose response has not finished, and waits for none to be left. */
function trackRequests(server: Server) {
  let count = 0;
  const waiters = new Set<() => void>();
  server.on('request', (_request, response) => {
    count++;
    response.once('close', () => {
      count--;
      // A kept-alive connection of a closing server is closed once its request is done.
      if (!server.listening) server.closeIdleConnections();
      if (count === 0) for (const wake of waiters) wake();
    });
  });
  return {
    count: () => count,
    /** true if no request is left within `ms`. */
    settled(ms: number): Promise<boolean> {
      if (count === 0) return Promise.resolve(true);
      return new Promise((done) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          done(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          done(false);
        }, ms);
        waiters.add(wake);
      });
    },
  };
}

/**
 * Takes SIGTERM and SIGINT from now on: set before the worker starts, so a signal while it starts is kept (without a
 * handler the system's default would end the process at once) and stops it as soon as it is up.
 */
export function catchSignals() {
  let pending: NodeJS.Signals | undefined;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const handler = (signal: NodeJS.Signals) => (onSignal ? onSignal(signal) : (pending ??= signal));
  process.on('SIGTERM', handler).on('SIGINT', handler);
  const release = () => void process.off('SIGTERM', handler).off('SIGINT', handler);
  return {
    /** No worker to stop (it failed to start): the signals are the system's again. */
    release,
    /** Runs until SIGTERM or SIGINT (or one that came while starting), then shuts down gracefully; a second signal exits at once. */
    closeOn(worker: RunningWorker, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
      return new Promise((done, fail) => {
        onSignal = (signal) => {
          release();
          process.once('SIGTERM', () => process.exit(1)).once('SIGINT', () => process.exit(1));
          log(`atoz worker: ${signal}: finishing requests in flight, then stopping`);
          worker.close().then(() => {
            log('atoz worker: stopped');
            done();
          }, fail);
        };
        if (pending) onSignal(pending);
      });
    },
  };
}

/**
 * Lets the V8 heap grow to twice its live data between full collections rather than up to 4x: the worker's
 * live data stays small (reports are streamed), and the default growth alone took a 1,000,000-row
 * /v1/evaluate past 256 MB of RSS (241-270 MB; 192 MB with this, in the same time). A flag for the whole
 * process, read at each collection; the process entries (this file's main, `atoz serve`) set it.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=100');
}

async function main(): Promise<void> {
  limitHeapGrowth();
  let settings: WorkerSettings;
  try {
    settings = settingsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`atoz worker: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  let worker: RunningWorker;
  const signals = catchSignals();
  try {
    worker = await startWorker(settings);
  } catch (error) {
    signals.release();
    if (!(error instanceof SettingsError)) throw error;
    console.error(`atoz worker: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  await signals.closeOn(worker);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error) => {
    console.error('atoz worker: failed to start:', error);
    process.exitCode = 1;
  });
}
