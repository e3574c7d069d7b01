/// <reference types="office-js" />
import { queueHeaderScan, queueUsedBounds, type TableLocation } from './find-table.js';
import type { ExcelHost } from './host.js';
import { loadColumnMapping, type ColumnOverrides } from './settings.js';

/**
 * The active sheet's order table as the column picker needs it: headers, the columns found, and the
 * required and recommended ones that are missing. Two syncs.
 */
export async function locateTable(host: ExcelHost, options: { columnOverrides?: ColumnOverrides } = {}): Promise<TableLocation> {
  return host.run(async (context) => {
    const usedBounds = queueUsedBounds(context);
    await context.sync();
    const bounds = usedBounds();
    const overrides = options.columnOverrides ?? loadColumnMapping(host.settings, bounds.sheetName);
    const located = queueHeaderScan(context, bounds, overrides);
    await context.sync();
    return located();
  });
}
