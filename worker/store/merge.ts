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

/**
 * A stored line merged with the same line from an import: report fields come from the import;
 * operator fields keep the stored value unless it is empty, then take the import's.
 */
export function mergeImported(stored: OrderRow, imported: OrderRow): OrderRow {
  const merged: Record<string, unknown> = { ...imported };
  for (const field of OPERATOR_FIELDS) {
    if (!isEmptyOperatorValue(field, stored[field])) merged[field] = stored[field];
  }
  return merged as OrderRow;
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
