import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locateHeader } from '../../addin/excel/find-table.js';
import { connectExcel } from '../../addin/excel/index.js';
import { syncTable } from '../../addin/excel/sync-sheet.js';
import { LOCALES } from '../../shared/i18n/locales.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { columnHeader } from '../../shared/sheet/columns.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { readSheet } from '../helpers/sample-sheets.js';
import { mockHost } from './mock-excel/index.js';
import { headerRow, rowsOfText, workbookOf } from './sheets.js';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');

/**
 * Sync and row help on a sheet flagged in each language: our columns (in whatever language) are never
 * taken for the report's or the operators' columns, and the row's help is the engine's.
 */
describe('a sheet flagged in any language', () => {
  for (const language of LOCALES) {
    it(`${language}: row help reads the row, sync sees only the report's columns`, async () => {
      const model = workbookOf(rowsOfText(EXAMPLE));
      await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF, language });
      const sheet = model.sheets[0]!;
      const { headers, items } = await readSheet(EXAMPLE, DEFAULT_POLICY);

      model.selection = { row: 4, column: 3 };
      const help = await connectExcel(mockHost(model)).readSelectedRowHelp({ asOf: AS_OF });
      expect(help).toMatchObject({ kind: 'row', sheetRow: 5, result: evaluateRow(items.find((i) => i.line === 5)!.row!, DEFAULT_POLICY, AS_OF, 5) });

      const all = headerRow(sheet);
      expect(all).toContain(columnHeader('response', language));
      expect(all).toContain(columnHeader('claimStatus', language)); // a helper, which names a report column's meaning
      const rect = sheet.usedRect();
      const location = locateHeader(sheet.read({ r1: 0, c1: 0, r2: Math.min(9, rect.r2), c2: rect.c2 }), { sheetName: 'Orders', firstRow: 1, lastRow: rect.r2 + 1, firstColumn: 0, lastColumn: rect.c2 }, {});
      const table = syncTable(location);
      const reportHeaders = table.reportColumns.map((c) => c.header);
      // Only the report's own columns: none of ours (status or helper), in this or any language.
      for (const header of all.slice(headers.length)) expect(reportHeaders).not.toContain(header);
      expect(reportHeaders.length).toBeGreaterThan(0);
      expect(reportHeaders.every((h) => headers.includes(h))).toBe(true);
    });
  }
});
