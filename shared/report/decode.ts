import type { EncodingName } from './encodings.js';

const REPLACEMENT = '\uFFFD';
const BOM = 0xfeff;
const NO_BYTES = new Uint8Array(0);

/**
 * Streaming decoder that never throws: bytes that are invalid in the encoding become U+FFFD, and it
 * remembers where in the text the first such replacement went, so the caller can warn once with a line.
 * A U+FFFD that is genuinely in the file (properly encoded) is not counted as a replacement.
 * A byte order mark at the start is dropped.
 */
export class ReplacingDecoder {
  /** Offset (in UTF-16 code units of the decoded text) of the first replaced character, if any. */
  firstReplacementOffset: number | undefined;

  private readonly decoder: TextDecoder;
  private readonly utf8: boolean;
  private readonly canReplace: boolean;
  /** UTF-8 only: the bytes of a character cut off at the end of the previous chunk. */
  private carried: Uint8Array = NO_BYTES;
  private sawText = false;
  private charsDecoded = 0;
  private bytesDecoded = 0;
  /** Last bytes of the previous chunk: a properly encoded U+FFFD may straddle the chunk boundary. */
  private tail: Uint8Array = NO_BYTES;

  constructor(readonly encoding: EncodingName) {
    this.utf8 = encoding === 'utf-8';
    // Node's TextDecoder decodes UTF-8 4x faster without { stream: true } (simdutf instead of ICU), so for
    // UTF-8 we carry a cut character over ourselves and decode whole characters only. The BOM is then
    // ours to drop: without streaming, TextDecoder would drop one at the start of every chunk.
    this.decoder = new TextDecoder(encoding, { ignoreBOM: this.utf8 });
    // Windows-1252 maps all 256 bytes, so nothing is ever replaced there.
    this.canReplace = encoding !== 'windows-1252';
  }

  write(bytes: Uint8Array): string {
    const text = this.dropLeadingBom(this.utf8 ? this.decodeUtf8(bytes) : this.decoder.decode(bytes, { stream: true }));
    if (this.canReplace) {
      if (this.firstReplacementOffset === undefined && text.includes(REPLACEMENT)) {
        this.checkReplacements(text, this.genuineReplacementsEndingIn(bytes));
      }
      this.tail = bytes.slice(Math.max(0, bytes.length - 2));
    }
    this.bytesDecoded += bytes.length;
    this.charsDecoded += text.length;
    return text;
  }

  /** Flushes a character cut off at the end of the input (as U+FFFD: it is incomplete). */
  end(): string {
    let text: string;
    if (this.utf8) {
      text = this.dropLeadingBom(this.decoder.decode(this.carried));
      this.carried = NO_BYTES;
    } else {
      text = this.decoder.decode();
    }
    if (this.canReplace && this.firstReplacementOffset === undefined && text.includes(REPLACEMENT)) {
      this.checkReplacements(text, 0);
    }
    this.charsDecoded += text.length;
    return text;
  }

  private decodeUtf8(bytes: Uint8Array): string {
    let input = bytes;
    if (this.carried.length > 0) {
      input = new Uint8Array(this.carried.length + bytes.length);
      input.set(this.carried);
      input.set(bytes, this.carried.length);
    }
    const cut = cutUtf8CharacterLength(input);
    this.carried = cut > 0 ? input.slice(input.length - cut) : NO_BYTES;
    return this.decoder.decode(cut > 0 ? input.subarray(0, input.length - cut) : input);
  }

  private dropLeadingBom(text: string): string {
    if (this.sawText || text.length === 0) return text;
    this.sawText = true;
    return this.utf8 && text.charCodeAt(0) === BOM ? text.slice(1) : text;
  }

  private checkReplacements(text: string, genuine: number): void {
    let found = 0;
    for (let at = text.indexOf(REPLACEMENT); at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) found++;
    // Which of them are the replaced ones is not tracked; the first one is close enough for a warning.
    if (found > genuine) this.firstReplacementOffset = this.charsDecoded + text.indexOf(REPLACEMENT);
  }

  /** Counts U+FFFD properly encoded in the file whose last byte is in `bytes` (so it is decoded now). */
  private genuineReplacementsEndingIn(bytes: Uint8Array): number {
    const pattern = ENCODED_REPLACEMENT[this.encoding];
    if (!pattern) return 0;
    const joined = new Uint8Array(this.tail.length + bytes.length);
    joined.set(this.tail);
    joined.set(bytes, this.tail.length);
    const joinedStart = this.bytesDecoded - this.tail.length;
    // UTF-16 code units start at even offsets (the 2-byte BOM keeps that true).
    const mustAlign = pattern.length === 2;
    const lastByte = pattern[pattern.length - 1]!;
    let count = 0;
    for (let end: number = joined.indexOf(lastByte, this.tail.length); end !== -1; end = joined.indexOf(lastByte, end + 1)) {
      const start: number = end - pattern.length + 1;
      if (start < 0 || (mustAlign && (joinedStart + start) % 2 !== 0)) continue;
      if (pattern.every((byte, i) => joined[start + i] === byte)) count++;
    }
    return count;
  }
}

/** U+FFFD as bytes; Shift_JIS cannot encode it, so there any U+FFFD is a replacement. */
const ENCODED_REPLACEMENT: Partial<Record<EncodingName, number[]>> = {
  'utf-8': [0xef, 0xbf, 0xbd],
  'utf-16le': [0xfd, 0xff],
  'utf-16be': [0xff, 0xfd],
};

/**
 * How many bytes at the end of `bytes` are the start of a UTF-8 character that is not complete yet
 * (0 to 3). A character is at most 4 bytes, so its lead byte is among the last 3 if it is incomplete.
 * Invalid sequences need no care: decoding them later together with the next bytes gives the same result.
 */
export function cutUtf8CharacterLength(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 1;
    return end - i < length ? end - i : 0;
  }
  return 0;
}
