import { openRecords, type ByteSource, type RawRecord, type RecordReadOptions, type RecordStream } from '../../shared/report/records.js';

export interface ReadResult {
  stream: RecordStream;
  records: RawRecord[];
  batchSizes: number[];
}

/** Opens and drains a source. */
export async function readAll(source: ByteSource, options?: RecordReadOptions): Promise<ReadResult> {
  const stream = await openRecords(source, options);
  const records: RawRecord[] = [];
  const batchSizes: number[] = [];
  for await (const batch of stream.batches) {
    batchSizes.push(batch.length);
    for (const record of batch) records.push(record);
  }
  return { stream, records, batchSizes };
}

/**
 * Everything a reader of the source can observe, or the error it threw, in a form that
 * compares with toEqual: used to check that chunking never changes the result.
 */
export async function outcome(source: ByteSource, options?: RecordReadOptions): Promise<unknown> {
  try {
    const { stream, records } = await readAll(source, options);
    const { encoding, encodingDetected, delimiter, quoted, warnings } = stream;
    return { encoding, encodingDetected, delimiter, quoted, warnings, records };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The bytes as an async stream cut at the given offsets. */
export async function* cutAt(bytes: Uint8Array, offsets: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    if (offset <= start || offset >= bytes.length) continue;
    yield bytes.slice(start, offset);
    start = offset;
  }
  yield bytes.slice(start);
}

/** The bytes as an async stream of chunks of `size` bytes. */
export async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.slice(start, start + size);
}

/** Bytes from ASCII strings and raw byte values. */
export function bytesOf(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (let i = 0; i < part.length; i++) out.push(part.charCodeAt(i) & 0xff);
    else out.push(...part);
  }
  return Uint8Array.from(out);
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function utf16(text: string, byteOrder: 'le' | 'be', withBom: boolean): Uint8Array {
  const units = (withBom ? '\uFEFF' : '') + text;
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const code = units.charCodeAt(i);
    const [first, second] = byteOrder === 'le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
    out[2 * i] = first;
    out[2 * i + 1] = second;
  }
  return out;
}

export function webStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}
