import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOrders } from '../../bench/orders-generator.js';
import type { Policy } from '../../shared/policy/schema.js';
import { openReport } from '../../shared/report/read-report.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import type { RowError } from '../../shared/schemas/statuses.js';

const DAY = 86_400_000;
const EXAMPLE = fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url));
/** The day the example sheet was written for (README: evaluated as of 2024-03-15). */
const EXAMPLE_DAY = Date.UTC(2024, 2, 15);

/**
 * examples/orders-and-claims.csv with every date moved by whole days so that 2024-03-15 becomes the
 * UTC day of `now` (times and offsets kept): the sheet's states then occur around the real clock.
 */
export function exampleSheetAround(now: number): string {
  const shift = Math.floor(now / DAY) - EXAMPLE_DAY / DAY;
  return readFileSync(EXAMPLE, 'utf8').replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y: string, m: string, d: string) =>
    new Date(Date.UTC(+y, +m - 1, +d) + shift * DAY).toISOString().slice(0, 10),
  );
}

/** A generated All Orders report (tab-separated) of `rows` item lines around `now`. */
export function generatedReportAround(now: number, rows: number, seed = 20240315): string {
  return [...generateOrders({ rows, seed, asOf: new Date(now).toISOString() })].join('\n');
}

export interface ReadSheet {
  headers: string[];
  items: ({ line: number; cells: string[] } & ({ row: OrderRow; errors?: undefined } | { row?: undefined; errors: RowError[] }))[];
}

/** Reads report text with the shared reader (header detection, typed rows, row errors). */
export async function readSheet(text: string, policy: Policy): Promise<ReadSheet> {
  const report = await openReport(text, { policy });
  const items: ReadSheet['items'] = [];
  for await (const batch of report.batches) items.push(...batch.items);
  return { headers: report.headers, items };
}
