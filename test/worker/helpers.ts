import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { createApp, type AppOptions } from '../../worker/app/create-app.js';
import { sha256Hex } from '../../worker/app/token-hash.js';
import { openStore } from '../../worker/store/index.js';
import type { Store } from '../../worker/store/types.js';
import { nodeXlsxReader } from '../../worker/xlsx-reader.js';
import type { Backend } from './store/backends.js';

export const EXAMPLE_PATH = new URL('../../examples/orders-and-claims.csv', import.meta.url).pathname;
export const EXAMPLE = readFileSync(EXAMPLE_PATH, 'utf8');
/** The CLI tests' instant: 2024-03-15 12:00 PDT. */
export const AS_OF = '2024-03-15T12:00:00-07:00';
export const NOW = Date.parse('2024-03-15T19:00:00Z');

export const TOKEN_A = 'token-of-seller-a';
export const TOKEN_B = 'token-of-seller-b';

export interface TestWorker {
  app: ReturnType<typeof createApp>;
  store: Store;
  accountA: string;
  accountB: string;
  /** app.request with seller A's token unless `token` says otherwise (null: no Authorization header). */
  call: (path: string, init?: RequestInit & { token?: string | null }) => Promise<Response>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh SQLite store in a temp dir (the real one), closed and removed after the test. */
export async function freshStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-worker-'));
  const store = await openStore({ dataDir: dir, now: () => NOW });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** The app over a fresh store (or the given one) with two seller accounts, A and B. */
export async function testWorker(options: Partial<AppOptions> = {}, givenStore?: Store): Promise<TestWorker> {
  const store = givenStore ?? (await freshStore());
  const accountA = await store.ensureTokenAccount(await sha256Hex(TOKEN_A), 'seller A', 'test');
  const accountB = await store.ensureTokenAccount(await sha256Hex(TOKEN_B), 'seller B', 'test');
  const app = createApp({
    store,
    corsOrigins: ['https://localhost:3000'],
    bodyLimitBytes: 256 * 1024 * 1024,
    now: () => NOW,
    logError: () => undefined,
    readXlsx: nodeXlsxReader, // as worker/main.ts gives it on Node
    ...options,
  });
  const call = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const { token = TOKEN_A, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token !== null && !headers.has('authorization')) headers.set('Authorization', `Bearer ${token}`);
    const streaming = rest.body instanceof ReadableStream ? { duplex: 'half' } : {};
    return Promise.resolve(app.request(path, { ...rest, ...streaming, headers } as RequestInit));
  };
  return { app, store, accountA, accountB, call };
}

/**
 * Test workers each over a fresh store of one backend (test/worker/store/backends.ts); `close()` (in afterAll) closes
 * their stores and removes the backend's locations.
 */
export function workersOn(backend: Backend): { worker(options?: Partial<AppOptions>): Promise<TestWorker>; close(): Promise<void> } {
  const opened: Store[] = [];
  return {
    async worker(options = {}) {
      const store = await openStore({ ...(await backend.location()), now: () => NOW });
      opened.push(store);
      return testWorker(options, store);
    },
    async close() {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await backend.cleanup();
    },
  };
}

export const csvPost = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'Content-Type': 'text/csv', ...headers },
});

export function importReport(worker: TestWorker, text: string | Uint8Array, options: { token?: string; query?: string } = {}): Promise<Response> {
  return worker.call(`/v1/imports${options.query ?? ''}`, { ...csvPost(text as BodyInit), token: options.token ?? TOKEN_A });
}

/** A valid report of `rows` lines (about 180 bytes each). */
export function bigReport(rows: number, withBadBytesAtEnd = false): Uint8Array {
  const lines = [EXAMPLE.split('\n')[0]!];
  for (let i = 0; i < rows; i++) {
    const id = `111-${String(i).padStart(7, '0')}-0000001`;
    lines.push(`${id},2024-03-01T09:15:00-08:00,Shipped,Merchant,Amazon.com,Product ${i},2024-03-08,2024-03-07,,,,,,,,,5,`);
  }
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  if (!withBadBytesAtEnd) return bytes;
  const tail = new TextEncoder().encode(`111-9999999-9999999,2024-03-01,Shipped,Merchant,Amazon.com,Caf`);
  return new Uint8Array([...bytes, ...tail, 0xe9, 0x0a]);
}

/** A web stream of the chunks, with no length: what a chunked upload looks like to the app. */
export function chunkedStream(chunks: (string | Uint8Array)[], end: 'close' | 'error' = 'close'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        const chunk = chunks[i++]!;
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      } else if (end === 'error') {
        controller.error(new Error('socket hang up'));
      } else {
        controller.close();
      }
    },
  });
}

/** A multipart/form-data body written by hand (so tests control the bytes), with its Content-Type. */
export function multipartBody(parts: { name: string; fileName?: string; contentType?: string; content: string | Uint8Array }[], boundary = '----atozBoundary7MA4YWxkTrZu0gW') {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}\r\n`;
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    pieces.push(encoder.encode(`${head}\r\n`), typeof part.content === 'string' ? encoder.encode(part.content) : part.content, encoder.encode('\r\n'));
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    body.set(piece, at);
    at += piece.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Splits bytes into chunks of the given sizes (cycled), to cross every boundary a parser has. */
export function splitBytes(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

export async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as { type: string; title: string; status: number; detail: string; [key: string]: unknown };
  expect(body.status).toBe(response.status);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|\bSELECT\b|\bINSERT\b|sqlite|SQLITE/i);
  return body;
}

/** The store with its calls recorded by method name, and some methods replaced (to inject failures). */
export function spyStore(store: Store, replace: Partial<Record<keyof Store, (...args: never[]) => unknown>> = {}) {
  const calls: string[] = [];
  const spied = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        const replacement = replace[key as keyof Store] as ((...a: unknown[]) => unknown) | undefined;
        return replacement ? replacement(...args) : (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: spied, calls };
}
