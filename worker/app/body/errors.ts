/** The request body grew past the configured limit (checked on Content-Length and again while streaming). */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than the limit of ${formatBytes(limit)} (ATOZ_BODY_LIMIT_BYTES).`);
    this.name = 'PayloadTooLargeError';
  }
}

/** The request body stream failed: the client went away or the connection broke mid-upload. */
export class BodyReadError extends Error {
  constructor(cause: unknown) {
    super('The request body ended abruptly (the client disconnected or the connection broke).', { cause });
    this.name = 'BodyReadError';
  }
}

/** The worker is shutting down and stopped reading the body: the work is rolled back, to be sent again. */
export class WorkerStoppingError extends Error {
  constructor() {
    super('The worker is shutting down: this request was stopped and nothing was kept; send it again.');
    this.name = 'WorkerStoppingError';
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${Math.round((bytes / (1 << 20)) * 10) / 10} MB`;
  if (bytes >= 1 << 10) return `${Math.round((bytes / (1 << 10)) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
