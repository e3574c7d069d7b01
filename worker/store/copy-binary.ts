/**
 * Rows in PostgreSQL's binary COPY format, for text columns: every value goes in as its UTF-8 bytes with a
 * length before it, so nothing is escaped or scanned (the text format's escaping took longer than the
 * rest of staging together). https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (0: no OIDs) and header extension length (0). */
const HEADER_BYTES = SIGNATURE.length + 8;
const TRAILER = -1;
const NULL_LENGTH = -1;

/**
 * The rows as one binary COPY payload (header, rows, trailer), their values in `columns` order, every
 * column of type text: a number goes in as its decimal text (a table of text columns, cast afterwards).
 */
export function copyBinary<T>(rows: readonly T[], columns: readonly (keyof T)[]): Buffer {
  // Room for the worst case (3 UTF-8 bytes per UTF-16 unit), then cut to what was written.
  let room = HEADER_BYTES + 2;
  for (const row of rows) {
    room += 2 + 4 * columns.length;
    for (const column of columns) room += 3 * (fieldText(row[column])?.length ?? 0);
  }
  const buffer = Buffer.allocUnsafe(room);
  let at = SIGNATURE.copy(buffer, 0);
  at = buffer.writeInt32BE(0, at);
  at = buffer.writeInt32BE(0, at);
  for (const row of rows) {
    at = buffer.writeInt16BE(columns.length, at);
    for (const column of columns) {
      const value = fieldText(row[column]);
      if (value === null) {
        at = buffer.writeInt32BE(NULL_LENGTH, at);
        continue;
      }
      const length = buffer.write(value, at + 4, 'utf8');
      buffer.writeInt32BE(length, at);
      at += 4 + length;
    }
  }
  at = buffer.writeInt16BE(TRAILER, at);
  return buffer.subarray(0, at);
}

function fieldText(value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TypeError(`COPY takes text, finite numbers and null, not ${typeof value}`);
}
