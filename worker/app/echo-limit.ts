/**
 * The last guard against echoing input in an error: whatever a message quotes (the shared reader quotes
 * cells as short excerpts already), no text of an error the worker sends or stores is longer than these.
 * Past them the text is cut and the cut marked, so a 10 MB line never comes back in an answer.
 */
import type { RowError } from '../../shared/schemas/statuses.js';

/** Characters of a problem's `detail`, a stored import failure, or a warning. */
export const MAX_DETAIL_CHARS = 2_000;
/** Characters of one row error's message, or of one invalid parameter's reason. */
export const MAX_MESSAGE_CHARS = 500;
/** Characters of a row error's column (a header as written). */
export const MAX_COLUMN_CHARS = 200;

/** `text` if short enough, else its start and a marker of how much was left out. */
export function limitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [${(text.length - end).toLocaleString('en-US')} more characters not shown]`;
}

export function limitRowError(error: RowError): RowError {
  const message = limitText(error.message, MAX_MESSAGE_CHARS);
  const column = error.column === null ? null : limitText(error.column, MAX_COLUMN_CHARS);
  return message === error.message && column === error.column ? error : { ...error, message, column };
}

/** A problem body with its texts limited (the fields a message of ours or a client's input can fill). */
export function limitProblemBody<B extends { title: string; detail: string; errors?: RowError[] | undefined; invalidParams?: { name: string; reason: string }[] | undefined }>(body: B): B {
  const limited: B = { ...body, title: limitText(body.title, MAX_MESSAGE_CHARS), detail: limitText(body.detail, MAX_DETAIL_CHARS) };
  if (body.errors) limited.errors = body.errors.map(limitRowError);
  if (body.invalidParams) {
    limited.invalidParams = body.invalidParams.map((p) => ({ name: limitText(p.name, MAX_COLUMN_CHARS), reason: limitText(p.reason, MAX_MESSAGE_CHARS) }));
  }
  return limited;
}
