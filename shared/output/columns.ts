import type { Locale } from '../i18n/locales.js';
import { COLUMN_HEADERS, TIME_ZONE_HEADER, YES_NO } from '../i18n/sheet-text.js';
import { sheetReasons, sheetValue } from '../i18n/sheet-vocabulary.js';
import type { EvaluatedRow } from '../schemas/statuses.js';

/** The status columns written beside a report's own columns (CSV export, later the workbook). */
export const STATUS_COLUMNS = [
  'delivery',
  'eligibility',
  'eligibility-reasons',
  'claim-window-last-day',
  'response',
  'response-due-at',
  'appeal',
  'appeal-last-day',
  'odr-defect',
  'next-action',
  'time-zone',
  'row-errors',
] as const;

export type StatusColumn = (typeof STATUS_COLUMNS)[number];

/** The status columns' headers in a language (`atoz evaluate --format csv --lang zh-CN`). */
export function statusHeaders(language: Locale): string[] {
  const h = (key: keyof typeof COLUMN_HEADERS) => COLUMN_HEADERS[key][language];
  return [
    h('delivery'),
    h('eligibility'),
    h('eligibilityReasons'),
    h('claimWindowLastDay'),
    h('response'),
    h('responseDue'),
    h('appeal'),
    h('appealLastDay'),
    h('odrDefect'),
    h('nextAction'),
    TIME_ZONE_HEADER[language],
    h('rowErrors'),
  ];
}

/** Status cells in a language's words, as the flagged sheet writes them (codes when `language` is undefined). */
export function statusCells(result: EvaluatedRow, responseDueLocal: string, language?: Locale): string[] {
  if (language !== undefined) {
    return [
      sheetValue('delivery', result.delivery, language),
      sheetValue('eligibility', result.eligibility, language),
      sheetReasons(result.eligibilityReasons, language),
      result.claimWindowLastDay ?? '',
      sheetValue('response', result.response, language),
      responseDueLocal,
      sheetValue('appeal', result.appeal, language),
      result.appealLastDay ?? '',
      YES_NO[result.odrDefect ? 'yes' : 'no'][language],
      sheetValue('nextAction', result.nextAction, language),
      result.timeZone,
      '',
    ];
  }
  return [
    result.delivery,
    result.eligibility,
    result.eligibilityReasons.join(' '),
    result.claimWindowLastDay ?? '',
    result.response,
    responseDueLocal,
    result.appeal,
    result.appealLastDay ?? '',
    result.odrDefect ? 'yes' : 'no',
    result.nextAction,
    result.timeZone,
    '',
  ];
}
