/** A1-style addresses, shared by both renderers (Office.js and exceljs take the same invariant A1 form). */

/** Column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`bad column index ${index}`);
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The 0-based column index of letters such as "AA". */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `A1` of a 0-based column and a 1-based row. */
export function cellAddress(column: number, row: number): string {
  return `${columnLetter(column)}${row}`;
}

/** `A1:C9` of 0-based columns and 1-based rows (one cell gives `A1`). */
export function rangeAddress(firstColumn: number, firstRow: number, lastColumn: number, lastRow: number): string {
  const from = cellAddress(firstColumn, firstRow);
  const to = cellAddress(lastColumn, lastRow);
  return from === to ? from : `${from}:${to}`;
}

/** A sheet name as a formula reference prefix: `'Order sheet'!` (quotes doubled inside). */
export function sheetPrefix(sheetName: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!`;
}

/** `'Sheet'!$X$2:$X$100`: an absolute column range of the data rows, for dashboard formulas. */
export function absoluteColumnRange(sheetName: string, column: number, firstRow: number, lastRow: number): string {
  const letter = columnLetter(column);
  return `${sheetPrefix(sheetName)}$${letter}$${firstRow}:$${letter}$${lastRow}`;
}

/**
 * Moves a rule formula written for its range's first row to another row: every `$X12` reference
 * (column fixed, row relative, the only form the plan's rules use) shifts by the same number of rows.
 * Lets a test or a probe column evaluate a conditional-format rule as a plain cell formula.
 */
export function formulaForRow(formula: string, firstRow: number, row: number): string {
  const delta = row - firstRow;
  return formula.replace(/\$([A-Z]{1,3})(\d+)(?![\d(])/g, (_, col: string, r: string) => `$${col}${Number(r) + delta}`);
}

/** Parses `Sheet1!B3:AF120`, `'My sheet'!A1` or `C7` into 0-based columns and 1-based rows. */
export function parseRangeAddress(address: string): { sheet?: string; firstColumn: number; firstRow: number; lastColumn: number; lastRow: number } {
  const bang = address.lastIndexOf('!');
  const sheetPart = bang >= 0 ? address.slice(0, bang) : undefined;
  const cells = bang >= 0 ? address.slice(bang + 1) : address;
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(cells);
  if (!m) throw new RangeError(`not an A1 range address: ${address}`);
  const first = { column: columnIndex(m[1]!), row: Number(m[2]) };
  const last = m[3] ? { column: columnIndex(m[3]), row: Number(m[4]) } : first;
  const out = { firstColumn: first.column, firstRow: first.row, lastColumn: last.column, lastRow: last.row };
  if (sheetPart === undefined) return out;
  const sheet = sheetPart.startsWith("'") ? sheetPart.slice(1, -1).replace(/''/g, "'") : sheetPart;
  return { sheet, ...out };
}
