import { evaluateReport, type EvaluatedItem } from '../../shared/evaluate-report.js';
import { createWriter, type OutputFormat, type WriterLabels } from '../../shared/output/writers.js';
import type { Policy } from '../../shared/policy/schema.js';
import type { OpenedReport } from '../../shared/report/read-report.js';

export interface EvaluationBody {
  contentType: string;
  stream: ReadableStream<Uint8Array>;
}

/**
 * The CLI's output for a report, as a byte stream pulled batch by batch: the next batch is read from the
 * upload only when the client has taken the previous one, so memory stays flat however large the report.
 * The first batch is read before answering, so a report that fails early still gets a clean 4xx; a failure
 * later (over the body limit, a broken record) can only cut the response off, which the client sees as an
 * incomplete transfer.
 */
export async function evaluationBody(
  report: OpenedReport,
  policy: Policy,
  asOf: number,
  format: OutputFormat,
  onLateError: (error: unknown) => void,
  words: WriterLabels = {},
): Promise<EvaluationBody> {
  const writer = createWriter(format, words);
  const evaluation = evaluateReport(report, policy, asOf);
  const batches = evaluation.batches[Symbol.asyncIterator]();
  const asOfText = new Date(asOf).toISOString();
  const encoder = new TextEncoder();
  let pending: IteratorResult<EvaluatedItem[]> | undefined = await batches.next();
  let head = writer.start({ asOf: asOfText, headers: report.headers });

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = pending ?? (await batches.next());
          pending = undefined;
          if (next.done) {
            controller.enqueue(encoder.encode(head + writer.end({ asOf: asOfText, summary: evaluation.summary(), warnings: report.warnings })));
            controller.close();
            return;
          }
          const text = head + writer.batch(next.value);
          head = '';
          // A batch of only bad rows writes nothing in JSON (errors come at the end): read on.
          if (text) {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      } catch (error) {
        onLateError(error);
        controller.error(error);
      }
    },
    async cancel() {
      // The client went away: stop reading (and so stop the upload).
      await batches.return?.();
    },
  });
  return { contentType: writer.contentType, stream };
}
