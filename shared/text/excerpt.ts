/**
 * Messages quote input (a cell, a header, a line) only as a short, marked excerpt: a 10 MB cell must not come
 * back 10 MB long in an error, nor flood a terminal or a log.
 */

/** Characters of input a message quotes at most. */
export const EXCERPT_CHARS = 40;

/**
 * `text` in double quotes; if longer than `max` characters, its start and a marker saying how much was left
 * out: `"Product name that goes on…" (+9,999,960 characters)`. Never cuts a surrogate pair in two.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return `"${text}"`;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate whose pair would be cut off
  return `"${text.slice(0, end)}…" (+${(text.length - end).toLocaleString('en-US')} characters)`;
}

/** `text` itself when short, else its start and a marker (no quotes): for a header or a list item in a message. */
export function shortened(text: string, max = EXCERPT_CHARS): string {
  return text.length <= max ? text : excerpt(text, max);
}
