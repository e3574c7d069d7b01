import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readSheetValue, sheetValue } from '../../shared/i18n/sheet-vocabulary.js';
import { columnHeader } from '../../shared/sheet/columns.js';
import { atoz } from '../helpers/cli.js';

const EXAMPLE = new URL('../../examples/orders-and-claims.csv', import.meta.url).pathname;
const AS_OF = ['--as-of', '2024-03-15T12:00:00-07:00'];
const tmp = mkdtempSync(join(tmpdir(), 'atoz-lang-'));

/** The JSON rows by order id: the codes, the machine contract. */
async function codes(): Promise<Map<string, Record<string, unknown>>> {
  const { stdout } = await atoz(['evaluate', EXAMPLE, ...AS_OF]);
  return new Map((JSON.parse(stdout) as { rows: Record<string, unknown>[] }).rows.map((r) => [r['orderId'] as string, r]));
}

describe('atoz evaluate in the operator\'s language', () => {
  it('--format csv --lang zh-CN: the status columns in Chinese words, each the engine\'s state', async () => {
    const rows = await codes();
    const { code, stdout, stderr } = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'csv', '--lang', 'zh-CN']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const table = Papa.parse<Record<string, string>>(stdout.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(table).toHaveLength(rows.size);
    for (const line of table) {
      const json = rows.get(line['amazon-order-id']!)!;
      expect(line['配送状态']).toBe(sheetValue('delivery', json['delivery'] as string, 'zh-CN'));
      expect(line['回复状态']).toBe(sheetValue('response', json['response'] as string, 'zh-CN'));
      expect(readSheetValue('nextAction', line['下一步']!)).toBe(json['nextAction']);
    }
    expect(table.map((l) => l['回复状态'])).toContain('已逾期');
  });

  it('--format csv --lang zh-TW: a row with a bad cell says what is wrong in Taiwan\'s words, the cell quoted as written', async () => {
    const file = join(tmp, 'bad-date.csv');
    const example = readFileSync(EXAMPLE, 'utf8');
    writeFileSync(file, example.replace('2024-03-01', '2024-02-30'));
    const { code, stdout } = await atoz(['evaluate', file, ...AS_OF, '--format', 'csv', '--lang', 'zh-TW']);
    expect(code).toBe(0);
    const table = Papa.parse<Record<string, string>>(stdout.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const errorColumn = Object.keys(table[0]!).at(-1)!;
    const said = table.map((line) => line[errorColumn]).filter((text) => text);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/"2024-02-30[^"]*" 不是實際存在的日期$/);
  });

  it('csv without --lang keeps the codes; a bad --lang is a usage error', async () => {
    const { stdout } = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'csv']);
    expect(stdout.split('\r\n', 1)[0]).toContain(',delivery,eligibility,');
    const bad = await atoz(['evaluate', EXAMPLE, '--format', 'csv', '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang must be one of en, zh-CN, zh-TW/);
  });

  it('json --labels: codes stay, labels in --lang beside them', async () => {
    const { stdout } = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--labels', '--lang', 'zh-TW']);
    const rows = (JSON.parse(stdout) as { rows: (Record<string, unknown> & { labels: Record<string, unknown> })[] }).rows;
    for (const row of rows) {
      expect(row.labels['delivery']).toBe(sheetValue('delivery', row['delivery'] as string, 'zh-TW'));
      expect(row.labels['nextAction']).toBe(sheetValue('nextAction', row['nextAction'] as string, 'zh-TW'));
    }
    const ndjson = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'ndjson', '--labels']);
    const first = JSON.parse(ndjson.stdout.split('\n')[0]!) as { labels: Record<string, string>; response: string };
    expect(first.labels['response']).toBe(sheetValue('response', first.response, 'en'));
  });

  it('--format xlsx --lang zh-TW: the workbook speaks Taiwan\'s Chinese', async () => {
    const out = join(tmp, 'zh-TW.xlsx');
    const { code, stderr } = await atoz(['evaluate', EXAMPLE, ...AS_OF, '--format', 'xlsx', '--out', out, '--lang', 'zh-TW', '--clock-zone', 'Asia/Taipei']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header).toContain(columnHeader('response', 'zh-TW'));
    expect(header).toContain(columnHeader('appealLastDay', 'zh-TW'));
    const dashboard = book.worksheets[1]!;
    expect(String(dashboard.getCell('A1').value)).toBe('A-to-z 索賠儀表板');
  });
});
