import { ReportError } from '../../../shared/report/read-report.js';
import type { FactRecord } from '../../../shared/report/facts.js';
import { parseSellerPerformance, type SellerPerformance } from '../../../shared/report/seller-performance.js';
import type { ImportRecord, Store } from '../../store/types.js';
import type { Upload } from '../body/upload.js';
import { HttpProblem } from '../problem.js';

/** The Seller Performance report is a few kilobytes; past this a body is not one (413). */
export const MAX_SELLER_PERFORMANCE_BYTES = 1024 * 1024;

/** The account-level key its facts are kept under (order_facts.order_id): no order id is empty. */
export const ACCOUNT_FACTS = '';

/** Whether an upload is Amazon's Seller Performance report (JSON): declared, or named *.json. */
export const isSellerPerformanceUpload = (kind: string | undefined, fileName: string | null) => kind === 'seller-performance' || (kind === undefined && /\.json$/i.test(fileName ?? ''));

/**
 * Imports a Seller Performance report (shared/report/seller-performance.ts): read whole (bounded), validated, and kept
 * for the account (order_facts under ACCOUNT_FACTS), to be shown beside our ODR in GET /v1/summary. 422 for text that
 * is not one, 413 past MAX_SELLER_PERFORMANCE_BYTES.
 */
export async function importSellerPerformance(store: Store, accountId: string, upload: Upload, fileName: string | null): Promise<ImportRecord> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of upload.bytes) {
    size += chunk.byteLength;
    if (size > MAX_SELLER_PERFORMANCE_BYTES) {
      throw new HttpProblem(413, 'payload-too-large', 'Payload too large', `A Seller Performance report is at most ${MAX_SELLER_PERFORMANCE_BYTES} bytes.`);
    }
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ReportError('The Seller Performance report is not UTF-8 text (JSON).');
  }
  const performance = parseSellerPerformance(text);
  const source = { file: '', line: 1, kind: 'seller-performance' as const };
  const fact: FactRecord = { source, orderId: ACCOUNT_FACTS, fields: {}, performance };
  return store.commitOrderFacts(accountId, fileName, [fact], [], [], 0);
}

/** The latest Seller Performance report imported for the account, if any. */
export async function latestSellerPerformance(store: Store, accountId: string): Promise<SellerPerformance | undefined> {
  const facts = await store.getOrderFacts(accountId, ACCOUNT_FACTS);
  return facts.findLast((fact) => fact.performance)?.performance;
}
