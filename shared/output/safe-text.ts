/**
 * Text that Excel (or LibreOffice, Google Sheets) would run as a formula starts with = + - @, or with a
 * tab or carriage return that some importers strip first. Such text gets a leading apostrophe, the
 * spreadsheet convention for "this is text"; plain numbers such as -3.85 stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

export function formulaSafe(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
