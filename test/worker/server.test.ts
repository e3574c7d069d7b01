import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCertificates } from 'office-addin-dev-certs/lib/generate.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../worker/app/token-hash.js';
import { settingsFromEnv, startWorker, type RunningWorker } from '../../worker/main.js';
import { openStore } from '../../worker/store/index.js';
import { atoz } from '../helpers/cli.js';
import { AS_OF, bigReport, EXAMPLE_PATH } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'server-test-token';
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-server-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('settings from the environment', () => {
  it('has the documented defaults and refuses bad values', () => {
    expect(settingsFromEnv({})).toEqual({
      port: 3001, // not the task pane's 3000: `npm run serve` and `npm start` put the worker at one address
      host: '127.0.0.1',
      apiToken: undefined,
      dataDir: './data',
      databaseUrl: undefined,
      corsOrigins: ['https://localhost:3000'],
      bodyLimitBytes: 256 * 1024 * 1024,
      shutdownGraceMs: 30_000,
      importThreads: Math.max(1, Math.min(availableParallelism() - 1, 8)),
      tls: undefined,
      backgroundNice: 10,
    });
    expect(settingsFromEnv({ ATOZ_CORS_ORIGINS: 'https://localhost:3000/, https://addin.example.com', PORT: '0' })).toMatchObject({
      port: 0,
      corsOrigins: ['https://localhost:3000', 'https://addin.example.com'],
    });
    expect(settingsFromEnv({ ATOZ_IMPORT_THREADS: '0' }).importThreads).toBe(0);
    expect(() => settingsFromEnv({ PORT: 'http' })).toThrow('PORT must be a whole number');
    expect(() => settingsFromEnv({ ATOZ_IMPORT_THREADS: 'many' })).toThrow('ATOZ_IMPORT_THREADS');
    expect(settingsFromEnv({ ATOZ_BACKGROUND_NICE: '0' }).backgroundNice).toBe(0);
    expect(() => settingsFromEnv({ ATOZ_BACKGROUND_NICE: '20' })).toThrow('ATOZ_BACKGROUND_NICE');
    expect(() => settingsFromEnv({ ATOZ_BODY_LIMIT_BYTES: '-1' })).toThrow('ATOZ_BODY_LIMIT_BYTES');
    expect(() => settingsFromEnv({ ATOZ_CORS_ORIGINS: 'https://localhost:3000/taskpane.html' })).toThrow('not an origin');
  });

  it('HTTPS needs both ATOZ_TLS_CERT and ATOZ_TLS_KEY, or neither', () => {
    expect(settingsFromEnv({ ATOZ_TLS_CERT: '/c.pem', ATOZ_TLS_KEY: '/k.pem' }).tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem' });
    expect(() => settingsFromEnv({ ATOZ_TLS_CERT: '/c.pem' })).toThrow('ATOZ_TLS_CERT is set but ATOZ_TLS_KEY is not');
    expect(() => settingsFromEnv({ ATOZ_TLS_KEY: '/k.pem' })).toThrow('ATOZ_TLS_KEY is set but ATOZ_TLS_CERT is not');
  });
});

describe('the Node server over HTTPS (ATOZ_TLS_CERT, ATOZ_TLS_KEY)', () => {
  it('serves HTTPS with the given certificate; a client that does not trust it gets told how', async () => {
    const dir = tempDir();
    const paths = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
    await generateCertificates(paths.ca, paths.cert, paths.key, 2, ['localhost', '127.0.0.1']);
    const worker = await startWorker(settingsFromEnv({ PORT: '0', ATOZ_API_TOKEN: TOKEN, ATOZ_DATA_DIR: dir, ATOZ_TLS_CERT: paths.cert, ATOZ_TLS_KEY: paths.key }), () => undefined);
    try {
      expect(worker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await new Promise<string>((resolve, reject) =>
        httpsGet(`${worker.url}/healthz`, { ca: readFileSync(paths.ca) }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
        }).on('error', reject),
      );
      expect(health).toBe('{"status":"ok"}');
      const untrusted = await atoz(['import', EXAMPLE_PATH, '--url', worker.url, '--token', TOKEN]);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/has a certificate this computer does not trust \(\w+\)\. For `npm start`'s development certificate, run with NODE_EXTRA_CA_CERTS/);
      const plain = await atoz(['import', EXAMPLE_PATH, '--url', worker.url.replace('https:', 'http:'), '--token', TOKEN]);
      expect(plain.code).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('a certificate file that cannot be read is a settings error (exit 2 for atoz serve), before anything listens', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.pem');
    await expect(startWorker(settingsFromEnv({ PORT: '0', ATOZ_DATA_DIR: dir, ATOZ_TLS_CERT: missing, ATOZ_TLS_KEY: missing }), () => undefined)).rejects.toThrow(
      `ATOZ_TLS_CERT: cannot read "${missing}" (ENOENT)`,
    );
    vi.stubEnv('ATOZ_TLS_CERT', missing);
    vi.stubEnv('ATOZ_TLS_KEY', missing);
    vi.stubEnv('ATOZ_DATA_DIR', dir);
    try {
      const served = await atoz(['serve', '--port', '0']);
      expect(served.code).toBe(2);
      expect(served.stderr).toContain(`ATOZ_TLS_CERT: cannot read "${missing}"`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the Node server', () => {
  it('serves the app over HTTP: health, a streamed import with the CLI, an order, a streamed evaluation', async () => {
    const dataDir = tempDir();
    const logs: string[] = [];
    const worker: RunningWorker = await startWorker({ ...settingsFromEnv({ PORT: '0', ATOZ_API_TOKEN: TOKEN, ATOZ_DATA_DIR: dataDir }) }, (line) => logs.push(line));
    try {
      expect(logs.join('\n')).toContain(`listening on ${worker.url}`);
      expect(await (await fetch(`${worker.url}/healthz`)).json()).toEqual({ status: 'ok' });

      const imported = await atoz(['import', EXAMPLE_PATH, '--url', worker.url, '--token', TOKEN]);
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/^imported .*orders-and-claims\.csv \(import [\w-]+\): 10 inserted, 0 updated, 0 unchanged, 0 rejected\n$/);

      const order = await fetch(`${worker.url}/v1/orders/111-0000004-0000004`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(order.status).toBe(200);
      expect(order.headers.get('etag')).toBe('"1"');

      const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF, '--format', 'ndjson']);
      const { createReadStream } = await import('node:fs');
      const { Readable } = await import('node:stream');
      const evaluated = await fetch(`${worker.url}/v1/evaluate?asOf=${encodeURIComponent(AS_OF)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/csv', Accept: 'application/x-ndjson' },
        body: Readable.toWeb(createReadStream(EXAMPLE_PATH)) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      expect(evaluated.headers.get('transfer-encoding')).toBe('chunked');
      expect(await evaluated.text()).toBe(cli.stdout);
    } finally {
      await worker.close();
    }
  });

  it('atoz import: exit 2 with the worker\'s reasons on a 4xx, 1 when the worker cannot be reached', async () => {
    const dataDir = tempDir();
    const worker = await startWorker(settingsFromEnv({ PORT: '0', ATOZ_API_TOKEN: TOKEN, ATOZ_DATA_DIR: dataDir, ATOZ_BODY_LIMIT_BYTES: '1000' }), () => undefined);
    try {
      const wrongToken = await atoz(['import', EXAMPLE_PATH, '--url', worker.url, '--token', 'nope']);
      expect(wrongToken.code).toBe(2);
      expect(wrongToken.stderr).toContain('the worker answered 401 Unauthorized: The bearer token is not valid.');

      const tooLarge = await atoz(['import', EXAMPLE_PATH, '--url', worker.url, '--token', TOKEN]);
      expect(tooLarge.code).toBe(2);
      expect(tooLarge.stderr).toContain('413 Payload too large');

      const file = join(dataDir, 'bad.csv');
      writeFileSync(file, 'order-id,purchase-date\n111-1111111-1111111,yesterday\n');
      const rejected = await atoz(['import', file, '--url', worker.url, '--token', TOKEN, '--json']);
      expect(rejected.code).toBe(0);
      expect(JSON.parse(rejected.stdout)).toMatchObject({ counts: { rejected: 1 }, errors: [{ line: 2, column: 'purchase-date' }] });

      const noFile = await atoz(['import', join(dataDir, 'missing.csv'), '--url', worker.url, '--token', TOKEN]);
      expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
      const noUrl = await atoz(['import', file, '--token', TOKEN]);
      expect(noUrl.code).toBe(2);
      const badOption = await atoz(['import', file, '--url', worker.url, '--token', TOKEN, '--date-order', 'YMD']);
      expect(badOption).toMatchObject({ code: 2, stderr: 'atoz: error: --date-order must be MDY or DMY, not "YMD"\n' });
    } finally {
      await worker.close();
    }
    const unreachable = await atoz(['import', EXAMPLE_PATH, '--url', worker.url, '--token', TOKEN]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toBe(
      `atoz: error: cannot reach the worker at ${worker.url}: nothing listens there (ECONNREFUSED) — is it running? \`npm start\` prints its address (as does \`npm run serve\`).\n`,
    );
  });

  it('atoz import: exit 1 with a clear word when what answers at --url is not the worker', async () => {
    // A server that hangs up on HTTP (as the task pane's HTTPS port does when spoken to in plain HTTP).
    const hangUp = createNetServer((socket) => socket.once('data', () => socket.destroy()));
    // A web server that is not the worker: HTML, no problem+json.
    const other = createServer((_request, response) => response.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>'));
    const urls = await Promise.all(
      [hangUp, other].map(
        (server) =>
          new Promise<string>((resolve) =>
            server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
          ),
      ),
    );
    try {
      const closed = await atoz(['import', EXAMPLE_PATH, '--url', urls[0]!, '--token', TOKEN]);
      expect(closed.code).toBe(1);
      expect(closed.stderr).toMatch(/^atoz: error: the server at http:\/\/127\.0\.0\.1:\d+ closed the connection without an HTTP answer \((UND_ERR_SOCKET|ECONNRESET)\): is that the worker's address\?/);
      expect(closed.stderr).toContain('`npm start` prints its address');

      const notWorker = await atoz(['import', EXAMPLE_PATH, '--url', `${urls[1]!}/`, '--token', TOKEN]);
      expect(notWorker.code).toBe(1);
      expect(notWorker.stderr).toBe(
        `atoz: error: ${urls[1]!} answered 404 Not Found without a problem+json body: is that the worker? \`npm start\` prints the worker's address (the task pane's port is not it)\n`,
      );
    } finally {
      hangUp.close();
      other.closeAllConnections();
      other.close();
    }
  });
});

/** Runs worker/main.ts as its own process (no tsx wrapper: the pid is the worker's). */
function spawnWorker(env: Record<string, string>): { child: ChildProcess; url: Promise<string>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: REPO,
    env: { ...process.env, PORT: '0', ATOZ_API_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`the worker exited before listening:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, output: () => output, exited };
}

/** Starts a chunked upload to /v1/imports; `send` writes more of the body, `end` finishes it. */
function startUpload(url: string) {
  const target = new URL('/v1/imports', url);
  let settle: (value: { status: number; body: string }) => void;
  const answer = new Promise<{ status: number; body: string }>((resolve) => (settle = resolve));
  const upload = request(target, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' } }, (response) => {
    let body = '';
    response.setEncoding('utf8').on('data', (s: string) => (body += s));
    response.on('end', () => settle({ status: response.statusCode!, body }));
  });
  upload.on('error', (error) => settle({ status: 0, body: String(error) }));
  return {
    answer,
    send: (bytes: Uint8Array) => new Promise<void>((done) => upload.write(bytes, () => done())),
    end: () => upload.end(),
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('graceful shutdown (SIGTERM to a worker process)', () => {
  it('stops accepting, lets the import in flight finish, closes the store and exits 0', async () => {
    const dataDir = tempDir();
    const worker = spawnWorker({ ATOZ_DATA_DIR: dataDir, ATOZ_SHUTDOWN_GRACE_MS: '20000' });
    const url = await worker.url;
    const report = bigReport(5000);
    const upload = startUpload(url);
    await upload.send(report.subarray(0, 200_000));
    await sleep(300); // the import has begun
    worker.child.kill('SIGTERM');
    await sleep(300);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow(); // no new connections
    await upload.send(report.subarray(200_000));
    upload.end();
    const answer = await upload.answer;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'committed', counts: { inserted: 5000 } });
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('SIGTERM: finishing requests in flight');
    expect(worker.output()).toContain('stopped');

    const store = await openStore({ dataDir });
    try {
      const account = await store.ensureTokenAccount(await sha256Hex(TOKEN), 'default', 'test');
      expect((await store.listOrders(account, null, 10_000)).items).toHaveLength(5000);
    } finally {
      await store.close();
    }
  });

  it('rolls back an import still running after the grace period: 503, the import failed, no orders', async () => {
    const dataDir = tempDir();
    const worker = spawnWorker({ ATOZ_DATA_DIR: dataDir, ATOZ_SHUTDOWN_GRACE_MS: '300' });
    const url = await worker.url;
    const upload = startUpload(url);
    await upload.send(bigReport(5000).subarray(0, 200_000));
    await sleep(300);
    worker.child.kill('SIGTERM'); // and the client stalls: it never sends the rest
    const answer = await upload.answer;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'urn:atoz-guard:problem:shutting-down' });
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('still running after 300 ms');

    const store = await openStore({ dataDir });
    try {
      const account = await store.ensureTokenAccount(await sha256Hex(TOKEN), 'default', 'test');
      expect((await store.listOrders(account, null, 10)).items).toHaveLength(0);
      expect(await store.cleanupStaleImports(0)).toBe(0); // nothing left staging: it was marked failed
    } finally {
      await store.close();
    }
  });

  it('atoz serve runs the same worker and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'serve', '--port', '0'], {
      cwd: REPO,
      env: { ...process.env, ATOZ_DATA_DIR: tempDir(), ATOZ_API_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      }),
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped');
  });
});
