import type { Locale } from '../../shared/i18n/locales.js';
import type { OpenedReport } from '../../shared/report/read-report.js';
import type { Policy } from '../../shared/policy/schema.js';
import type { Store } from '../store/types.js';
import type { ImportReader } from './import/read-import.js';
import type { XlsxReader } from './import/xlsx-upload.js';

/** What the routes need from outside: everything is injected, so the app runs on any runtime and in tests. */
export interface AppDeps {
  store: Store;
  /** The policy stored orders are evaluated with (requests to /v1/evaluate may override it). */
  policy: Policy;
  bodyLimitBytes: number;
  /** The clock (ms since epoch): the default "as of" instant. */
  now: () => number;
  /** Aborted when the worker shuts down: imports still streaming stop at their next batch and roll back. */
  shutdown: AbortSignal;
  /** Where unexpected errors go (their stack never reaches a response). */
  logError: (error: unknown, context: string) => void;
  /** Renders the flagged workbook (.xlsx); absent on runtimes without it (exceljs needs Node), then xlsx is 406. */
  renderXlsx: XlsxRenderer | undefined;
  /** Reads an import's upload into lines: in the request's thread, or (Node) in a reader thread. */
  readImport: ImportReader;
  /** Reads an .xlsx upload (exceljs needs Node); absent on other runtimes, then a workbook upload is 415. */
  readXlsx: XlsxReader | undefined;
}

export interface XlsxRenderOptions {
  policy: Policy;
  asOf: number;
  /** Zone of the clock of whoever opens the workbook: the live deadline formulas compare NOW() on it. */
  clockZone: string;
  /** The workbook's language (default en). */
  language?: Locale;
}
/** Streams the evaluated report as a flagged workbook with its live rules and dashboard. */
export type XlsxRenderer = (report: OpenedReport, options: XlsxRenderOptions) => ReadableStream<Uint8Array>;

/** Hono's typed context: `c.var.accountId` is set by the bearer-token middleware on /v1. */
export interface AppEnv {
  Variables: { accountId: string };
}
