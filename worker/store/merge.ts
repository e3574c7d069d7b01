import type { OrderRow } from '../../shared/schemas/order-row.js';
import { OPERATOR_FIELDS, type OperatorField, type OperatorPatch } from './types.js';

/**
 * What the report reader puts in a required operator field when its cell is empty. Such a value says
 * nothing the operator chose, so it counts as empty: an import may fill it, a clearing patch restores it.
 */
const EMPTY_VALUES: Partial<Record<OperatorField, unknown>> = { itemType: 'physical', chargeback: false };

export function isEmptyOperatorValue(field: OperatorField, value: unknown): boolean {
  return value === undefined || value === EMPTY_VALUES[field];
}

/** What identifies a line and its zone: the import's (the zone stays the line's where the line keeps its sales channel). */
const LINE_IDS = new Set(['orderId', 'orderItemId', 'sku', 'timeZone']);

/**
 * A stored line merged with the same line from an import: report fields come from the import;
 * operator fields keep the stored value if an operator set it (`operatorSet`, whatever the value: false and
 * physical too) or if it is not empty; otherwise they take the import's. With `sets`, any other field the import
 * does not set keeps the stored value; with `fills`, a field the import fills keeps the stored value where the import has none.
 */
export function mergeImported(
  stored: OrderRow,
  imported: OrderRow,
  operatorSet: ReadonlySet<string> = new Set(),
  sets?: ReadonlySet<string>,
  fills?: ReadonlySet<string>,
): OrderRow {
  const merged: Record<string, unknown> = { ...imported };
  // Fields the import fills (a claim sheet's copy of order columns) take its value only where it has one.
  if (fills) {
    for (const field of fills) {
      const kept = (stored as Record<string, unknown>)[field];
      if ((imported as Record<string, unknown>)[field] === undefined && kept !== undefined) merged[field] = kept;
    }
  }
  // Fields the import does not set (its header lacks them, or its kind does not own them) keep the stored value.
  if (sets) {
    for (const field of new Set([...Object.keys(stored), ...Object.keys(imported)])) {
      if (LINE_IDS.has(field) || sets.has(field)) continue;
      const kept = (stored as Record<string, unknown>)[field];
      if (kept !== undefined) merged[field] = kept;
    }
  }
  // The zone follows the sales channel: where the line keeps its channel (an import without one), it keeps its zone.
  if (merged.salesChannel !== imported.salesChannel && stored.timeZone !== undefined) merged.timeZone = stored.timeZone;
  for (const field of OPERATOR_FIELDS) {
    if (operatorSet.has(field) || !isEmptyOperatorValue(field, stored[field])) merged[field] = stored[field];
  }
  return merged as OrderRow;
}

/** The stored form of the fields an operator set (orders.operator_set): names in OPERATOR_FIELDS order, comma-separated. */
export function decodeOperatorSet(text: string): Set<string> {
  return new Set(text === '' ? [] : text.split(','));
}

export function encodeOperatorSet(fields: ReadonlySet<string>): string {
  return OPERATOR_FIELDS.filter((field) => fields.has(field)).join(',');
}

/**
 * The operator set after a patch: a field given a value joins it (an import never overwrites it from then on),
 * a field cleared with null leaves it (an import may fill it again).
 */
export function patchOperatorSet(current: ReadonlySet<string>, patch: OperatorPatch): Set<string> {
  const next = new Set(current);
  for (const field of OPERATOR_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value === null) next.delete(field);
    else next.add(field);
  }
  return next;
}

/** The row with a patch applied: a value sets the field, null clears it, a missing key leaves it. */
export function applyPatch(row: OrderRow, patch: OperatorPatch): OrderRow {
  const patched: Record<string, unknown> = { ...row };
  for (const field of OPERATOR_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    patched[field] = value === null ? EMPTY_VALUES[field] : value;
  }
  return patched as OrderRow;
}
