import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { ReportError } from '../../shared/report/read-report.js';
import { compareOdr, parseSellerPerformance } from '../../shared/report/seller-performance.js';
import type { OdrSummary } from '../../shared/schemas/statuses.js';
import { FIXTURES } from '../helpers/cli.js';

const ours: OdrSummary = {
  windowStart: '2026-05-11',
  windowEnd: '2026-07-09',
  orders: 300,
  ordersWithDefects: 3,
  rate: 0.01,
  target: 0.01,
  meetsTarget: false,
  afn: { orders: 100, ordersWithDefects: 0 },
  mfn: { orders: 200, ordersWithDefects: 3 },
};

describe('Seller Performance report', () => {
  it('reads the fixture: Amazon ODR per AFN/MFN', () => {
    const report = parseSellerPerformance(readFileSync(`${FIXTURES}airbyte-seller-performance-report-odr.json.txt`, 'utf8'));
    expect(report.performanceMetrics[0]!.orderDefectRate).toEqual({ afn: { status: 'NORMAL', rate: 0 }, mfn: { status: 'NORMAL', rate: 0.01 } });
  });

  it('refuses JSON that is not one, naming the path of what is wrong', () => {
    expect(() => parseSellerPerformance('{"performanceMetrics": [{"orderDefectRate": {"mfn": {"rate": "high"}}}]}')).toThrow(/at performanceMetrics\.0\.orderDefectRate\.mfn\.rate/);
    expect(() => parseSellerPerformance('{"rows": []}')).toThrow(ReportError);
    expect(() => parseSellerPerformance('{')).toThrow(/not valid JSON/);
  });

  it('explains the difference: the window, the lag, orders Amazon counts that the imports lack, defects', () => {
    const amazon = parseSellerPerformance(
      JSON.stringify({
        performanceMetrics: [
          {
            orderDefectRate: {
              mfn: {
                rate: 0.02,
                orderCount: 250,
                orderWithDefects: { count: 5 },
                reportingDateRange: { reportingDateFrom: '2026-05-01T00:00:00Z', reportingDateTo: '2026-06-29T23:59:59Z' },
              },
            },
          },
        ],
      }),
    );
    const [afn, mfn] = compareOdr(ours, amazon, DEFAULT_POLICY);
    expect(afn!.explanation).toEqual(["Amazon's report gives no AFN Order Defect Rate."]);
    expect(mfn!.difference).toBe(0.005);
    expect(mfn!.ours.rate).toBe(0.015);
    expect(mfn!.explanation[0]).toBe('Amazon 2.00%, ours 1.50%: a difference of 0.50 points.');
    expect(mfn!.explanation[1]).toMatch(/^Window: Amazon counts orders placed 2026-05-01 to 2026-06-29; ours are 2026-05-11 to 2026-07-09 \(60 days ending 14 days before/);
    expect(mfn!.explanation[2]).toMatch(/^Lag:/);
    expect(mfn!.explanation[3]).toBe('Orders: Amazon counts 250 MFN orders, the imported reports hold 200: 50 orders Amazon counts are not in the imports (import an order report covering the whole window).');
    expect(mfn!.explanation[4]).toMatch(/^Defects: Amazon counts 5 orders with a defect, ours 3/);
  });
});
