import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app/create-app.js';
import { openStore } from '../../worker/store/index.js';
import { EXAMPLE } from '../worker/helpers.js';
import { atoz } from '../helpers/cli.js';

/** `atoz accounts` on a store in a temp ATOZ_DATA_DIR, checked through the worker's app on the same store. */
describe('atoz accounts', () => {
  let dataDir: string;
  const saved = { ATOZ_DATA_DIR: process.env.ATOZ_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'atoz-accounts-'));
    process.env.ATOZ_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Status of GET /v1/summary with the token, and of a report import with it. */
  async function useToken(token: string): Promise<{ summary: number; imported?: number }> {
    const store = await openStore({ dataDir });
    try {
      const app = createApp({ store, corsOrigins: [], bodyLimitBytes: 1 << 20, now: () => Date.parse('2024-03-15T19:00:00Z'), logError: () => {} });
      const headers = { Authorization: `Bearer ${token}` };
      const summary = (await app.request('/v1/summary', { headers })).status;
      if (summary !== 200) return { summary };
      const imported = (await app.request('/v1/imports', { method: 'POST', headers: { ...headers, 'Content-Type': 'text/csv' }, body: EXAMPLE })).status;
      return { summary, imported };
    } finally {
      await store.close();
    }
  }

  it('adds accounts with a token each, adds and revokes tokens, and lists them', async () => {

    const added = await atoz(['accounts', 'add', 'Shop A', '--json']);
    expect(added.code).toBe(0);
    const shopA = JSON.parse(added.stdout) as { id: string; name: string; token: string };
    expect(shopA).toMatchObject({ name: 'Shop A', token: expect.stringMatching(/^atoz_[A-Za-z0-9_-]{43}$/) });
    const human = await atoz(['accounts', 'add', 'Shop B']);
    expect(human.stdout).toMatch(/^account [0-9a-f-]{36} "Shop B"\ntoken {3}atoz_\S{43}\n/);

    expect((await atoz(['accounts', 'list'])).stdout).toMatch(/(^|\n)[0-9a-f-]{36} {2}"Shop A" {2}1 token {2}created /);
    const second = JSON.parse((await atoz(['accounts', 'token', shopA.id, '--label', 'laptop', '--json'])).stdout) as { token: string };
    expect(second.token).not.toBe(shopA.token);
    const listed = JSON.parse((await atoz(['accounts', 'list', '--json'])).stdout) as { name: string; tokens: number }[];
    expect(listed.map((a) => [a.name, a.tokens]).sort()).toEqual([
      ['Shop A', 2],
      ['Shop B', 1],
    ]);

    // Both tokens of A work; after revoking one, only the other does.
    expect(await useToken(shopA.token)).toEqual({ summary: 200, imported: 201 });
    expect(await useToken(second.token)).toEqual({ summary: 200, imported: 201 });
    expect((await atoz(['accounts', 'revoke', shopA.token])).stdout).toBe('token revoked\n');
    expect((await useToken(shopA.token)).summary).toBe(401);
    expect((await useToken(second.token)).summary).toBe(200);
    // The token from standard input (kept out of the process list).
    expect(await atoz(['accounts', 'revoke', '-'], `${second.token}\n`)).toMatchObject({ code: 0, stdout: 'token revoked\n' });
    expect((await useToken(second.token)).summary).toBe(401);
    // The store never holds a token itself.
    const store = await openStore({ dataDir });
    try {
      expect(JSON.stringify(await store.listAccounts())).not.toContain(second.token);
    } finally {
      await store.close();
    }
  });

  it('refuses unknown accounts and tokens and bad arguments with exit code 2', async () => {
    // Only add may start a store: list in a folder without one points at ATOZ_DATA_DIR and creates nothing.
    expect(await atoz(['accounts', 'list'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no store at') });
    expect(existsSync(join(dataDir, 'atoz.sqlite'))).toBe(false);
    expect((await atoz(['accounts', 'add', '   '])).code).toBe(2);
    expect(existsSync(join(dataDir, 'atoz.sqlite'))).toBe(false);
    expect((await atoz(['accounts', 'add', 'Shop'])).code).toBe(0);
    expect((await atoz(['accounts', 'revoke', '-'], '\n')).code).toBe(2);
    expect(await atoz(['accounts', 'token', 'no-such-account'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no account no-such-account') });
    expect(await atoz(['accounts', 'revoke', 'atoz_nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such token') });
    expect((await atoz(['accounts'])).code).toBe(2);
    expect((await atoz(['accounts', 'add'])).code).toBe(2);
    expect((await atoz(['accounts', 'list', 'extra'])).code).toBe(2);
    expect((await atoz(['accounts', '--help'])).stdout).toContain('Usage: atoz accounts');
  });
});
