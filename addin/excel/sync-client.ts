import { hc, type InferResponseType } from 'hono/client';
// Types only (erased from the bundle): the worker's routes, their requests and answers as its zod schemas define them.
import type { AppType } from '../../worker/app/create-app.js';
import type { OperatorFieldName, OperatorJsonValue } from './sync-operator-values.js';

/**
 * The worker's HTTP API as the sync uses it, through hono/client's `hc<AppType>`: every path, parameter and
 * answer is typed by the worker's own route definitions (worker/app/routes), so a route that changes its
 * request or answer fails type-checking here. No shape is written here by hand.
 */
export interface WorkerConnection {
  /** Base URL, e.g. https://atoz.example.com (with or without a trailing slash). */
  url: string;
  token: string;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The typed client of the worker's routes. */
export const workerApi = (baseUrl: string, token: string, fetchImpl: Fetch) =>
  hc<AppType>(baseUrl, {
    headers: { Authorization: `Bearer ${token}` },
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetchImpl(input instanceof Request ? input.url : String(input), init),
  });
export type WorkerApi = ReturnType<typeof workerApi>;

/** One order line as GET /v1/changes, PATCH /v1/orders/{orderId} and its 409 answer give it. */
export type WorkerLine = InferResponseType<WorkerApi['v1']['changes']['$get'], 200>['items'][number];
export type ChangesPage = InferResponseType<WorkerApi['v1']['changes']['$get'], 200>;
/** POST /v1/imports's 201 answer. */
/**
 * What the pane's Import offers to pick: every report kind the worker reads (docs/reports.md). The body goes as it
 * is, labelled text/csv: the worker knows an .xlsx workbook by its ZIP signature and the Seller Performance
 * report by its .json name, whatever the label.
 */
export const IMPORT_FILE_TYPES =
  '.csv,.tsv,.txt,.xlsx,.json,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/json';
export type ImportResult = InferResponseType<WorkerApi['v1']['imports']['$post'], 201>;
/** GET /v1/alerts/channels and /v1/alerts/deliveries's items (the task pane shows them; secrets are never in them). */
export type AlertChannel = InferResponseType<WorkerApi['v1']['alerts']['channels']['$get'], 200>['items'][number];
export type AlertDelivery = InferResponseType<WorkerApi['v1']['alerts']['deliveries']['$get'], 200>['items'][number];
/** Every error answer: the worker's one Problem schema (application/problem+json). */
export type WorkerProblem = InferResponseType<WorkerApi['v1']['imports']['$post'], 422>;

/** PATCH /v1/orders/{orderId}'s body: the operator fields the worker takes. */
export type OperatorPatch = Parameters<WorkerApi['v1']['orders'][':orderId']['$patch']>[0]['json'];
// Every operator column the sheet syncs is a field of that PATCH: a field renamed or dropped by the worker fails here.
type NotPatchable = Exclude<OperatorFieldName, keyof OperatorPatch>;
const SHEET_FIELDS_ARE_PATCHABLE: [NotPatchable] extends [never] ? true : NotPatchable = true;
void SHEET_FIELDS_ARE_PATCHABLE;

export type PatchOutcome =
  | { kind: 'saved'; line: WorkerLine }
  | { kind: 'conflict'; current: WorkerLine }
  | { kind: 'missing' }
  | { kind: 'refused'; message: string };

export class WorkerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

const UNREACHABLE = 'The worker could not be reached (network or CORS).';

export class WorkerClient {
  readonly api: WorkerApi;

  constructor(
    private readonly connection: WorkerConnection,
    fetchImpl: Fetch = (input, init) => fetch(input, init),
  ) {
    this.api = workerApi(connection.url.replace(/\/+$/, ''), connection.token, async (input, init) => {
      try {
        return await fetchImpl(input, init);
      } catch {
        throw new WorkerError(0, UNREACHABLE);
      }
    });
  }

  /** GET /v1/summary: proves the URL, the token and CORS in one request. */
  async testConnection(): Promise<void> {
    const response = await this.api.v1.summary.$get({ query: {} });
    if (!response.ok) throw await problemError(response);
  }

  /** The alert channels and the latest deliveries (newest first). */
  async alertsOverview(deliveries = 10): Promise<{ channels: AlertChannel[]; deliveries: AlertDelivery[] }> {
    const [channels, latest] = await Promise.all([this.api.v1.alerts.channels.$get(), this.api.v1.alerts.deliveries.$get({ query: { limit: String(deliveries) } })]);
    if (channels.status !== 200) throw await problemError(channels);
    if (latest.status !== 200) throw await problemError(latest);
    return { channels: (await channels.json()).items, deliveries: (await latest.json()).items };
  }

  async changes(since: string, limit = 500): Promise<ChangesPage> {
    const response = await this.api.v1.changes.$get({ query: { since, limit: String(limit) } });
    if (response.status === 200) return response.json();
    throw await problemError(response);
  }

  /** PATCH one line's operator fields if it is still at `version`. */
  async patchLine(line: { orderId: string; lineKey: string }, version: number, patch: Record<string, OperatorJsonValue>): Promise<PatchOutcome> {
    const response = await this.api.v1.orders[':orderId'].$patch({
      param: { orderId: encodeURIComponent(line.orderId) }, // hc puts path parameters in as they are
      query: { line: line.lineKey },
      header: { 'if-match': `"${version}"` },
      // The sheet's values, checked by the worker (400 names a value it refuses).
      json: patch as OperatorPatch,
    });
    if (response.status === 200) return { kind: 'saved', line: await response.json() };
    if (response.status === 409) return { kind: 'conflict', current: (await response.json()).current };
    if (response.status === 404) return { kind: 'missing' };
    if (response.status === 400) return { kind: 'refused', message: (await problemError(response)).message };
    throw await problemError(response);
  }

  /**
   * POST /v1/imports with the file's bytes as they are (the worker detects the encoding). Uses
   * XMLHttpRequest where there is one, for its upload progress; fetch otherwise (no progress but the end).
   */
  async importReport(file: Blob, fileName: string, onProgress?: (sent: number, total: number) => void): Promise<ImportResult> {
    const args = { query: { fileName } };
    if (typeof XMLHttpRequest === 'undefined') {
      const response = await this.api.v1.imports.$post(args, { headers: { 'Content-Type': 'text/csv' }, init: { body: file } });
      if (response.status !== 201) throw await problemError(response);
      onProgress?.(file.size, file.size);
      return response.json();
    }
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', this.api.v1.imports.$url(args).href);
      request.setRequestHeader('Authorization', `Bearer ${this.connection.token}`);
      request.setRequestHeader('Content-Type', 'text/csv');
      request.upload.onprogress = (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
      request.onerror = () => reject(new WorkerError(0, UNREACHABLE));
      request.onload = () => {
        const body = safeJson(request.responseText);
        // Same status, same body as `$post` would give: typed by the route's 201 answer.
        if (request.status === 201) resolve(body as ImportResult);
        else reject(new WorkerError(request.status, problemText(body as WorkerProblem | undefined, request.status)));
      };
      request.send(file);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function problemText(problem: Partial<WorkerProblem> | undefined, status: number): string {
  return problem?.detail ?? problem?.title ?? `The worker answered ${status}.`;
}

async function problemError(response: Response): Promise<WorkerError> {
  return new WorkerError(response.status, problemText(safeJson(await response.text()) as WorkerProblem | undefined, response.status));
}
