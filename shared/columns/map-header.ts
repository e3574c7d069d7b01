import { CANONICAL_COLUMNS, type CanonicalColumn } from './canonical.js';
import { normalizeName } from './normalize.js';

/** Where each canonical column sits in a header row (0-based), and the header text as the file wrote it. */
export type ColumnMap = Partial<Record<CanonicalColumn, { index: number; header: string }>>;

const aliasLookup: ReadonlyMap<string, { column: CanonicalColumn; rank: number }> = (() => {
  const map = new Map<string, { column: CanonicalColumn; rank: number }>();
  for (const [column, aliases] of Object.entries(CANONICAL_COLUMNS) as [CanonicalColumn, readonly string[]][]) {
    aliases.forEach((alias, rank) => map.set(normalizeName(alias), { column, rank }));
  }
  return map;
})();

/** The canonical column a header names, if any. */
export function canonicalColumnOf(header: string): CanonicalColumn | undefined {
  return aliasLookup.get(normalizeName(header))?.column;
}

/**
 * Maps a header row. `overrides` (canonical column → header text, e.g. from the add-in's picker)
 * win over the aliases; among aliases the better-ranked spelling wins, then the leftmost column.
 */
export function mapHeader(headers: readonly string[], overrides: Partial<Record<CanonicalColumn, string>> = {}): ColumnMap {
  const map: ColumnMap = {};
  const ranks: Partial<Record<CanonicalColumn, number>> = {};
  headers.forEach((header, index) => {
    const hit = aliasLookup.get(normalizeName(header));
    if (!hit) return;
    const best = ranks[hit.column];
    if (best === undefined || hit.rank < best) {
      map[hit.column] = { index, header: header.trim() };
      ranks[hit.column] = hit.rank;
    }
  });
  for (const [column, wanted] of Object.entries(overrides) as [CanonicalColumn, string][]) {
    const index = headers.findIndex((h) => normalizeName(h) === normalizeName(wanted));
    if (index >= 0) map[column] = { index, header: headers[index]!.trim() };
  }
  return map;
}
