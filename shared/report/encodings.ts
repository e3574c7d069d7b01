import { ReportFormatError } from './report-format-error.js';

/** The encodings we read; the names are WHATWG labels, so TextDecoder accepts them in Node and browsers. */
export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'shift_jis';

/** 'utf-16' without a byte order: the BOM decides, little-endian when there is none (as Windows writes it). */
export type EncodingChoice = EncodingName | 'utf-16';

/** Human names for messages. */
export const ENCODING_LABELS: Record<EncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'windows-1252': 'Windows-1252',
  'shift_jis': 'Shift_JIS',
};

/** Keys are lower-cased with '-', '_' and spaces removed. */
const ALIASES: Record<string, EncodingChoice> = {
  utf8: 'utf-8',
  utf8sig: 'utf-8',
  utf8bom: 'utf-8',
  unicode11utf8: 'utf-8',
  utf16: 'utf-16',
  ucs2: 'utf-16',
  unicode: 'utf-16',
  utf16le: 'utf-16le',
  unicodefeff: 'utf-16le',
  utf16be: 'utf-16be',
  unicodefffe: 'utf-16be',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
  xcp1252: 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  iso88591: 'windows-1252',
  ascii: 'windows-1252',
  usascii: 'windows-1252',
  ansi: 'windows-1252',
  shiftjis: 'shift_jis',
  sjis: 'shift_jis',
  xsjis: 'shift_jis',
  csshiftjis: 'shift_jis',
  mskanji: 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  windows31j: 'shift_jis',
};

/** Resolves a caller's encoding name (any common spelling) or throws a ReportFormatError naming the choices. */
export function resolveEncodingName(name: string): EncodingChoice {
  const key = name.toLowerCase().replace(/[-_\s]/g, '');
  const choice = ALIASES[key];
  if (choice) return choice;
  throw new ReportFormatError(
    `Unknown encoding "${name}". Use one of: utf-8, utf-16le, utf-16be, windows-1252 (also called latin1 or cp1252), shift_jis (also called cp932).`,
  );
}
