import { encodeCellValues } from './cells.js';
import { encodeRow, identityColumns } from './codec.js';
import type { EncodedImportLine, ImportLine } from './types.js';

/** An import line as the store stages it. Runtime-neutral: the worker's reader threads call it too. */
export function encodeImportLine(line: ImportLine): EncodedImportLine {
  const identity = identityColumns(line.row);
  return {
    lineKey: line.lineKey,
    orderId: identity.order_id,
    orderItemId: identity.order_item_id,
    sku: identity.sku,
    rowJson: encodeRow(line.row),
    headers: line.cells.headers,
    valuesJson: encodeCellValues(line.cells),
  };
}

export function encodeImportLines(lines: readonly ImportLine[]): EncodedImportLine[] {
  return lines.map(encodeImportLine);
}
