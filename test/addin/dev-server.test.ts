import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` (addin/dev-server.ts) as a user runs it: the pane and the worker over HTTPS with one dev
 * certificate, then stopped by Ctrl-C (SIGINT to the terminal's whole process group) or by SIGTERM to
 * the process alone. `--no-build` serves dist/addin as it is: the build is not what is tested here.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'dev-server-test-token';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** GET over HTTPS trusting only the given CA (as a browser that accepted the dev certificate). */
const getTrusting = (url: string, ca: Buffer) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });

async function startDevServer(options: { worker: boolean } = { worker: true }) {
  const [addinPort, workerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'atoz-dev-server-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'addin/dev-server.ts', '--no-build', ...(options.worker ? [] : ['--no-worker'])], {
    cwd: REPO,
    // Its own process group, like a shell's foreground job: a group SIGINT is what Ctrl-C sends.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ATOZ_ADDIN_PORT: String(addinPort), ATOZ_WORKER_PORT: String(workerPort), ATOZ_DATA_DIR: dataDir, ATOZ_API_TOKEN: TOKEN },
  });
  let output = '';
  // 'close', not 'exit': the output is whole only once the pipes are closed.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = (options.worker ? /listening on (\S+)/ : /task pane: (\S+)/).exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`npm start ended before it listened:\n${output}`)));
  });
  const workerUrl = await listening;
  const ca = options.worker ? readFileSync(/NODE_EXTRA_CA_CERTS=(\S+)/.exec(output)![1]!) : Buffer.alloc(0);
  return { child, exited, workerUrl, workerPort, addinPort, ca, output: () => output };
}

describe('npm start', () => {
  it('serves the worker over HTTPS with the pane\'s certificate; Ctrl-C stops both once, with one true message', async () => {
    const started = await startDevServer();
    expect(started.workerUrl).toBe(`https://127.0.0.1:${started.workerPort}`);
    expect(await getTrusting(`${started.workerUrl}/healthz`, started.ca)).toEqual({ status: 200, body: '{"status":"ok"}' });
    // The pane's server answers with the same certificate (a redirect to the pane).
    expect((await getTrusting(`https://localhost:${started.addinPort}/`, started.ca)).status).toBe(302);

    process.kill(-started.child.pid!, 'SIGINT');
    expect(await started.exited).toBe(0);
    const output = started.output();
    expect(output).not.toMatch(/exited with code/);
    expect(output.match(/atoz worker: SIGINT: finishing requests in flight/g)).toHaveLength(1);
    expect(output.match(/atoz worker: stopped/g)).toHaveLength(1);
    expect(output.match(/npm start: stopped/g)).toHaveLength(1);
  }, 60_000);

  it('SIGTERM to npm start alone is passed on to the worker: both stop cleanly', async () => {
    const started = await startDevServer();
    process.kill(started.child.pid!, 'SIGTERM');
    expect(await started.exited).toBe(0);
    const output = started.output();
    expect(output).not.toMatch(/exited with code/);
    expect(output.match(/atoz worker: SIGTERM: finishing requests in flight/g)).toHaveLength(1);
    expect(output).toContain('npm start: stopped\n');
    await expect(getTrusting(`${started.workerUrl}/healthz`, started.ca)).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);

  it('--no-worker: SIGTERM stops the pane alone, and nothing is said about a worker', async () => {
    const started = await startDevServer({ worker: false });
    process.kill(started.child.pid!, 'SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.output()).not.toMatch(/worker exited|the worker|worker:/);
    expect(started.output()).toMatch(/SIGTERM: stopping the task pane\nnpm start: stopped\n$/);
  }, 60_000);
});
