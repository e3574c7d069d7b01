import type { EncodedImportLine } from './types.js';

/**
 * A batch of import lines as one block of bytes (UTF-8 JSON): what a reader thread hands to the store. A
 * block crosses threads by transfer (no copy, nothing cloned line by line): the event loop passes a batch
 * from the import reader thread to the SQLite writer thread without building its objects, and so without
 * their garbage (8 concurrent imports spent ~5 s of the event loop in postMessage and its GC on them).
 * Runtime-neutral (TextEncoder / TextDecoder): the app's own reader builds it too.
 */
export interface PackedImportLines {
  readonly count: number;
  readonly bytes: Uint8Array;
}

/** Every header list once, then each line as [header list index, lineKey, orderId, orderItemId, sku, rowJson, valuesJson]. */
type Packed = [headerLists: (readonly string[])[], lines: [number, string, string, string | null, string | null, string, string][]];

export function packImportLines(lines: readonly EncodedImportLine[]): PackedImportLines {
  const listIndex = new Map<readonly string[], number>();
  const headerLists: (readonly string[])[] = [];
  const rows: Packed[1] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let index = listIndex.get(line.headers);
    if (index === undefined) {
      index = headerLists.push(line.headers) - 1;
      listIndex.set(line.headers, index);
    }
    rows[i] = [index, line.lineKey, line.orderId, line.orderItemId, line.sku, line.rowJson, line.valuesJson];
  }
  return { count: lines.length, bytes: new TextEncoder().encode(JSON.stringify([headerLists, rows] satisfies Packed)) };
}

/** The lines again; lines that shared a header list share one array. */
export function unpackImportLines(packed: PackedImportLines): EncodedImportLine[] {
  if (packed.count === 0) return [];
  const [headerLists, rows] = JSON.parse(new TextDecoder().decode(packed.bytes)) as Packed;
  return rows.map(([index, lineKey, orderId, orderItemId, sku, rowJson, valuesJson]) => ({ lineKey, orderId, orderItemId, sku, rowJson, headers: headerLists[index]!, valuesJson }));
}

/** Lines given either way to Store.stageImportLines, as objects. */
export function importLinesOf(lines: readonly EncodedImportLine[] | PackedImportLines): readonly EncodedImportLine[] {
  return 'bytes' in lines ? unpackImportLines(lines) : lines;
}

/** The buffer to transfer with a packed batch: its own, or a copy of exactly its bytes when it is a view into a larger one. */
export function transferable(packed: PackedImportLines): { packed: PackedImportLines; buffer: ArrayBuffer } {
  const { bytes } = packed;
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return { packed, buffer: bytes.buffer };
  const copy = bytes.slice();
  return { packed: { count: packed.count, bytes: copy }, buffer: copy.buffer };
}
