/**
 * Deterministic generator of a realistic Amazon "All Orders" report with claim-tracking columns,
 * for benchmarks and tests. Output depends only on (rows, seed, asOf): same options, same bytes.
 *
 * Dates are spread around `asOf` so that every claim-guard status occurs: orders still in transit,
 * late and lost ones, claims filed hours ago (response due / overdue), decided claims inside and
 * outside the appeal window, claims outside the 90-day window, and claims filed too early.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { buildCatalog, pickMarketplace, type Marketplace, type Product } from './orders-catalog.js';
import { ORDER_REPORT_COLUMNS, type ClaimReason, type ClaimStatus } from './orders-columns.js';
import { Rng, weighted } from './prng.js';
import { formatDate, formatDateTime, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './report-dates.js';

export const DEFAULT_ROWS = 500_000;
export const DEFAULT_SEED = 20240315;
export const DEFAULT_AS_OF = '2024-03-15T19:00:00Z';

export interface GenerateOptions {
  /** Item lines after the header; an order with several items spans several lines. */
  rows: number;
  seed: number;
  /** ISO instant the data is built around ("now" for the evaluator). */
  asOf: string;
}

export const REPORT_HEADER = ORDER_REPORT_COLUMNS.join('\t');

const PURCHASE_SPREAD_DAYS = 120;
const CATALOG_SIZE = 2_000;

type OrderStatus = 'Shipped' | 'Pending' | 'Cancelled' | 'Unshipped';
type Fulfillment = 'Amazon' | 'Merchant';

interface Order {
  id: string;
  merchantOrderId: string;
  status: OrderStatus;
  fulfillment: Fulfillment;
  market: Marketplace;
  /** The order-level columns after the item columns, already rendered. */
  orderColumns: OrderColumns;
  /** The 12 claim-tracking columns, repeated on each item line of the order. */
  tracking: string[];
}

interface OrderColumns {
  purchaseDate: string;
  lastUpdatedDate: string;
  shipServiceLevel: string;
  city: string;
  state: string;
  postalCode: string;
  promotionIds: string;
  isBusiness: string;
  purchaseOrderNumber: string;
  priceDesignation: string;
}

// Spellings seen in hand-kept sheets; the evaluator must normalise them.
const REASON_SPELLINGS: Record<ClaimReason, readonly string[]> = {
  not_received: ['not_received', 'Not received', 'not-received', 'Not Received', 'NOT_RECEIVED'],
  damaged: ['damaged', 'Damaged'],
  defective: ['defective', 'Defective'],
  not_as_described: ['not_as_described', 'Not as described', 'not-as-described'],
  return_not_refunded: ['return_not_refunded', 'Return not refunded', 'return-not-refunded'],
  international_return_label: ['international_return_label', 'International return label'],
  unexpected_fees: ['unexpected_fees', 'Unexpected fees', 'unexpected-fees'],
};

const STATUS_SPELLINGS: Record<ClaimStatus, readonly string[]> = {
  open: ['open', 'Open', ''],
  granted: ['granted', 'Granted'],
  amazon_funded: ['amazon_funded', 'Amazon funded', 'amazon-funded'],
  denied: ['denied', 'Denied'],
  withdrawn: ['withdrawn', 'Withdrawn'],
  refunded: ['refunded', 'Refunded'],
};

const DELIVERED_REASONS: readonly (readonly [ClaimReason, number])[] = [
  ['damaged', 22],
  ['defective', 22],
  ['not_as_described', 20],
  ['return_not_refunded', 14],
  ['unexpected_fees', 8],
  ['international_return_label', 6],
  ['not_received', 8], // "delivered" per tracking, buyer says otherwise
];

const UNDELIVERED_REASONS: readonly (readonly [ClaimReason, number])[] = [
  ['not_received', 90],
  ['unexpected_fees', 6],
  ['international_return_label', 4],
];

const DECIDED_STATUSES: readonly (readonly [ClaimStatus, number])[] = [
  ['granted', 30],
  ['amazon_funded', 15],
  ['denied', 28],
  ['withdrawn', 14],
  ['refunded', 13],
];

const ID_PREFIXES: Record<string, readonly string[]> = {
  US: ['111', '112', '113', '114'],
  GB: ['202', '203', '204', '205', '206'],
  DE: ['302', '303', '304', '305', '306'],
  JP: ['249', '250', '503'],
};

/** Draws everything for one report; one instance per generated file. */
class OrderFactory {
  private readonly catalog: Product[];

  constructor(
    private readonly rng: Rng,
    private readonly asOfMs: number,
  ) {
    this.catalog = buildCatalog(rng, CATALOG_SIZE);
  }

  itemCount(): number {
    return weighted(this.rng, [
      [1, 88],
      [2, 9],
      [3, 3],
    ]);
  }

  order(): Order {
    const { rng, asOfMs } = this;
    const market = pickMarketplace(rng);
    const fulfillment: Fulfillment = rng.chance(0.55) ? 'Amazon' : 'Merchant';
    const purchaseMs = Math.floor(asOfMs - rng.next() * PURCHASE_SPREAD_DAYS * MS_PER_DAY);
    const status = this.orderStatus(asOfMs - purchaseMs, fulfillment);
    // Most exports write +00:00; some sheets carry the marketplace's local offset.
    const offset = rng.chance(0.8) ? 0 : market.localOffsetMinutes;
    const id = `${rng.pick(ID_PREFIXES[market.country]!)}-${rng.digits(7)}-${rng.digits(7)}`;
    const events = this.timeline(purchaseMs, status, fulfillment, offset);
    const place = rng.pick(market.places);
    const isBusiness = rng.chance(0.07);
    const lastUpdatedMs = Math.min(asOfMs, Math.max(purchaseMs + rng.between(10, 360) * MS_PER_MINUTE, events.lastTouchMs));

    return {
      id,
      merchantOrderId: this.merchantOrderId(id, fulfillment),
      status,
      fulfillment,
      market,
      orderColumns: {
        purchaseDate: formatDateTime(purchaseMs, offset),
        lastUpdatedDate: formatDateTime(lastUpdatedMs, offset),
        shipServiceLevel: fulfillment === 'Amazon'
          ? rng.pick(['Standard', 'Standard', 'Expedited', 'SecondDay', 'NextDay'])
          : rng.pick(['Standard', 'Standard', 'FreeEconomy', 'Expedited']),
        city: place.city,
        state: place.state,
        postalCode: place.postalCode,
        promotionIds: this.promotionIds(market),
        isBusiness: isBusiness ? 'true' : 'false',
        purchaseOrderNumber: isBusiness && rng.chance(0.5) ? `PO-${rng.digits(6)}` : '',
        priceDesignation: isBusiness && rng.chance(0.5) ? 'BusinessPrice' : '',
      },
      tracking: events.columns,
    };
  }

  /** One tab-separated item line of `order`. */
  itemLine(order: Order): string {
    const { rng } = this;
    const o = order.orderColumns;
    const product = rng.pick(this.catalog);
    const money = this.itemMoney(order, product);
    return [
      order.id,
      order.merchantOrderId,
      o.purchaseDate,
      o.lastUpdatedDate,
      order.status,
      order.fulfillment,
      order.market.salesChannel,
      '', // order-channel: empty for orders placed on Amazon
      '', // url
      o.shipServiceLevel,
      product.name,
      product.sku,
      product.asin,
      order.status === 'Shipped' ? 'Shipped' : order.status === 'Cancelled' ? 'Cancelled' : 'Unshipped',
      money.quantity,
      order.market.currency,
      money.itemPrice,
      money.itemTax,
      money.shippingPrice,
      money.shippingTax,
      money.giftWrapPrice,
      money.giftWrapTax,
      money.itemPromotionDiscount,
      money.shipPromotionDiscount,
      o.city,
      o.state,
      o.postalCode,
      order.market.country,
      o.promotionIds,
      o.isBusiness,
      o.purchaseOrderNumber,
      o.priceDesignation,
      ...order.tracking,
    ].join('\t');
  }

  private orderStatus(ageMs: number, fulfillment: Fulfillment): OrderStatus {
    const { rng } = this;
    if (rng.chance(0.03)) return 'Cancelled';
    if (ageMs < MS_PER_DAY) {
      return weighted<OrderStatus>(rng, [
        ['Pending', 45],
        ['Unshipped', 35],
        ['Shipped', 20],
      ]);
    }
    if (fulfillment === 'Merchant' && (ageMs < 3 * MS_PER_DAY || rng.chance(0.004))) {
      // Includes a few long-forgotten merchant orders that were never shipped.
      return rng.chance(0.3) || ageMs >= 3 * MS_PER_DAY ? 'Unshipped' : 'Shipped';
    }
    return 'Shipped';
  }

  private merchantOrderId(id: string, fulfillment: Fulfillment): string {
    const r = this.rng.next();
    if (fulfillment === 'Merchant' && r < 0.1) return `SO-${this.rng.digits(6)}`;
    return r < 0.6 ? id : '';
  }

  private promotionIds(market: Marketplace): string {
    const { rng } = this;
    if (!rng.chance(0.1)) return '';
    const core = `${market.country} Core Free Shipping Promotion ${rng.digits(8)}`;
    return rng.chance(0.3) ? `${core},PLM-${rng.digits(5)}` : core;
  }

  /** Delivery and claim columns, plus the latest event (for last-updated-date). */
  private timeline(
    purchaseMs: number,
    status: OrderStatus,
    fulfillment: Fulfillment,
    offset: number,
  ): { columns: string[]; lastTouchMs: number } {
    const { rng } = this;
    const eddDays = fulfillment === 'Amazon' ? rng.int(2, 5) : rng.int(3, 10);
    // Latest delivery date = end of that day in the order's offset.
    const eddMs = rng.chance(0.01)
      ? undefined
      : Math.floor((purchaseMs + offset * MS_PER_MINUTE) / MS_PER_DAY + eddDays + 1) * MS_PER_DAY - offset * MS_PER_MINUTE - 1000;
    const eddText = eddMs === undefined ? '' : rng.chance(0.5) ? formatDate(eddMs, offset) : formatDateTime(eddMs, offset);

    const itemType = weighted(rng, [
      ['', 974],
      ['digital', 10],
      ['gift card', 8],
      ['service', 8],
    ]);
    const deliveredMs = status === 'Shipped' ? this.deliveredAt(purchaseMs, eddMs, itemType !== '') : undefined;

    const claim = this.claim(purchaseMs, status, eddMs, deliveredMs);
    const chargeback = rng.chance(0.002) ? rng.pick(['yes', 'Yes']) : '';
    const feedback = rng.chance(0.07) ? String(weighted(rng, [[5, 45], [4, 20], [3, 10], [2, 8], [1, 17]])) : '';

    const fmt = (ms: number | undefined) => (ms === undefined ? '' : formatDateTime(ms, offset));
    return {
      columns: [
        eddText,
        fmt(deliveredMs),
        fmt(claim?.claimMs),
        claim?.reason ?? '',
        claim?.status ?? '',
        fmt(claim?.contactMs),
        fmt(claim?.responseMs),
        fmt(claim?.decisionMs),
        fmt(claim?.appealMs),
        chargeback,
        feedback,
        itemType,
      ],
      lastTouchMs: (deliveredMs ?? purchaseMs) + rng.between(0, 2) * MS_PER_HOUR,
    };
  }

  /** Most orders arrive on time, some late, a few never (lost); undefined while still in transit. */
  private deliveredAt(purchaseMs: number, eddMs: number | undefined, nonPhysical: boolean): number | undefined {
    const { rng, asOfMs } = this;
    if (nonPhysical) return purchaseMs + rng.between(1, 120) * MS_PER_MINUTE;
    const edd = eddMs ?? purchaseMs + 7 * MS_PER_DAY;
    const kind = weighted(rng, [
      ['onTime', 89],
      ['late', 8],
      ['lost', 3],
    ]);
    if (kind === 'lost') return undefined;
    const ms = kind === 'onTime'
      ? rng.between(purchaseMs + 20 * MS_PER_HOUR, edd)
      : edd + rng.between(1, 10 * 24) * MS_PER_HOUR;
    return ms <= asOfMs ? ms : undefined;
  }

  /** An A-to-z claim for about 3% of lines, biased towards undelivered orders. */
  private claim(purchaseMs: number, status: OrderStatus, eddMs: number | undefined, deliveredMs: number | undefined) {
    const { rng, asOfMs } = this;
    if (status !== 'Shipped' && !(status === 'Unshipped' && rng.chance(0.02))) return undefined;
    const edd = eddMs ?? purchaseMs + 7 * MS_PER_DAY;
    const undelivered = deliveredMs === undefined;
    if (!rng.chance(undelivered && edd < asOfMs ? 0.25 : 0.026)) return undefined;

    const reason = weighted(rng, undelivered ? UNDELIVERED_REASONS : DELIVERED_REASONS);
    let earliest = reason === 'not_received' || undelivered ? edd : deliveredMs + MS_PER_HOUR;
    // A few buyers file before the latest delivery date has passed.
    if (reason === 'not_received' && rng.chance(0.04)) earliest = purchaseMs + MS_PER_DAY;
    if (earliest >= asOfMs) return undefined;

    // A quarter filed in the last four days, so open claims with responses due and overdue are common.
    const recentStart = asOfMs - 96 * MS_PER_HOUR;
    const claimMs = rng.chance(0.25) && recentStart > earliest
      ? rng.between(recentStart, asOfMs)
      : rng.between(earliest, asOfMs);
    const claimAgeDays = (asOfMs - claimMs) / MS_PER_DAY;

    const decided = claimAgeDays > 1 && rng.chance(Math.min(0.92, claimAgeDays / 12));
    const canonicalStatus: ClaimStatus = decided ? weighted(rng, DECIDED_STATUSES) : 'open';
    const decisionMs = decided
      ? claimMs + rng.between(20 * MS_PER_HOUR, Math.min(asOfMs - claimMs, 14 * MS_PER_DAY))
      : undefined;

    const contactMs = rng.chance(0.75) ? Math.max(purchaseMs + MS_PER_HOUR, claimMs - rng.between(2, 240) * MS_PER_HOUR) : undefined;
    const responseCandidate = claimMs + rng.between(1, 110) * MS_PER_HOUR;
    const responseMs = rng.chance(0.55) && responseCandidate <= asOfMs ? responseCandidate : undefined;
    const appealCandidate = decisionMs === undefined ? Infinity : decisionMs + rng.between(1, 40) * MS_PER_DAY;
    const appealable = canonicalStatus === 'granted' || canonicalStatus === 'amazon_funded';
    const appealMs = appealable && rng.chance(0.1) && appealCandidate <= asOfMs ? appealCandidate : undefined;

    return {
      claimMs,
      reason: spell(rng, REASON_SPELLINGS[reason]),
      status: spell(rng, STATUS_SPELLINGS[canonicalStatus]),
      contactMs,
      responseMs,
      decisionMs,
      appealMs,
    };
  }

  private itemMoney(order: Order, product: Product) {
    const { rng } = this;
    const { market } = order;
    const money = (v: number) => (market.decimals === 0 ? String(Math.round(v / 10) * 10) : v.toFixed(2));
    const quantity = weighted(rng, [[1, 85], [2, 10], [3, 4], [5, 1]]);
    if (order.status === 'Cancelled' || order.status === 'Pending') {
      // Amazon leaves amounts empty until payment is authorised, and zeroes cancelled quantities.
      const blank = { itemPrice: '', itemTax: '', shippingPrice: '', shippingTax: '', giftWrapPrice: '', giftWrapTax: '', itemPromotionDiscount: '', shipPromotionDiscount: '' };
      return { quantity: order.status === 'Cancelled' ? '0' : String(quantity), ...blank };
    }
    const price = product.basePrice * market.priceFactor * quantity;
    const taxRate = market.country === 'US' ? rng.pick([0, 0.06, 0.0725, 0.0825, 0.1025]) : 0;
    const shipping = order.fulfillment === 'Amazon' || rng.chance(0.5) ? 0 : rng.pick([3.99, 5.99, 7.99]) * market.priceFactor;
    const giftWrap = rng.chance(0.02) ? 3.99 * market.priceFactor : undefined;
    return {
      quantity: String(quantity),
      itemPrice: money(price),
      itemTax: money(price * taxRate),
      shippingPrice: money(shipping),
      shippingTax: money(shipping * taxRate),
      giftWrapPrice: giftWrap === undefined ? '' : money(giftWrap),
      giftWrapTax: giftWrap === undefined ? '' : money(giftWrap * taxRate),
      itemPromotionDiscount: rng.chance(0.08) ? `-${money(price * 0.15)}` : money(0),
      shipPromotionDiscount: shipping > 0 && rng.chance(0.3) ? `-${money(shipping)}` : money(0),
    };
  }
}

/** Mostly the canonical spelling (first), sometimes a variant. */
function spell(rng: Rng, spellings: readonly string[]): string {
  return rng.chance(0.6) ? spellings[0]! : rng.pick(spellings);
}

export function parseAsOf(asOf: string): number {
  const ms = Date.parse(asOf);
  if (Number.isNaN(ms)) throw new Error(`--as-of: "${asOf}" is not an ISO date-time`);
  return ms;
}

/**
 * The report as lines without line ends: the header, then `rows` item lines.
 * Lazy, so memory stays flat however many rows are asked for.
 */
export function* generateOrders(opts: GenerateOptions): Generator<string, void, undefined> {
  if (!Number.isInteger(opts.rows) || opts.rows < 0) throw new Error(`rows must be a whole number ≥ 0, got ${opts.rows}`);
  const factory = new OrderFactory(new Rng(opts.seed), parseAsOf(opts.asOf));
  yield REPORT_HEADER;
  let emitted = 0;
  while (emitted < opts.rows) {
    const order = factory.order();
    const items = Math.min(factory.itemCount(), opts.rows - emitted);
    for (let i = 0; i < items; i++) yield factory.itemLine(order);
    emitted += items;
  }
}

// Lines are batched so each write() carries ~1 MB: far fewer calls than one per line.
const BATCH_CHARS = 1 << 20;

/**
 * Writes the report (LF line ends, UTF-8) to `out`, waiting for 'drain' whenever the stream's
 * buffer is full. Does not end `out`: the caller owns it (it may be stdout).
 */
export async function writeOrders(opts: GenerateOptions, out: Writable): Promise<void> {
  let batch = '';
  for (const line of generateOrders(opts)) {
    batch += `${line}\n`;
    if (batch.length >= BATCH_CHARS) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  if (batch && !out.write(batch)) await once(out, 'drain');
}
