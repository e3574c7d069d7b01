import { Readable } from 'node:stream';
import { xlsxAsCsv } from '../shared/report/xlsx-rows.js';
import type { XlsxReader } from './app/import/xlsx-upload.js';

/** Node's .xlsx reader for uploads: exceljs reads the workbook by streaming (shared/report/xlsx-rows.ts). */
export const nodeXlsxReader: XlsxReader = (bytes, sheet) => xlsxAsCsv(Readable.from(bytes), sheet);
