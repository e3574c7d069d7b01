import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atoz } from '../helpers/cli.js';

const EXAMPLE = new URL('../../examples/orders-and-claims.csv', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'atoz-messages-'));

/** A message the user sees names what is wrong and what to do next, on one line, with the documented exit code. */
describe('atoz messages say what to do next', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option points to the command’s help', ['evaluate', EXAMPLE, '--colour'], /--colour.*\(atoz evaluate --help lists its options\)/],
    ['an unknown command lists the commands', ['frobnicate'], /unknown command "frobnicate": use evaluate, import, serve, accounts or alerts/],
    ['a missing file says to check the path', ['evaluate', join(tmp, 'nope.tsv')], /no such file \(check the path/],
    ['a bad policy value points to the rule book', ['evaluate', EXAMPLE, '--time-zone', 'Mars/Olympus'], /timeZone: not an IANA time zone.*Fix the --policy file or --time-zone \(docs\/rules\.md/],
    ['an account without a name shows how to name one', ['accounts', 'add', ' '], /atoz accounts add "Shop A"/],
  ];
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const { code, stdout, stderr } = await atoz(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('a policy file that is not an object shows one that is', async () => {
    const policy = join(tmp, 'policy.json');
    writeFileSync(policy, '[48]');
    const { code, stderr } = await atoz(['evaluate', EXAMPLE, '--policy', policy]);
    expect(code).toBe(2);
    expect(stderr).toContain('must hold a JSON object, such as {"responseWindowHours": 48}');
  });

  it('rows with bad cells: the count, and where each format lists them', async () => {
    const sheet = 'amazon-order-id,purchase-date,claim-reason\n111-0000001-0000001,2024-03-01,lost in space\n111-0000002-0000002,2024-03-02,\n';
    const csv = await atoz(['evaluate', '-', '--format', 'csv'], sheet);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain("1 of 2 rows have bad cells and were not evaluated: the row's row-errors column says which cell");
    const json = await atoz(['evaluate', '-'], sheet);
    expect(json.stderr).toContain('the output\'s "errors" list says which cell');
  });

  it('atoz serve on a port in use exits 1 and says how to choose another', async () => {
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
    const { port } = holder.address() as { port: number };
    const saved = process.env.ATOZ_DATA_DIR;
    process.env.ATOZ_DATA_DIR = mkdtempSync(join(tmp, 'data-'));
    try {
      const { code, stderr } = await atoz(['serve', '--port', String(port), '--host', '127.0.0.1']);
      expect(code).toBe(1);
      expect(stderr).toBe(`atoz: error: 127.0.0.1:${port} is in use: choose another with --port N / --host HOST (or PORT / HOST), or stop what listens there\n`);
    } finally {
      if (saved === undefined) delete process.env.ATOZ_DATA_DIR;
      else process.env.ATOZ_DATA_DIR = saved;
      holder.close();
    }
  });

  describe('a store that cannot be reached', () => {
    const saved = process.env.DATABASE_URL;
    afterEach(() => {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    });
    it('exits 1 and says where to look (not an internal error)', async () => {
      // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
      process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';
      const { code, stderr } = await atoz(['accounts', 'list']);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^atoz: error: the PostgreSQL server of DATABASE_URL failed \(ECONNREFUSED/);
      expect(stderr).toContain("Check that it is running and that DATABASE_URL or ATOZ_DATA_DIR is the worker's.");
      expect(stderr).not.toContain('internal error');
    });
  });
});
