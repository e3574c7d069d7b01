import { EXAMPLE } from './helpers.js';

/** The bad-input corpus: each is a clear 4xx (shared with the import tests). */
export function badInputs(): [string, BodyInit, RegExp][] {
  const binary = new Uint8Array(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  const pipes = EXAMPLE.replace('"Desk Lamp, 12"" shade"', 'Desk Lamp').replaceAll(',', '|');
  const longLine = 'x'.repeat(10 * 1024 * 1024);
  return [
    ['empty body', '', /empty/],
    ['binary junk', binary, /binary/],
    ['an xlsx workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), /Excel/],
    ['a |-separated file', pipes, /No order id column/],
    ['a 10 MB single line', longLine, /No order id column/],
    ['JSON', '[{"orderId":"111-0000001-0000001"}]', /JSON/],
    ['data without a header line', EXAMPLE.split('\n').slice(1).join('\n'), /no header line/],
  ];
}

/** Reports of facts about orders: POST /v1/evaluate refuses them alone (an import keeps them: docs/reports.md). */
export function factReports(): [string, BodyInit, RegExp][] {
  return [
    ['a feedback report', 'Date\tRating\tComments\tYour Response\tOrder ID\tRater Email\n3/10/24\t1\tLate\t\t111-0000001-0000001\ta@example.com\n', /This is a feedback report .* atoz evaluate orders\.txt feedback\.txt/],
    ['an FBA returns report', 'return-date\torder-id\tsku\tstatus\n2024-03-01T10:00:00Z\t111-0000001-0000001\tA\tReimbursed\n', /This is a returns report/],
  ];
}

/** Bodies sent as a Seller Performance report (`?kind=seller-performance`): each a clear 4xx, never a 500. */
export function badSellerPerformance(): [string, BodyInit, number, RegExp][] {
  return [
    ['empty body', '', 422, /not valid JSON/],
    ['not JSON', 'amazon-order-id\tpurchase-date\n', 422, /not valid JSON/],
    ['JSON of another shape', '{"performanceMetrics":[]}', 422, /at performanceMetrics/],
    ['a rate out of range', '{"performanceMetrics":[{"orderDefectRate":{"mfn":{"rate":7}}}]}', 422, /at performanceMetrics\.0\.orderDefectRate\.mfn\.rate/],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 422, /not UTF-8/],
    ['over 1 MiB', `{"x":"${'a'.repeat(1024 * 1024)}"}`, 413, /at most 1048576 bytes/],
  ];
}
