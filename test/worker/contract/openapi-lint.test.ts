import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testWorker } from '../helpers.js';

/**
 * The served /openapi.json passes Redocly's recommended rules: the locally installed @redocly/cli, no
 * config and no ignore file, offline (telemetry and update checks off; any connection it tried would be
 * recorded and refused by no-network.mjs).
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const REDOCLY = join(REPO, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const NO_NETWORK = pathToFileURL(fileURLToPath(new URL('./no-network.mjs', import.meta.url))).href;
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'atoz-openapi-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node SCRIPT ARGS` in the temp dir, offline; resolves to its exit code, output and attempted connections. */
async function offline(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; connections: string[] }> {
  const networkLog = join(dir, `network-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(networkLog, '');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir, // nothing of the user's (~/.redocly) is read or written
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    ATOZ_NETWORK_LOG: networkLog,
    NODE_OPTIONS: `--import ${NO_NETWORK}`,
  };
  const result = await run(process.execPath, [script, ...args], { cwd: dir, env, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  return { ...result, connections: readFileSync(networkLog, 'utf8').split('\n').filter(Boolean) };
}

describe('redocly lint (recommended rules) of the served OpenAPI document', () => {
  it('the offline guard records and refuses a connection (so its silence below means something)', async () => {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      "await fetch('http://127.0.0.1:65001/').catch((error) => console.log(error.cause?.code));\n" +
        "const { get } = await import('node:https');\n" +
        "await new Promise((done) => get('https://registry.npmjs.org/', done).on('error', (error) => done(console.log(error.code))));\n",
    );
    const result = await offline(probe, []);
    expect(result.connections).toEqual(['connect 127.0.0.1:65001', 'connect registry.npmjs.org:443']);
    expect(result.stdout).toBe('ENETUNREACH\nENETUNREACH\n');
  });

  it('has no error and no warning, with no ignore file', async () => {
    expect(existsSync(join(REPO, '.redocly.lint-ignore.yaml'))).toBe(false);
    expect(existsSync(join(REPO, 'redocly.yaml'))).toBe(false);
    const worker = await testWorker();
    const served = await worker.call('/openapi.json', { token: null });
    expect(served.status).toBe(200);
    const file = join(dir, 'openapi.json');
    writeFileSync(file, await served.text());

    const result = await offline(REDOCLY, ['lint', '--extends', 'recommended', '--format', 'json', file]);
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number; ignored: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(result.code).toBe(0);
    expect(result.connections).toEqual([]);
  });
});
