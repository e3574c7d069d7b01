import { BodyReadError, PayloadTooLargeError, WorkerStoppingError } from './errors.js';

/** Refuses at once a body that announces more than the limit, before a byte of it is read. */
export function assertDeclaredLength(headers: Headers, limit: number): void {
  const declared = headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLargeError(limit);
}

/**
 * The body's bytes, counted as they arrive: throws PayloadTooLargeError as soon as the count passes the
 * limit, which also covers chunked uploads that announce no length. Nothing is buffered here.
 * When `stop` aborts (shutdown), reading ends with WorkerStoppingError, never with a silent early end.
 */
export async function* limitedBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  stop: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (!body) return;
  const reader = body.getReader();
  const onStop = () => void reader.cancel().catch(() => undefined);
  stop.addEventListener('abort', onStop);
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      if (stop.aborted) throw new WorkerStoppingError();
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw stop.aborted ? new WorkerStoppingError() : new BodyReadError(error);
      }
      // A cancel at shutdown ends the read as if the body were complete: it is not.
      if (stop.aborted) throw new WorkerStoppingError();
      if (next.done) break;
      total += next.value.byteLength;
      if (total > limit) throw new PayloadTooLargeError(limit);
      yield next.value;
    }
    finished = true;
  } finally {
    stop.removeEventListener('abort', onStop);
    // Stopped early (over the limit, bad input, or the consumer gave up): stop the upload too.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
