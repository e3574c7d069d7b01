import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvaluationSchema } from '../../shared/schemas/statuses.js';
import { atoz, FIXTURES } from '../helpers/cli.js';

const EXAMPLE = new URL('../../examples/orders-and-claims.csv', import.meta.url).pathname;
const AS_OF = ['--as-of', '2024-03-15T12:00:00-07:00'];
const tmp = mkdtempSync(join(tmpdir(), 'atoz-cli-'));

describe('atoz evaluate --format json', () => {
  it('prints the contract shape with every row evaluated', async () => {
    const { code, stdout, stderr } = await atoz(['evaluate', EXAMPLE, ...AS_OF]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = EvaluationSchema.parse(JSON.parse(stdout));
    expect(result.asOf).toBe('2024-03-15T19:00:00.000Z');
    expect(result.rows).toHaveLength(10);
    expect(result.errors).toEqual([]);
    const byId = Object.fromEntries(result.rows.map((r) => [r.orderId, r]));
    // max EDD 2024-03-13, as of 03-15: within the 3 grace days
    expect(byId['111-0000002-0000002']).toMatchObject({ line: 3, delivery: 'at_risk', nextAction: 'check_carrier' });
    // max EDD 03-06, as of 03-15: more than 3 days past
    expect(byId['111-0000003-0000003']).toMatchObject({ delivery: 'late', nextAction: 'contact_buyer' });
    // claim 03-13 16:00 PDT + 72 h = 03-16 23:00Z, more than 24 h after 03-15 19:00Z
    expect(byId['111-0000004-0000004']).toMatchObject({ response: 'due', responseDueAt: '2024-03-16T23:00:00.000Z', odrDefect: true });
    // claim 03-12 08:00 PDT + 72 h = 03-15 15:00Z, before as-of
    expect(byId['111-0000005-0000005']).toMatchObject({ response: 'overdue', nextAction: 'respond_overdue' });
    expect(byId['111-0000006-0000006']).toMatchObject({ response: 'due', nextAction: 'submit_to_amazon' });
    // decision 2024-02-20 + 30 days = 2024-03-21
    expect(byId['111-0000007-0000007']).toMatchObject({ appeal: 'open', appealLastDay: '2024-03-21', nextAction: 'appeal' });
    expect(byId['111-0000008-0000008']).toMatchObject({ eligibility: 'ineligible', eligibilityReasons: ['digital_item'] });
    expect(byId['111-0000009-0000009']).toMatchObject({ delivery: 'cancelled' });
    expect(byId['249-0000010-0000010']).toMatchObject({ timeZone: 'Asia/Tokyo', delivery: 'late' });
    // window 2024-01-02..2024-03-01 (as-of day 03-15 − 73 … − 14): orders 1,3,4,5,6,7 placed in it
    expect(result.summary.odr).toMatchObject({
      windowStart: '2024-01-02',
      windowEnd: '2024-03-01',
      orders: 6,
      ordersWithDefects: 4,
      afn: { orders: 1, ordersWithDefects: 1 },
      mfn: { orders: 5, ordersWithDefects: 3 },
    });
    expect(result.summary.odr.rate).toBeCloseTo(4 / 6, 4);
  });

  it('reads Chinese headers and values', async () => {
    const file = new URL('../../examples/claims-zh.csv', import.meta.url).pathname;
    const { code, stdout } = await atoz(['evaluate', file, ...AS_OF]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r: { orderId: string }) => r.orderId)).toEqual(['111-0000011-0000011', '111-0000012-0000012', '111-0000013-0000013']);
    expect(result.rows[0]).toMatchObject({ response: 'due', eligibility: 'eligible' });
    expect(result.rows[1]).toMatchObject({ appeal: 'open', odrDefect: true });
  });

  it('reports bad cells with line, column and the accepted values, and evaluates the rest', async () => {
    const csv = [
      'order-id,purchase-date,claim-date,claim-reason,feedback-rating,latest-delivery-date',
      '111-1111111-1111111,2024-03-01,,,,2024-03-08',
      '111-2222222-2222222,2024-03-01,2024-03-10,lost in space,,2024-03-08',
      '111-3333333-3333333,yesterday,,,9,2024-03-08',
      '111-4444444-4444444,01/02/2024,,,,2024-03-08',
    ].join('\n');
    const { code, stdout, stderr } = await atoz(['evaluate', '-', ...AS_OF], csv);
    expect(code).toBe(0);
    expect(stderr).toContain('3 of 4 rows have bad cells');
    const result = JSON.parse(stdout);
    expect(result.rows.map((r: { line: number }) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([
      { line: 3, column: 'claim-reason', message: expect.stringContaining('not_received') },
      { line: 4, column: 'purchase-date', message: expect.stringContaining('"yesterday" is not a date') },
      { line: 4, column: 'feedback-rating', message: expect.stringContaining('1 to 5') },
      { line: 5, column: 'purchase-date', message: expect.stringContaining('MDY or DMY') },
    ]);
    const mdy = JSON.parse((await atoz(['evaluate', '-', ...AS_OF, '--date-order', 'MDY'], csv)).stdout);
    expect(mdy.rows.map((r: { line: number }) => r.line)).toEqual([2, 5]);
  });
});

describe('atoz evaluate --format ndjson and csv', () => {
  it('ndjson: one typed object a line, the summary last', async () => {
    const { code, stdout } = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'ndjson']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'row')).toHaveLength(10);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', asOf: '2024-03-15T19:00:00.000Z', summary: { odr: { orders: 6 } } });
  });

  it('csv: input columns plus statuses, BOM, quotes kept, no formula can run', async () => {
    const csv = [
      'order-id,product-name,ship-promotion-discount,note,latest-delivery-date',
      '111-1111111-1111111,"Pillow 12"" x 18"", white",-3.85,"=HYPERLINK(""http://evil"",""click"")",2024-03-08',
      '111-2222222-2222222,加湿器,0,@SUM(A1),2024-99-01',
    ].join('\r\n');
    const out = join(tmp, 'out.csv');
    const { code } = await atoz(['evaluate', '-', ...AS_OF, '--format', 'csv', '--out', out], csv);
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFForder-id,product-name,ship-promotion-discount,note,latest-delivery-date,delivery,eligibility,')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Pillow 12"" x 18"", white",-3.85,"\'=HYPERLINK(""http://evil"",""click"")",2024-03-08,late,eligible');
    expect(lines[2]).toContain(",加湿器,0,'@SUM(A1),2024-99-01,,,");
    expect(lines[2]).toContain('"latest-delivery-date: ""2024-99-01"" is not a real calendar date"');
  });

  it('csv: a second run over its own output replaces the status columns instead of repeating them', async () => {
    const first = join(tmp, 'first.csv');
    await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'csv', '--out', first]);
    const second = join(tmp, 'second.csv');
    const { code } = await atoz(['evaluate', first, ...AS_OF, '--format', 'csv', '--out', second]);
    expect(code).toBe(0);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
  });
});

describe('atoz evaluate: unusable input and arguments exit 2 with one clear message', () => {
  const cases: [string, string[], string, RegExp][] = [
    ['a report without its header line', ['evaluate', '-'], '114-4892924-3377867\t2020-02-18T05:05:21+00:00\tShipped\n', /no header line: line 1 already holds order data \(114-4892924-3377867\)/],
    ['a JSON document', ['evaluate', `${FIXTURES}airbyte-seller-performance-report-odr.json.txt`], '', /JSON document/],
    ['no order id column', ['evaluate', '-'], 'sku,price\nA1,3\n', /No order id column found.*amazon-order-id/],
    ['an empty file', ['evaluate', '-'], '', /empty/],
    ['a missing file', ['evaluate', join(tmp, 'nope.tsv')], '', /no such file/],
    ['an unknown option', ['evaluate', EXAMPLE, '--colour'], '', /--colour/],
    ['a bad format', ['evaluate', EXAMPLE, '--format', 'xml'], '', /json, ndjson, csv or xlsx/],
    ['a bad --as-of', ['evaluate', EXAMPLE, '--as-of', 'soon'], '', /--as-of/],
    ['an unknown time zone', ['evaluate', EXAMPLE, '--time-zone', 'Mars/Olympus'], '', /timeZone: not an IANA time zone/],
    ['an unknown command', ['frobnicate'], '', /unknown command/],
  ];
  for (const [name, argv, stdin, message] of cases) {
    it(name, async () => {
      const { code, stdout, stderr } = await atoz(argv, stdin);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('a policy file with a bad value or an unknown key', async () => {
    const policy = join(tmp, 'policy.json');
    writeFileSync(policy, JSON.stringify({ responseWindowHours: -1, lateGrace: 3 }));
    const { code, stderr } = await atoz(['evaluate', EXAMPLE, '--policy', policy]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/responseWindowHours/);
    expect(stderr).toMatch(/lateGrace/);
  });

  it('a policy file changes the rules', async () => {
    const policy = join(tmp, 'policy48.json');
    writeFileSync(policy, JSON.stringify({ responseWindowHours: 48 }));
    const result = JSON.parse((await atoz(['evaluate', EXAMPLE, ...AS_OF, '--policy', policy])).stdout);
    const row = result.rows.find((r: { orderId: string }) => r.orderId === '111-0000004-0000004');
    // claim 03-13 16:00 PDT + 48 h = 03-15 23:00Z: 4 h left at 19:00Z
    expect(row).toMatchObject({ responseDueAt: '2024-03-15T23:00:00.000Z', response: 'due_soon', nextAction: 'respond_now' });
  });
});

describe('atoz evaluate --format xlsx', () => {
  it('writes the flagged workbook with its status columns, live rules and dashboard', async () => {
    const out = join(tmp, 'flagged.xlsx');
    const { code, stderr } = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'xlsx', '--out', out, '--clock-zone', 'Asia/Shanghai']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const data = book.worksheets[0]!;
    const header = (data.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header.slice(0, 3)).toEqual(['amazon-order-id', 'purchase-date', 'order-status']);
    expect(header).toContain('Next action');
    const nextActionColumn = header.indexOf('Next action') + 1;
    // line 6 of the file is 111-0000005-0000005: its claim was overdue on 2024-03-15 (see the JSON test)
    expect(String(data.getRow(6).getCell(nextActionColumn).value)).toMatch(/respond_overdue|Respond now/i);
    expect(book.worksheets.some((s) => /dashboard/i.test(s.name))).toBe(true);
  });

  it('needs --out and a real clock zone', async () => {
    expect((await atoz(['evaluate', EXAMPLE, '--format', 'xlsx'])).code).toBe(2);
    const bad = await atoz(['evaluate', EXAMPLE, '--format', 'xlsx', '--out', join(tmp, 'x.xlsx'), '--clock-zone', 'Mars/Base']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--clock-zone/);
  });
});
