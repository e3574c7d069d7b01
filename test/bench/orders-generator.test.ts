import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CLAIM_REASONS, CLAIM_STATUSES, DATE_COLUMNS, ORDER_REPORT_COLUMNS } from '../../bench/orders-columns.js';
import { generateOrders, writeOrders, type GenerateOptions } from '../../bench/orders-generator.js';

const AS_OF = '2024-03-15T19:00:00Z';
const AS_OF_MS = Date.parse(AS_OF);
const DAY_MS = 86_400_000;

// Spelled out rather than imported, so the test pins the column contract itself.
const EXPECTED_HEADER = [
  'amazon-order-id merchant-order-id purchase-date last-updated-date order-status fulfillment-channel sales-channel',
  'order-channel url ship-service-level product-name sku asin item-status quantity currency item-price item-tax',
  'shipping-price shipping-tax gift-wrap-price gift-wrap-tax item-promotion-discount ship-promotion-discount',
  'ship-city ship-state ship-postal-code ship-country promotion-ids is-business-order purchase-order-number',
  'price-designation latest-delivery-date delivered-date claim-date claim-reason claim-status buyer-contact-date',
  'response-date decision-date appeal-date chargeback feedback-rating item-type',
]
  .join(' ')
  .split(' ');

const lines = (opts: GenerateOptions) => [...generateOrders(opts)];

/** Canonical key of a hand-typed label: "Not received", "not-received" → "not_received"; empty status = open. */
const canonical = (text: string) => text.trim().toLowerCase().replace(/[\s-]+/g, '_');

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

/** The instant a report date denotes (date-only taken at UTC midnight), or undefined if it is not a real date. */
function instantOf(text: string): number | undefined {
  const m = DATE_TIME.exec(text) ?? DATE_ONLY.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const wall = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
  const real =
    wall.getUTCFullYear() === y && wall.getUTCMonth() === mo! - 1 && wall.getUTCDate() === d && wall.getUTCHours() === h;
  if (!real || mi > 59 || s > 59) return undefined;
  const offsetMinutes = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
  return wall.getTime() - offsetMinutes * 60_000;
}

describe('orders generator', () => {
  const opts: GenerateOptions = { rows: 20_000, seed: 42, asOf: AS_OF };
  const report = lines(opts);
  const header = report[0]!.split('\t');
  const records = report.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])) as Record<string, string>;
  });
  const values = (column: string) => new Set(records.map((r) => r[column]!));

  it('writes the 32 All Orders columns then the 12 claim-tracking columns', () => {
    expect(header).toEqual(EXPECTED_HEADER);
    expect(header).toEqual([...ORDER_REPORT_COLUMNS]);
    expect(header).toHaveLength(44);
  });

  it('has the requested number of lines, each with 44 tab-separated cells and no stray line breaks', () => {
    expect(report).toHaveLength(opts.rows + 1);
    expect(report.filter((line) => line.split('\t').length !== 44 || /[\r\n]/.test(line))).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const small = { rows: 2_000, seed: 7, asOf: AS_OF };
    expect(lines(small)).toEqual(lines(small));
    expect(lines({ ...small, seed: 8 }).slice(1)).not.toEqual(lines(small).slice(1));
  });

  it('produces every claim reason and status, in several spellings, on about 3% of lines', () => {
    const claims = records.filter((r) => r['claim-date'] !== '');
    expect(claims.length / records.length).toBeGreaterThan(0.02);
    expect(claims.length / records.length).toBeLessThan(0.045);
    expect(new Set(claims.map((r) => canonical(r['claim-reason']!)))).toEqual(new Set(CLAIM_REASONS));
    expect(new Set(claims.map((r) => canonical(r['claim-status']!) || 'open'))).toEqual(new Set(CLAIM_STATUSES));
    expect(values('claim-reason')).toContain('Not received');
    expect(values('claim-reason')).toContain('not-received');
    expect(records.filter((r) => r['claim-date'] === '' && r['claim-reason'] !== '')).toEqual([]);
  });

  it('covers both fulfilment channels, several marketplaces and order statuses, and multi-item orders', () => {
    expect(values('fulfillment-channel')).toEqual(new Set(['Amazon', 'Merchant']));
    expect(values('sales-channel')).toEqual(new Set(['Amazon.com', 'Amazon.co.uk', 'Amazon.de', 'Amazon.co.jp']));
    expect(values('order-status')).toEqual(new Set(['Shipped', 'Pending', 'Cancelled', 'Unshipped']));
    expect(records.filter((r) => r['order-status'] === 'Shipped').length / records.length).toBeGreaterThan(0.85);
    const perOrder = new Map<string, number>();
    for (const r of records) perOrder.set(r['amazon-order-id']!, (perOrder.get(r['amazon-order-id']!) ?? 0) + 1);
    expect(Math.max(...perOrder.values())).toBe(3);
    expect([...perOrder.keys()].filter((id) => !/^\d{3}-\d{7}-\d{7}$/.test(id))).toEqual([]);
    expect(records.some((r) => /\d+" x \d+" .*, /.test(r['product-name']!))).toBe(true);
  });

  it('writes only real dates, as YYYY-MM-DD or ISO with an offset, none after as-of except promised delivery', () => {
    const problems: string[] = [];
    for (const r of records) {
      for (const column of DATE_COLUMNS) {
        const text = r[column]!;
        if (text === '') continue;
        const ms = instantOf(text);
        if (ms === undefined) problems.push(`${column} = "${text}" is not a date`);
        else if (column !== 'latest-delivery-date' && ms > AS_OF_MS) problems.push(`${column} = "${text}" is after as-of`);
      }
      if (instantOf(r['purchase-date']!)! < AS_OF_MS - 120 * DAY_MS) problems.push(`purchase ${r['purchase-date']} too old`);
    }
    expect(problems).toEqual([]);
    expect(records.some((r) => DATE_ONLY.test(r['latest-delivery-date']!))).toBe(true);
    expect(records.some((r) => DATE_TIME.test(r['latest-delivery-date']!))).toBe(true);
  });

  it('streams the same bytes through a slow writable, waiting for drain', async () => {
    const small: GenerateOptions = { rows: 6_000, seed: 3, asOf: AS_OF };
    const chunks: string[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        setImmediate(done);
      },
    });
    await writeOrders(small, slow);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(`${lines(small).join('\n')}\n`);
  });
});
