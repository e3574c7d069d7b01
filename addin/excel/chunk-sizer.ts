/**
 * Rows per chunk, so that every request (the status cells written) and every response (the cells read)
 * stays under PAYLOAD_BUDGET: Excel on the web refuses payloads over 5 MB. Starts from a cautious
 * estimate per cell, then sizes by the largest bytes per row measured so far, with a margin.
 */
export const PAYLOAD_BUDGET = 4_000_000;
export const MAX_CHUNK_ROWS = 20_000;
export const MIN_CHUNK_ROWS = 500;
const ESTIMATED_READ_CELL_BYTES = 32;
const ESTIMATED_WRITE_CELL_BYTES = 24;
const MARGIN = 1.25;

class PerRowBytes {
  private measured = false;
  constructor(private value: number) {}

  get bytes(): number {
    return this.value;
  }

  /** The first measurement replaces the estimate; later ones can only raise it. */
  observe(rows: number, bytes: number): void {
    if (rows === 0) return;
    const perRow = (bytes / rows) * MARGIN;
    this.value = this.measured ? Math.max(this.value, perRow) : perRow;
    this.measured = true;
  }
}

export class ChunkSizer {
  private readonly read: PerRowBytes;
  private readonly write: PerRowBytes;

  constructor(
    readColumns: number,
    writeColumns: number,
    /** A fixed size (tests and benchmarks); otherwise sized by measurement. */
    private readonly fixedRows?: number,
  ) {
    this.read = new PerRowBytes(readColumns * ESTIMATED_READ_CELL_BYTES);
    this.write = new PerRowBytes(writeColumns * ESTIMATED_WRITE_CELL_BYTES);
  }

  nextRows(): number {
    if (this.fixedRows !== undefined) return this.fixedRows;
    const perRow = Math.max(this.read.bytes, this.write.bytes, 1);
    return Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, Math.floor(PAYLOAD_BUDGET / perRow)));
  }

  observeRead(rows: number, bytes: number): void {
    this.read.observe(rows, bytes);
  }

  observeWrite(rows: number, bytes: number): void {
    this.write.observe(rows, bytes);
  }
}
