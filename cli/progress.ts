/** A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs). */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly totalBytes: number | undefined,
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
  ) {
    this.enabled = Boolean(stream.isTTY);
  }

  update(bytes: number, rows: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    const rowText = `${rows.toLocaleString('en-US')} rows`;
    if (this.totalBytes) {
      const fraction = Math.min(1, bytes / this.totalBytes);
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${rowText}`);
    } else {
      this.stream.write(`\r${(bytes / 1_048_576).toFixed(1)} MB read, ${rowText}`);
    }
  }

  done(): void {
    if (this.enabled) this.stream.write('\n');
  }
}

/** Passes chunks through while counting their bytes. */
export async function* countBytes(source: AsyncIterable<Uint8Array>, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    onBytes(total);
    yield chunk;
  }
}
