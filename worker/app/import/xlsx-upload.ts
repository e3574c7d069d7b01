import { ReportError } from '../../../shared/report/read-report.js';
import { HttpProblem } from '../problem.js';
import type { Upload } from '../body/upload.js';

/**
 * Reads an .xlsx workbook's bytes as the CSV text of its first sheet, or of `sheet` (worker/xlsx-reader.ts on
 * Node: exceljs, streaming; date cells as wall-clock dates, row N = line N).
 */
export type XlsxReader = (bytes: AsyncIterable<Uint8Array>, sheet: string | undefined) => AsyncIterable<Uint8Array>;

const joined = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
};

/** A ZIP archive's first bytes: an .xlsx workbook is one (ECMA-376 Part 2, Open Packaging Conventions). */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * An upload that is an .xlsx workbook (a claim sheet saved from Excel) becomes the CSV text of its first sheet,
 * or of `sheet`, read by streaming (shared/report/xlsx-rows.ts: date cells as wall-clock dates, row N = line N).
 * Any other upload passes unchanged; `sheet` with one that is not a workbook is a ReportError (422).
 */
export async function openXlsxUpload(upload: Upload, sheet: string | undefined, readXlsx: XlsxReader | undefined): Promise<Upload> {
  const source = upload.bytes[Symbol.asyncIterator]();
  let first: Uint8Array = new Uint8Array(0);
  while (first.byteLength < ZIP_MAGIC.length) {
    const next = await source.next();
    if (next.done) break;
    first = first.byteLength === 0 ? next.value : joined(first, next.value);
  }
  let uploadError: unknown;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (first.byteLength > 0) yield first;
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await source.next();
      } catch (error) {
        uploadError = error; // over the body limit, client gone: kept as it is, not as an unreadable workbook
        throw error;
      }
      if (next.done) return;
      yield next.value;
    }
  }
  const isWorkbook = ZIP_MAGIC.every((byte, i) => first[i] === byte);
  if (!isWorkbook) {
    if (sheet !== undefined) {
      await source.return?.();
      throw new ReportError('`sheet` names a sheet of an .xlsx workbook, but this upload is not one.');
    }
    return { ...upload, bytes: bytes() };
  }
  if (!readXlsx) {
    await source.return?.();
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'This worker cannot read .xlsx workbooks: save the sheet as CSV (UTF-8) and import that.');
  }
  const read = readXlsx;
  async function* csv(): AsyncGenerator<Uint8Array> {
    try {
      yield* read(bytes(), sheet);
    } catch (error) {
      throw uploadError ?? error;
    }
  }
  return { ...upload, bytes: csv() };
}
