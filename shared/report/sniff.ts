import type { EncodingChoice, EncodingName } from './encodings.js';
import { ReportFormatError } from './report-format-error.js';

/** How many leading bytes decide the encoding, the delimiter and whether the file is text at all. */
export const SAMPLE_BYTES = 64 * 1024;

/**
 * Guesses the encoding from the first bytes: BOM; UTF-16 by its NUL-byte pattern; valid UTF-8;
 * Shift_JIS if it decodes cleanly and reads as Japanese; otherwise Windows-1252 (every byte is valid there).
 * `isWholeInput` says whether the sample is the whole file; if not, a character cut at its end is fine.
 */
export function detectEncoding(sample: Uint8Array, isWholeInput: boolean): EncodingName {
  const fromBom = encodingFromBom(sample);
  if (fromBom) return fromBom;
  const utf16 = utf16FromNulPattern(sample);
  if (utf16) return utf16;
  if (decodeStrictly(sample, 'utf-8', isWholeInput) !== undefined) return 'utf-8';
  const asShiftJis = decodeStrictly(sample, 'shift_jis', isWholeInput);
  if (asShiftJis !== undefined && looksJapanese(asShiftJis)) return 'shift_jis';
  return 'windows-1252';
}

/** A caller's 'utf-16' takes its byte order from the BOM. */
export function pinByteOrder(choice: EncodingChoice, sample: Uint8Array): EncodingName {
  if (choice !== 'utf-16') return choice;
  return encodingFromBom(sample) === 'utf-16be' ? 'utf-16be' : 'utf-16le';
}

function encodingFromBom(bytes: Uint8Array): EncodingName | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 text of a report is mostly ASCII (digits, dates, tabs), so every second byte is 0x00:
 * the odd ones in little-endian, the even ones in big-endian. Binary data has NULs at both.
 */
function utf16FromNulPattern(bytes: Uint8Array): EncodingName | undefined {
  const pairs = bytes.length >> 1;
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const many = pairs * 0.3;
  const few = pairs * 0.05;
  if (oddNuls >= many && evenNuls <= few) return 'utf-16le';
  if (evenNuls >= many && oddNuls <= few) return 'utf-16be';
  return undefined;
}

function decodeStrictly(bytes: Uint8Array, encoding: EncodingName, isWholeInput: boolean): string | undefined {
  try {
    // stream: true holds back a multibyte character cut at the end of the sample instead of failing on it.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !isWholeInput });
  } catch {
    return undefined;
  }
}

/**
 * Kana and full-width punctuation (、。（）) only. Windows-1252 text with accents often decodes
 * as valid Shift_JIS too, but then gives kanji and half-width katakana, not these.
 */
const KANA_OR_JAPANESE_PUNCTUATION = /[\u3000-\u30ff\uff01-\uff5e]/;

function looksJapanese(text: string): boolean {
  return KANA_OR_JAPANESE_PUNCTUATION.test(text);
}

/** Decodes the sample for the checks below; never throws. */
export function decodeSample(sample: Uint8Array, encoding: EncodingName, isWholeInput: boolean): string {
  // Always { stream: true } first: Node 20's non-streaming windows-1252 shortcut decodes 0x80-0x9F as
  // Latin-1 control characters (€ and curly quotes would count as binary); flushing afterwards is exact.
  const decoder = new TextDecoder(encoding);
  const text = decoder.decode(sample, { stream: true });
  return isWholeInput ? text + decoder.decode() : text;
}

/** Signatures of files sellers upload by mistake, for a more helpful message. */
const KNOWN_BINARY_FORMATS: { magic: number[]; name: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], name: 'an Excel workbook (.xlsx) or a ZIP archive' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'an old Excel workbook (.xls)' },
  { magic: [0x1f, 0x8b], name: 'a compressed (.gz) file' },
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'a PDF document' },
];

/**
 * Throws a ReportFormatError unless the sample reads as text: no run of NUL bytes (UTF-16 was ruled out
 * before), hardly any control characters. One stray NUL in a large file is tolerated.
 */
export function assertLooksLikeText(sample: Uint8Array, text: string): void {
  const known = KNOWN_BINARY_FORMATS.find(({ magic }) => magic.every((byte, i) => sample[i] === byte));
  if (known) throw binaryFileError(known.name);
  let nuls = 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) nuls++;
    else if (isControl(code)) controls++;
  }
  if (nuls * 1000 > text.length || (nuls + controls) * 20 > text.length) throw binaryFileError(undefined);
}

/** C0 controls other than tab, line feed, vertical tab, form feed, carriage return; DEL; C1 controls. */
function isControl(code: number): boolean {
  return (code < 0x20 && (code < 0x09 || code > 0x0d)) || (code >= 0x7f && code <= 0x9f);
}

function binaryFileError(kind: string | undefined): ReportFormatError {
  return new ReportFormatError(
    `This file looks like a binary file, not a text report${kind ? ` (it seems to be ${kind})` : ''}. ` +
      'Download the report from Seller Central as a tab-delimited text file (.txt), ' +
      'or in Excel use Save As › "Text (Tab delimited)" or "CSV UTF-8".',
  );
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * The delimiter, from the first non-blank line: tab if it has any (Amazon's flat files); else comma or
 * semicolon, whichever occurs more outside quotes (comma on a tie); tab when it has neither.
 */
export function detectDelimiter(text: string): '\t' | ',' | ';' {
  // The first line that has any delimiter decides: a title line above the header ("My claims") has none.
  for (const line of nonBlankLines(text, 10)) {
    if (line.includes('\t')) return '\t';
    let commas = 0;
    let semicolons = 0;
    let inQuotes = false;
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (char === '"') inQuotes = !inQuotes;
      else if (inQuotes) continue;
      else if (char === ',') commas++;
      else if (char === ';') semicolons++;
    }
    if (commas > 0 || semicolons > 0) return semicolons > commas ? ';' : ',';
  }
  return '\t';
}

function nonBlankLines(text: string, most: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length && lines.length < most) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (!isBlank(line)) lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** LF (which also covers CRLF and mixed files), or CR alone for old Mac files that have no LF at all. */
export function detectNewline(text: string): '\n' | '\r' {
  return !text.includes('\n') && text.includes('\r') ? '\r' : '\n';
}
