import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateReport, evaluateReportPiece, mergeOdrPieces } from '../../shared/evaluate-report.js';
import type { OpenedReport, ReportBatch, ReportItem } from '../../shared/report/read-report.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import { at, P, policy, row } from '../helpers/rows.js';

/** The ODR summary of a report evaluated in pieces (worker threads) equals the summary of one pass. */

const ASOF = at('2024-06-30T12:00:00-07:00');
const IN_WINDOW = ['2024-05-01T10:00:00-07:00', '2024-06-01T10:00:00-07:00', '2024-04-20T10:00:00-07:00'];

/** A few orders over many lines: lines of one order differ in side (AFN/MFN) and defects, and may be cancelled. */
const orderLine = fc
  .record({
    order: fc.integer({ min: 1, max: 12 }),
    afn: fc.boolean(),
    claim: fc.boolean(),
    cancelled: fc.boolean(),
    purchase: fc.constantFrom(...IN_WINDOW, '2024-01-01T10:00:00-07:00'),
    zone: fc.constantFrom('America/Los_Angeles', 'Asia/Tokyo'),
  })
  .map(
    (l): OrderRow =>
      row({
        orderId: `111-0000000-${String(l.order).padStart(7, '0')}`,
        fulfillment: l.afn ? 'afn' : 'mfn',
        purchaseAt: l.purchase,
        orderStatus: l.cancelled ? 'Cancelled' : 'Shipped',
        timeZone: l.zone,
        ...(l.claim ? { claimAt: '2024-06-20T10:00:00-07:00', claimReason: 'not_received' as const } : {}),
      }),
  );

const items = (rows: readonly OrderRow[], from: number): ReportItem[] => rows.map((r, i) => ({ line: from + i, cells: [], row: r }));

async function* batchesOf(...batches: ReportItem[][]): AsyncGenerator<ReportBatch> {
  for (const batch of batches) yield { items: batch };
}

async function drain(batches: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of batches);
}

async function wholeSummary(rows: OrderRow[], p = P) {
  const evaluation = evaluateReport({ batches: batchesOf(items(rows, 2)) } as unknown as OpenedReport, p, ASOF);
  await drain(evaluation.batches);
  return evaluation.summary();
}

async function piecewiseSummary(rows: OrderRow[], cuts: number[], p = P) {
  const bounds = [0, ...cuts.map((c) => c % (rows.length + 1)).sort((a, b) => a - b), rows.length];
  const pieces = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = evaluateReportPiece(batchesOf(items(rows.slice(bounds[i], bounds[i + 1]), 2 + bounds[i]!)), p, ASOF);
    await drain(piece.batches);
    pieces.push(piece.odr());
  }
  return mergeOdrPieces(pieces, p, ASOF);
}

describe('ODR summary of a report evaluated in pieces', () => {
  it('equals the one-pass summary wherever the pieces are cut (an order counted once, side of its first line)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orderLine, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 4 }), async (rows, cuts) => {
        expect(await piecewiseSummary(rows, cuts)).toEqual(await wholeSummary(rows));
      }),
      { numRuns: 200 },
    );
  });

  it('shows the window in the zone of the first row, even when the first pieces have none', async () => {
    const tokyo = row({ orderId: '249-1', purchaseAt: IN_WINDOW[0]!, timeZone: 'Asia/Tokyo' });
    const la = row({ orderId: '111-1', purchaseAt: IN_WINDOW[0]!, timeZone: 'America/Los_Angeles' });
    expect(await piecewiseSummary([tokyo, la], [0, 0])).toEqual(await wholeSummary([tokyo, la]));
    const zoned = policy({ timeZone: 'Europe/London' });
    expect(await piecewiseSummary([tokyo, la], [1], zoned)).toEqual(await wholeSummary([tokyo, la], zoned));
  });
});
