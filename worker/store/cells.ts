import { cellColumnOf, cellRule, type ReportKind } from '../../shared/report/kinds.js';

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

/**
 * How a stored line's cells and an import's cells of the same line merge: the merged headers, and for each where its
 * value comes from (`from[i] >= 0`: the stored value at that index; `< 0`: the import's at `-from[i] - 1`).
 * One plan per pair of header lists, shared by every line that has them.
 */
export interface CellMergePlan {
  readonly headers: readonly string[];
  readonly from: readonly number[];
  /** Where the import's cell only fills (kinds.ts `cellRule`): the stored value's index, kept when the import's is empty. */
  readonly fallback: readonly (number | undefined)[];
}

/**
 * Plans the merge of an import of `kind` into a stored line (docs/reports.md, "The worker"): the import sets the cells
 * of the columns it owns (shared/report/kinds.ts `cellRule`; its `fills` columns only with a non-empty cell), adds the cells of columns the line lacks, and the line
 * keeps every other cell. A header is matched by its text, else by the column it names, so a line keeps one cell per
 * column. An order report's columns come first, in its order (the add-in writes a new sheet's header from a line's
 * cells); otherwise the stored order stays and the import's new columns follow.
 */
export function planCellMerge(stored: readonly string[], imported: readonly string[], kind: ReportKind): CellMergePlan {
  const storedAt = indexOfCell(stored);
  const importedAt = indexOfCell(imported);
  const headers: string[] = [];
  const from: number[] = [];
  const fallback: (number | undefined)[] = [];
  if (kind === 'orders') {
    // An order report sets every cell it has (cellRule).
    imported.forEach((header, i) => {
      headers.push(header);
      from.push(-i - 1);
    });
    stored.forEach((header, j) => {
      if (importedAt(header) !== undefined) return;
      headers.push(header);
      from.push(j);
    });
  } else {
    stored.forEach((header, j) => {
      const i = importedAt(header);
      const rule = i === undefined ? 'keeps' : cellRule(kind, imported[i]!);
      headers.push(header);
      from.push(rule === 'keeps' ? j : -i! - 1);
      if (rule === 'fills') fallback[headers.length - 1] = j;
    });
    imported.forEach((header, i) => {
      if (storedAt(header) !== undefined) return;
      headers.push(header);
      from.push(-i - 1);
    });
  }
  return { headers, from, fallback };
}

/** The merged values of one line. */
export function mergeCellValues(plan: CellMergePlan, stored: readonly string[], imported: readonly string[]): string[] {
  return plan.from.map((at, k) => {
    const value = (at >= 0 ? stored[at] : imported[-at - 1]) ?? '';
    const kept = plan.fallback[k];
    return kept !== undefined && value.trim() === '' ? (stored[kept] ?? '') : value;
  });
}

/** Where a header's cell is in a header list: the same text, else the first header naming the same column. */
function indexOfCell(headers: readonly string[]): (header: string) => number | undefined {
  const byText = new Map(headers.map((header, i) => [header, i]));
  const byColumn = new Map<string, number>();
  headers.forEach((header, i) => {
    const column = cellColumnOf(header);
    if (!byColumn.has(column)) byColumn.set(column, i);
  });
  return (header) => byText.get(header) ?? byColumn.get(cellColumnOf(header));
}
