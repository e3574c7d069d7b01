/// <reference types="office-js" />

/** UTF-8 length of a string, the size it has on the wire. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const jsonBytes = (value: unknown) => utf8Length(JSON.stringify(value) ?? '');

/**
 * Counts `context.sync()` calls and the payload of each: the JSON of the values, formulas and formats
 * sent (request) and of the values loaded (response). Excel on the web refuses a payload over 5 MB.
 */
export class SyncMeter {
  syncs = 0;
  largestRequestBytes = 0;
  largestResponseBytes = 0;
  private request = 0;
  private readonly loaded: { values: unknown }[] = [];

  /** Records a payload queued for the next sync. */
  send(payload: unknown): void {
    this.request += jsonBytes(payload);
  }

  /** Records a proxy whose `values` the next sync loads, to measure them when they arrive. */
  receive(range: { values: unknown }): void {
    this.loaded.push(range);
  }

  /** Bytes queued so far for the next sync. */
  get pendingRequestBytes(): number {
    return this.request;
  }

  async sync(context: Excel.RequestContext): Promise<{ requestBytes: number; responseBytes: number }> {
    await context.sync();
    this.syncs++;
    const requestBytes = this.request;
    const responseBytes = this.loaded.reduce((sum, range) => sum + jsonBytes(range.values), 0);
    this.request = 0;
    this.loaded.length = 0;
    this.largestRequestBytes = Math.max(this.largestRequestBytes, requestBytes);
    this.largestResponseBytes = Math.max(this.largestResponseBytes, responseBytes);
    return { requestBytes, responseBytes };
  }
}
