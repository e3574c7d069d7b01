/**
 * Encoders for the legacy encodings the reader detects (Node has decoders only): for making test files.
 * Characters the encoding lacks become '?'.
 */

/** Windows-1252: Latin-1 plus the 0x80–0x9F block (€, curly quotes…). */
export function encodeWindows1252(text: string): Uint8Array {
  const extra = windows1252Extras();
  const out = new Uint8Array(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out[n++] = extra.get(char) ?? (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : 0x3f);
  }
  return out.subarray(0, n);
}

/** Shift_JIS (as WHATWG decodes it), by inverting the decoder over every one- and two-byte sequence. */
export function encodeShiftJis(text: string): Uint8Array {
  const table = shiftJisTable();
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(char) ?? [0x3f]));
  }
  return Uint8Array.from(out);
}

let extras: Map<string, number> | undefined;
function windows1252Extras(): Map<string, number> {
  if (extras) return extras;
  extras = new Map();
  // { stream: true }: Node 20's one-shot windows-1252 decoding reads 0x80–0x9F as Latin-1 control characters.
  const decoder = new TextDecoder('windows-1252');
  for (let byte = 0x80; byte <= 0x9f; byte++) extras.set(decoder.decode(Uint8Array.of(byte), { stream: true }), byte);
  return extras;
}

let sjis: Map<string, number[]> | undefined;
function shiftJisTable(): Map<string, number[]> {
  if (sjis) return sjis;
  sjis = new Map();
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  const add = (bytes: number[]) => {
    try {
      const char = decoder.decode(Uint8Array.from(bytes));
      if ([...char].length === 1 && !sjis!.has(char)) sjis!.set(char, bytes);
    } catch {
      // not a character in Shift_JIS
    }
  };
  for (let byte = 0xa1; byte <= 0xdf; byte++) add([byte]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) add([lead, trail]);
  }
  return sjis;
}
