import type { FileHandle } from 'node:fs/promises';
import type { OpenedReport, ReportLayout } from '../../shared/report/read-report.js';
import { splitsAtLineFeeds } from '../../shared/report/records.js';

/** A run of whole lines of the file: bytes [start, end), the first of them on physical line `firstLine`. */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

/** openRecords decides between LF and CR line ends from this many leading bytes (sniff.ts, SAMPLE_BYTES). */
const NEWLINE_SAMPLE_BYTES = 64 * 1024;
/** A header line further into the file than this is not worth finding again: read it with one thread. */
const MAX_HEAD_BYTES = 16 * 1024 * 1024;
const BLOCK_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Whether the rest of the report, after its header, can be cut at line feeds into ranges that read exactly as in
 * one pass: a tab-delimited report (no quotes, so no record spans lines) in an encoding where 0x0A is a line feed.
 */
export function canSplitAtLineFeeds(report: OpenedReport): boolean {
  return splitsAtLineFeeds(report.encoding, report.delimiter);
}

export function reportLayout(report: OpenedReport): ReportLayout {
  return { encoding: report.encoding, delimiter: report.delimiter, headerCells: report.headerCells, columns: report.columns };
}

/**
 * Where the body (the line after the header) starts, or undefined when it cannot be found cheaply or the file's
 * lines end with CR alone (openRecords then counts CRs as line ends, so line feeds are no line boundaries).
 */
export async function findBodyStart(file: FileHandle, headerLine: number): Promise<number | undefined> {
  // A header-less report (shared/report/headerless.ts) is rare and may start with a byte-order mark: one reader.
  if (headerLine === 0) return undefined;
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  let seen = 0;
  for (let position = 0; position < MAX_HEAD_BYTES; ) {
    const { bytesRead } = await file.read(block, 0, BLOCK_BYTES, position);
    if (bytesRead === 0) return undefined;
    const bytes = block.subarray(0, bytesRead);
    if (position === 0) {
      const sample = bytes.subarray(0, NEWLINE_SAMPLE_BYTES);
      if (!sample.includes(LF) && sample.includes(CR)) return undefined;
    }
    for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) {
      if (++seen === headerLine) return position + at + 1;
    }
    position += bytesRead;
  }
  return undefined;
}

/**
 * Cuts [bodyStart, size) into `count` ranges of about equal size at line feeds (measured best on two cores, though
 * the first range's thread also writes the output and appends the others'), and numbers their first lines by
 * counting the line feeds before them (blank lines included, as the single reader counts them). Ranges that came
 * out empty (a line longer than a whole share) are dropped.
 */
export async function splitBody(file: FileHandle, bodyStart: number, size: number, headerLine: number, count: number): Promise<ByteRange[]> {
  const starts: { offset: number; firstLine: number }[] = [{ offset: bodyStart, firstLine: headerLine + 1 }];
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  let lineFeeds = headerLine; // before bodyStart: the header's line and those above it
  const cutTarget = (index: number) => bodyStart + Math.floor(((size - bodyStart) * index) / count);
  let next = 1;
  let target = cutTarget(next);
  for (let position = bodyStart; next < count && position < size; ) {
    const { bytesRead } = await file.read(block, 0, Math.min(BLOCK_BYTES, size - position), position);
    if (bytesRead === 0) break;
    const bytes = block.subarray(0, bytesRead);
    for (let at = bytes.indexOf(LF); at !== -1 && next < count; at = bytes.indexOf(LF, at + 1)) {
      lineFeeds++;
      if (position + at < target) continue;
      starts.push({ offset: position + at + 1, firstLine: lineFeeds + 1 });
      target = cutTarget(++next);
    }
    position += bytesRead;
  }
  const ranges: ByteRange[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1]!.offset : size;
    if (end > starts[i]!.offset) ranges.push({ start: starts[i]!.offset, end, firstLine: starts[i]!.firstLine });
  }
  return ranges;
}
