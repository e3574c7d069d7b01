import type { OperatorJsonValue, OperatorJsonValues } from './sync-operator-values.js';

/**
 * The worker's HTTP API as the sync needs it. Only the shapes read here are typed; the worker's zod
 * schemas (worker/app/schemas.ts) are the contract.
 */
export interface WorkerConnection {
  /** Base URL, e.g. https://atoz.example.com (with or without a trailing slash). */
  url: string;
  token: string;
}

export interface WorkerLine {
  lineKey: string;
  orderId: string;
  orderItemId: string | null;
  sku: string | null;
  version: number;
  changeSeq: number;
  row: OperatorJsonValues & { timeZone: string };
  cells: Record<string, string>;
}

export interface ChangesPage {
  items: WorkerLine[];
  cursor: string;
  hasMore: boolean;
}

export type PatchOutcome =
  | { kind: 'saved'; line: WorkerLine }
  | { kind: 'conflict'; current: WorkerLine }
  | { kind: 'missing' }
  | { kind: 'refused'; message: string };

export interface RowErrorJson {
  line: number;
  column: string | null;
  message: string;
}

export interface ImportResult {
  id: string;
  status: string;
  counts: { inserted: number; updated: number; unchanged: number; rejected: number };
  errors: RowErrorJson[];
  warnings: string[];
}

export class WorkerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class WorkerClient {
  constructor(
    private readonly connection: WorkerConnection,
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
  ) {}

  url(path: string): string {
    return `${this.connection.url.replace(/\/+$/, '')}${path}`;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${this.connection.token}`);
    return this.fetchImpl(this.url(path), { ...init, headers });
  }

  /** GET /v1/summary: proves the URL, the token and CORS in one request. */
  async testConnection(): Promise<void> {
    const response = await this.call('/v1/summary');
    if (!response.ok) throw await problemError(response);
  }

  async changes(since: string, limit = 500): Promise<ChangesPage> {
    const response = await this.call(`/v1/changes?since=${encodeURIComponent(since)}&limit=${limit}`);
    if (!response.ok) throw await problemError(response);
    return (await response.json()) as ChangesPage;
  }

  /** PATCH one line's operator fields if it is still at `version`. */
  async patchLine(line: { orderId: string; lineKey: string }, version: number, patch: Record<string, OperatorJsonValue>): Promise<PatchOutcome> {
    const response = await this.call(`/v1/orders/${encodeURIComponent(line.orderId)}?line=${encodeURIComponent(line.lineKey)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
      body: JSON.stringify(patch),
    });
    if (response.ok) return { kind: 'saved', line: (await response.json()) as WorkerLine };
    if (response.status === 409) return { kind: 'conflict', current: ((await response.json()) as { current: WorkerLine }).current };
    if (response.status === 404) return { kind: 'missing' };
    if (response.status === 400) return { kind: 'refused', message: (await problemError(response)).message };
    throw await problemError(response);
  }

  /**
   * POST /v1/imports with the file's bytes as they are (the worker detects the encoding). Uses
   * XMLHttpRequest where there is one, for its upload progress; fetch otherwise (no progress but the end).
   */
  async importReport(file: Blob, fileName: string, onProgress?: (sent: number, total: number) => void): Promise<ImportResult> {
    const path = `/v1/imports?fileName=${encodeURIComponent(fileName)}`;
    if (typeof XMLHttpRequest === 'undefined') {
      const response = await this.call(path, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: file });
      if (!response.ok) throw await problemError(response);
      onProgress?.(file.size, file.size);
      return (await response.json()) as ImportResult;
    }
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', this.url(path));
      request.setRequestHeader('Authorization', `Bearer ${this.connection.token}`);
      request.setRequestHeader('Content-Type', 'text/csv');
      request.upload.onprogress = (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
      request.onerror = () => reject(new WorkerError(0, 'The worker could not be reached (network or CORS).'));
      request.onload = () => {
        const body = safeJson(request.responseText);
        if (request.status >= 200 && request.status < 300) resolve(body as ImportResult);
        else reject(new WorkerError(request.status, problemText(body, request.status)));
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

function problemText(body: unknown, status: number): string {
  const problem = body as { title?: string; detail?: string } | undefined;
  return problem?.detail ?? problem?.title ?? `The worker answered ${status}.`;
}

async function problemError(response: Response): Promise<WorkerError> {
  return new WorkerError(response.status, problemText(safeJson(await response.text()), response.status));
}
