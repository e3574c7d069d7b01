import type { EvaluatedRow } from '../schemas/statuses.js';

/** Strings that need no JSON escaping (ids, zones, dates): written as they are. */
const PLAIN = /^[\w\-.:/+ ]*$/;
const str = (text: string) => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));
const dayOrNull = (day: string | null) => (day === null ? 'null' : `"${day}"`);

/**
 * JSON.stringify(row) without its generic walk: the same text, field for field, written directly,
 * since this runs once per row of reports with millions of rows (the property test checks the equality).
 */
export function evaluatedRowJson(row: EvaluatedRow, prefix = '{'): string {
  let reasons = '[]';
  if (row.eligibilityReasons.length > 0) reasons = `["${row.eligibilityReasons.join('","')}"]`;
  let out =
    `${prefix}"line":${row.line},"orderId":${str(row.orderId)},"timeZone":${str(row.timeZone)}` +
    `,"delivery":"${row.delivery}","eligibility":"${row.eligibility}","eligibilityReasons":${reasons}` +
    `,"claimWindowLastDay":${dayOrNull(row.claimWindowLastDay)},"response":"${row.response}"` +
    `,"responseDueAt":${dayOrNull(row.responseDueAt)},"appeal":"${row.appeal}","appealLastDay":${dayOrNull(row.appealLastDay)}` +
    `,"odrDefect":${row.odrDefect},"nextAction":"${row.nextAction}"`;
  if (row.orderItemId !== undefined) out += `,"orderItemId":${str(row.orderItemId)}`;
  if (row.sku !== undefined) out += `,"sku":${str(row.sku)}`;
  return `${out}}`;
}
