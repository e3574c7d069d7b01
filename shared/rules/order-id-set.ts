/** An OrderIdSet's slots as they are (hashed ids and their flags), to send to another thread and merge there. */
export interface OrderIdTable {
  keys: Float64Array<ArrayBuffer>;
  flags: Uint8Array<ArrayBuffer>;
}

/**
 * A set of order ids with one byte of flags each, kept as 53-bit hashes in an open-addressing table.
 * Storing the ids themselves would keep every parsed chunk of a report alive (V8 slices strings) and
 * cost ~100 bytes per order; this costs 9 bytes per slot. Two different ids share a hash with odds
 * of about n²/2⁵⁴ (one in 36,000 for a million orders), which would merge two orders in the count.
 */
export class OrderIdSet {
  private keys = new Float64Array(1024);
  flags = new Uint8Array(1024);
  private size = 0;

  /** A set holding a table's orders, the table itself (no copy): this set then owns it. */
  static fromTable(table: OrderIdTable): OrderIdSet {
    const set = new OrderIdSet();
    set.keys = table.keys;
    set.flags = table.flags;
    for (const key of table.keys) if (key !== 0) set.size++;
    return set;
  }

  /** The slot of `id`, added with flags 0 if new. */
  slotFor(id: string): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const key = hash53(id) + 1; // 0 marks an empty slot
    return this.place(key);
  }

  *allFlags(): Iterable<number> {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== 0) yield this.flags[i]!;
  }

  /** The table itself, not a copy: transfer its buffers to another thread, and use this set no more. */
  toTable(): OrderIdTable {
    return { keys: this.keys, flags: this.flags };
  }

  /**
   * Adds the orders of another set's table. For an order in both, `combine(mine, theirs)` gives its flags
   * (`mine` is 0 for an order this set did not hold).
   */
  merge(table: OrderIdTable, combine: (mine: number, theirs: number) => number): void {
    for (let i = 0; i < table.keys.length; i++) {
      const key = table.keys[i]!;
      if (key === 0) continue;
      if ((this.size + 1) * 2 > this.keys.length) this.grow();
      const slot = this.place(key);
      this.flags[slot] = combine(this.flags[slot]!, table.flags[i]!);
    }
  }

  private place(key: number): number {
    const mask = this.keys.length - 1;
    let i = key % this.keys.length & mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) return i;
      if (k === 0) {
        this.keys[i] = key;
        this.size++;
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldFlags = this.flags;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.flags = new Uint8Array(oldKeys.length * 2);
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== 0) this.flags[this.place(oldKeys[i]!)] = oldFlags[i]!;
    }
  }
}

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, by bryc). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
