import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { xlsxAsCsv } from '../../shared/report/xlsx-rows.js';

const uncaught: Error[] = [];
const record = (error: Error) => uncaught.push(error);
afterEach(() => {
  process.off('uncaughtException', record);
});

describe('xlsxAsCsv', () => {
  it('reads a sheet after others (?sheet=, --sheet) without an uncaught error from the sheets it passes', async () => {
    process.on('uncaughtException', record);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['nothing here']);
    const claims = book.addWorksheet('Claims');
    claims.addRow(['order-id', 'claim-date']);
    claims.addRow(['111-0000002-0000002', 'x']);
    // exceljs writes the sheets before the shared strings: the reader keeps them in temporary files until it has those.
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const decoder = new TextDecoder();
    for (let i = 0; i < 100; i++) {
      let text = '';
      for await (const chunk of xlsxAsCsv(Readable.from([bytes]), 'Claims')) text += decoder.decode(chunk);
      expect(text).toBe('"order-id","claim-date"\n"111-0000002-0000002","x"\n');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uncaught.map((error) => error.message)).toEqual([]);
  });
});
