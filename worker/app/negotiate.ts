import { localeFor, type Locale } from '../../shared/i18n/locales.js';
import type { OutputFormat } from '../../shared/output/writers.js';
import { HttpProblem } from './problem.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What /v1/evaluate can answer with: the CLI's text formats, or the flagged workbook. */
export type EvaluationFormat = OutputFormat | 'xlsx';

/** The evaluation's media types, in the order preferred when the client accepts several equally. */
export const OUTPUT_MEDIA_TYPES: Record<string, EvaluationFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'text/csv': 'csv',
  [XLSX_MEDIA_TYPE]: 'xlsx',
};

/**
 * The output format for an Accept header: the highest-q type we produce (`*\/*`, `application/*`,
 * `text/*` count; on equal q the client's first); JSON without an Accept header. 406 when none of ours is acceptable.
 */
export function outputFormatFor(accept: string | null | undefined): EvaluationFormat {
  if (!accept || !accept.trim()) return 'json';
  let best: { format: EvaluationFormat; q: number } | undefined;
  for (const range of accept.split(',')) {
    const [typePart, ...params] = range.split(';');
    const type = typePart!.trim().toLowerCase();
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > 0)) continue;
    for (const [mediaType, format] of Object.entries(OUTPUT_MEDIA_TYPES)) {
      if (!covers(type, mediaType)) continue;
      if (!best || q > best.q) best = { format, q };
      break;
    }
  }
  if (best) return best.format;
  throw new HttpProblem(
    406,
    'not-acceptable',
    'Not acceptable',
    `The evaluation is available as ${Object.keys(OUTPUT_MEDIA_TYPES).join(', ')}; the Accept header asks for "${accept}".`,
  );
}

function covers(range: string, mediaType: string): boolean {
  if (range === '*/*' || range === mediaType) return true;
  return range.endsWith('/*') && mediaType.startsWith(range.slice(0, -1));
}

/**
 * The language of a CSV or .xlsx answer: `?lang=` when given, else the best Accept-Language range we
 * speak (en*, zh-TW / zh-HK / zh-MO / zh-Hant → zh-TW, other zh → zh-CN; `*` or none of ours → undefined:
 * the CSV keeps its codes, the workbook is in English).
 */
export function answerLanguageFor(lang: Locale | undefined, acceptLanguage: string | null | undefined): Locale | undefined {
  if (lang) return lang;
  let best: { language: Locale; q: number } | undefined;
  for (const range of (acceptLanguage ?? '').split(',')) {
    const [tagPart, ...params] = range.split(';');
    const tag = tagPart!.trim().toLowerCase();
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > 0) || !/^(en|zh)(-|$)/.test(tag)) continue;
    if (!best || q > best.q) best = { language: localeFor(tag), q };
  }
  return best?.language;
}
