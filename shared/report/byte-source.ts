/** Anything a report can be read from: a stream of bytes (Node stream, web stream), all bytes, or text. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Uint8Array | string;

/**
 * Large chunks are cut to this size, so one huge Uint8Array or string is decoded and parsed
 * piece by piece rather than copied whole into one giant string.
 */
const MAX_CHUNK_BYTES = 1 << 20;
const MAX_CHUNK_CHARS = MAX_CHUNK_BYTES / 4;

/** Yields the source's bytes in order, in chunks of at most MAX_CHUNK_BYTES. Text is yielded as UTF-8. */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (typeof source === 'string') {
    yield* utf8Slices(source);
  } else if (source instanceof Uint8Array) {
    yield* slices(source);
  } else if (isReadableStream(source)) {
    yield* readableStreamChunks(source);
  } else {
    for await (const chunk of source) yield* slices(toBytes(chunk));
  }
}

/**
 * Pulls chunks until at least `size` bytes have arrived (or the source ends) and returns them as one array.
 * `ended` is true only if the source ended before `size` bytes, which makes it independent of chunk sizes.
 */
export async function readHead(
  chunks: AsyncIterator<Uint8Array>,
  size: number,
): Promise<{ head: Uint8Array; ended: boolean }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await chunks.next();
    if (next.done) return { head: concat(parts, length), ended: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: concat(parts, length), ended: false };
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  if (bytes.length <= MAX_CHUNK_BYTES) {
    if (bytes.length > 0) yield bytes;
    return;
  }
  for (let start = 0; start < bytes.length; start += MAX_CHUNK_BYTES) {
    yield bytes.subarray(start, start + MAX_CHUNK_BYTES);
  }
}

function* utf8Slices(text: string): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + MAX_CHUNK_CHARS, text.length);
    // Never cut a surrogate pair: each half alone would be encoded as U+FFFD.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    yield encoder.encode(text.slice(start, end));
    start = end;
  }
}

async function* readableStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  // getReader rather than for-await: not every browser makes web streams async-iterable.
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* slices(toBytes(value));
    }
    finished = true;
  } finally {
    // Stopped early (the caller stopped reading): let the producer know, so it can close a file or socket.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function isReadableStream(source: object): source is ReadableStream<Uint8Array> {
  return typeof (source as Partial<ReadableStream>).getReader === 'function';
}

/** Tolerates what untyped producers send: a Node stream with setEncoding() yields strings. */
function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError(`openRecords: a byte stream yielded ${typeof chunk}, expected Uint8Array chunks`);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
