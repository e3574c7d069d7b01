/** Plain-text tables and number formats for the benchmark report. */

export const MB = 1024 * 1024;

export const formatInt = (n: number): string => n.toLocaleString('en-US');
export const formatMb = (bytes: number | null): string => (bytes === null ? 'n/a' : `${(bytes / MB).toFixed(1)} MB`);
export const formatSeconds = (s: number): string => `${s.toFixed(2)} s`;
export const verdict = (pass: boolean | null): string => (pass === null ? 'n/a' : pass ? 'PASS' : 'MISS');

/** Left-aligns the first column, right-aligns the others. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('   ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('   ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
