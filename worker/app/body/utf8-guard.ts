import { ReportError } from '../../../shared/report/read-report.js';

/**
 * Checks that a byte stream is valid UTF-8 while passing it through, for imports: the reader replaces
 * invalid bytes by U+FFFD (fine for a look at statuses, not for data kept in the store).
 * The reader decides the encoding only after the first 64 KB, so the guard validates from the first byte,
 * remembers the first bad line, and is told the encoding once known: it then fails (at once, or when the
 * bad bytes arrive) only for UTF-8, and stops checking for any other encoding.
 */
/**
 * Bytes Windows-1252 has no character for (Microsoft's code page table leaves them undefined; the WHATWG
 * decoder maps them to C1 control characters): text holding one is not Windows-1252.
 * https://learn.microsoft.com/en-us/windows/win32/intl/code-page-identifiers, table: https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT
 */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export class Utf8Guard {
  private firstBadLine: number | undefined;
  private enforced: boolean | undefined;
  /** Windows-1252 was guessed (nothing declared): bytes undefined there make the text unreadable. */
  private guessed1252: boolean | undefined;
  private first1252Bad: { line: number; byte: number } | undefined;
  private line1252 = 1;
  private line = 1;
  /** Continuation bytes still expected, and the range the next one must fall in. */
  private pending = 0;
  private low = 0x80;
  private high = 0xbf;

  async *check(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    for await (const chunk of chunks) {
      if (this.enforced !== false && this.firstBadLine === undefined) this.scan(chunk);
      if (this.enforced && this.firstBadLine !== undefined) throw this.error();
      if (this.guessed1252 !== false && this.first1252Bad === undefined) this.scan1252(chunk);
      if (this.guessed1252 && this.first1252Bad !== undefined) throw this.error1252();
      yield chunk;
    }
    if (this.enforced !== false && this.pending > 0) this.firstBadLine ??= this.line;
    if (this.enforced && this.firstBadLine !== undefined) throw this.error();
  }

  /** Called with the reader's encoding once it is known. */
  enforceFor(encoding: string, declared = false): void {
    this.enforced = encoding === 'utf-8';
    if (this.enforced && this.firstBadLine !== undefined) throw this.error();
    this.guessed1252 = encoding === 'windows-1252' && !declared;
    if (this.guessed1252 && this.first1252Bad !== undefined) throw this.error1252();
  }

  private error1252(): ReportError {
    const { line, byte } = this.first1252Bad!;
    return new ReportError(
      `No encoding reads this file cleanly: it is not UTF-8, and not Windows-1252 either (line ${line} holds the byte ` +
        `0x${byte.toString(16).toUpperCase()}, which has no character there), so an import would keep garbled text. ` +
        `Save it as "CSV UTF-8", or name its real encoding (encoding=shift_jis, or charset in Content-Type).`,
    );
  }

  private scan1252(bytes: Uint8Array): void {
    let line = this.line1252;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 0x0a) line++;
      else if (b >= 0x81 && b <= 0x9d && UNDEFINED_IN_1252.has(b)) {
        this.first1252Bad = { line, byte: b };
        return;
      }
    }
    this.line1252 = line;
  }

  private error(): ReportError {
    return new ReportError(
      `The file is not valid UTF-8: line ${this.firstBadLine} holds bytes that are not UTF-8, and an import keeps no ` +
        `garbled text. Save it as "CSV UTF-8", or name its real encoding (encoding=windows-1252 or shift_jis).`,
    );
  }

  private scan(bytes: Uint8Array): void {
    let { pending, low, high, line } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (pending > 0) {
        if (b < low || b > high) return this.bad(line);
        pending--;
        low = 0x80;
        high = 0xbf;
      } else if (b < 0x80) {
        if (b === 0x0a) line++;
      } else if (b >= 0xc2 && b <= 0xdf) {
        pending = 1;
      } else if (b === 0xe0) {
        pending = 2;
        low = 0xa0; // no overlong 3-byte forms
      } else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) {
        pending = 2;
      } else if (b === 0xed) {
        pending = 2;
        high = 0x9f; // no UTF-16 surrogates
      } else if (b === 0xf0) {
        pending = 3;
        low = 0x90; // no overlong 4-byte forms
      } else if (b >= 0xf1 && b <= 0xf3) {
        pending = 3;
      } else if (b === 0xf4) {
        pending = 3;
        high = 0x8f; // nothing above U+10FFFF
      } else {
        return this.bad(line);
      }
    }
    Object.assign(this, { pending, low, high, line });
  }

  private bad(line: number): void {
    this.firstBadLine = line;
  }
}
