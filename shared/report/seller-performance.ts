import { z } from 'zod';
import type { Policy } from '../policy/schema.js';
import type { OdrSummary } from '../schemas/statuses.js';
import { ReportError } from './read-report.js';

/**
 * Amazon's Seller Performance report (SP-API GET_V2_SELLER_PERFORMANCE_REPORT, JSON): its Order Defect Rate
 * per fulfilment side, to be shown beside ours. Only the fields we compare are read; others are ignored.
 * Field names as in the fixture (airbyte-seller-performance-report-odr.json.txt) and public typings of the
 * report (orderWithDefects, claims, chargebacks, negativeFeedback, orderCount, reportingDateRange).
 */
const count = z.object({ count: z.number().int().nonnegative() }).partial();
const dateRange = z.object({ reportingDateFrom: z.string(), reportingDateTo: z.string() });
const SideSchema = z.object({
  rate: z.number().min(0).max(1).optional(),
  status: z.string().optional(),
  targetValue: z.number().optional(),
  orderCount: z.number().int().nonnegative().optional(),
  orderWithDefects: count.optional(),
  claims: count.optional(),
  chargebacks: count.optional(),
  negativeFeedback: count.optional(),
  reportingDateRange: dateRange.optional(),
});
export const SellerPerformanceSchema = z.object({
  accountStatuses: z.array(z.object({ marketplaceId: z.string(), status: z.string() }).partial()).optional(),
  performanceMetrics: z
    .array(z.object({ orderDefectRate: z.object({ afn: SideSchema.optional(), mfn: SideSchema.optional() }).optional() }))
    .min(1),
});
export type SellerPerformance = z.infer<typeof SellerPerformanceSchema>;
type Side = z.infer<typeof SideSchema>;

/** Parses the report's JSON text; a ReportError says what is wrong, with the path of the bad field. */
export function parseSellerPerformance(text: string): SellerPerformance {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ReportError(`The Seller Performance report is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = SellerPerformanceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReportError(`This JSON is not a Seller Performance report: at ${issue.path.join('.') || '(top)'}: ${issue.message}. It needs performanceMetrics[].orderDefectRate.afn / .mfn.`);
  }
  return parsed.data;
}

export interface OdrSideComparison {
  side: 'afn' | 'mfn';
  ours: { orders: number; ordersWithDefects: number; rate: number | null; windowStart: string; windowEnd: string };
  amazon: { rate: number | null; orders: number | null; ordersWithDefects: number | null; windowStart: string | null; windowEnd: string | null; status: string | null };
  /** Amazon's rate minus ours, when both are known. */
  difference: number | null;
  /** Why the two may differ, each a sentence: the window, the lag, orders one side counts that the other does not. */
  explanation: string[];
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : null);
const rate4 = (n: number) => Math.round(n * 10_000) / 10_000;
const pct = (n: number | null) => (n === null ? 'n/a' : `${(n * 100).toFixed(2)}%`);

/** Our ODR beside Amazon's, per side, with the difference explained (docs/reports.md). */
export function compareOdr(ours: OdrSummary, amazon: SellerPerformance, policy: Pick<Policy, 'odrWindowDays' | 'odrLagDays'>): OdrSideComparison[] {
  const odr = amazon.performanceMetrics.find((m) => m.orderDefectRate)?.orderDefectRate ?? {};
  return (['afn', 'mfn'] as const).map((side) => compareSide(side, ours, odr[side], policy));
}

function compareSide(side: 'afn' | 'mfn', summary: OdrSummary, theirs: Side | undefined, policy: Pick<Policy, 'odrWindowDays' | 'odrLagDays'>): OdrSideComparison {
  const counts = summary[side];
  const ours = {
    orders: counts.orders,
    ordersWithDefects: counts.ordersWithDefects,
    rate: counts.orders === 0 ? null : rate4(counts.ordersWithDefects / counts.orders),
    windowStart: summary.windowStart,
    windowEnd: summary.windowEnd,
  };
  const amazon = {
    rate: theirs?.rate ?? null,
    orders: theirs?.orderCount ?? null,
    ordersWithDefects: theirs?.orderWithDefects?.count ?? null,
    windowStart: day(theirs?.reportingDateRange?.reportingDateFrom),
    windowEnd: day(theirs?.reportingDateRange?.reportingDateTo),
    status: theirs?.status ?? null,
  };
  const difference = amazon.rate !== null && ours.rate !== null ? rate4(amazon.rate - ours.rate) : null;
  const explanation: string[] = [];
  const label = side.toUpperCase();
  if (!theirs) {
    explanation.push(`Amazon's report gives no ${label} Order Defect Rate.`);
  } else {
    if (amazon.windowStart && amazon.windowEnd && (amazon.windowStart !== ours.windowStart || amazon.windowEnd !== ours.windowEnd)) {
      explanation.push(
        `Window: Amazon counts orders placed ${amazon.windowStart} to ${amazon.windowEnd}; ours are ${ours.windowStart} to ${ours.windowEnd} ` +
          `(${policy.odrWindowDays} days ending ${policy.odrLagDays} days before the as-of date). Set --as-of or odrLagDays to compare the same days.`,
      );
    } else if (!amazon.windowStart) {
      explanation.push(`Window: Amazon's report names no dates for this rate; ours counts orders placed ${ours.windowStart} to ${ours.windowEnd}.`);
    }
    explanation.push(
      `Lag: Amazon counts a defect when it is recorded (a claim, chargeback or feedback can come weeks after the order); ` +
        `ours counts what the imported reports say as of now, so recent defects may be in one and not yet in the other.`,
    );
    if (amazon.orders !== null && amazon.orders !== ours.orders) {
      explanation.push(
        amazon.orders > ours.orders
          ? `Orders: Amazon counts ${amazon.orders} ${label} orders, the imported reports hold ${ours.orders}: ${amazon.orders - ours.orders} orders Amazon counts are not in the imports (import an order report covering the whole window).`
          : `Orders: the imported reports hold ${ours.orders} ${label} orders in the window, Amazon counts ${amazon.orders}: ${ours.orders - amazon.orders} of ours are not counted by Amazon (placed after its data ends, or cancelled).`,
      );
    } else if (amazon.orders === null) {
      explanation.push(`Orders: Amazon's report gives no order count, so orders it counts that the imports lack cannot be told apart from defects.`);
    }
    if (amazon.ordersWithDefects !== null && amazon.ordersWithDefects !== ours.ordersWithDefects) {
      explanation.push(`Defects: Amazon counts ${amazon.ordersWithDefects} orders with a defect, ours ${ours.ordersWithDefects} (import the Feedback report and the claim sheet for claims and negative feedback).`);
    }
  }
  if (difference !== null) explanation.unshift(`Amazon ${pct(amazon.rate)}, ours ${pct(ours.rate)}: a difference of ${(difference * 100).toFixed(2)} points.`);
  return { side, ours, amazon, difference, explanation };
}
