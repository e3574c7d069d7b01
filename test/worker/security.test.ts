import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../worker/app/token-hash.js';
import { AS_OF, csvPost, EXAMPLE, importReport, problemOf, testWorker, TOKEN_B } from './helpers.js';

const V1_ROUTES: [string, string][] = [
  ['POST', '/v1/evaluate'],
  ['POST', '/v1/imports'],
  ['GET', '/v1/imports/some-id'],
  ['GET', '/v1/orders'],
  ['GET', '/v1/orders/111-0000004-0000004'],
  ['PATCH', '/v1/orders/111-0000004-0000004'],
  ['GET', '/v1/changes'],
  ['GET', '/v1/summary'],
];

describe('bearer tokens', () => {
  it.each(V1_ROUTES)('%s %s without a token: 401 with a Bearer challenge', async (method, path) => {
    const worker = await testWorker();
    const response = await worker.call(path, { method, token: null, ...(method === 'GET' ? {} : { body: 'x', headers: { 'Content-Type': 'text/csv' } }) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="atoz"');
    expect((await problemOf(response)).type).toBe('urn:atoz-guard:problem:unauthorized');
  });

  it.each(V1_ROUTES)('%s %s with a wrong token: 401 invalid_token', async (method, path) => {
    const worker = await testWorker();
    const response = await worker.call(path, { method, token: 'not-a-token' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="atoz", error="invalid_token"');
    await problemOf(response);
  });

  it('refuses other schemes and malformed headers', async () => {
    const worker = await testWorker();
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token-of-seller-a']) {
      const response = await worker.call('/v1/orders', { headers: { Authorization: authorization } });
      expect(response.status, authorization).toBe(401);
    }
  });

  it("hashes a known token once, yet refuses it as soon as it is removed; an unknown one is hashed every time", async () => {
    const worker = await testWorker();
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      for (let i = 0; i < 3; i++) expect((await worker.call('/v1/summary', { token: TOKEN_B })).status).toBe(200);
      expect(digest).toHaveBeenCalledTimes(1);
      expect(await worker.store.removeToken(await sha256Hex(TOKEN_B))).toBe(true);
      digest.mockClear();
      expect((await worker.call('/v1/summary', { token: TOKEN_B })).status).toBe(401);
      expect((await worker.call('/v1/summary', { token: 'never-issued' })).status).toBe(401);
      expect((await worker.call('/v1/summary', { token: 'never-issued' })).status).toBe(401);
      expect(digest).toHaveBeenCalledTimes(2); // the removed token: its kept hash; the unknown one: hashed each time
    } finally {
      digest.mockRestore();
    }
  });

  it('takes the scheme in any case', async () => {
    const worker = await testWorker();
    const response = await worker.call('/v1/orders', { headers: { Authorization: 'bearer token-of-seller-a' } });
    expect(response.status).toBe(200);
  });

  it('leaves /healthz and /openapi.json open', async () => {
    const worker = await testWorker();
    expect((await worker.call('/healthz', { token: null })).status).toBe(200);
    expect(await (await worker.call('/healthz', { token: null })).json()).toEqual({ status: 'ok' });
    expect((await worker.call('/openapi.json', { token: null })).status).toBe(200);
  });

  it('refuses unknown parameters on the public routes too (400 problem, as everywhere)', async () => {
    const worker = await testWorker();
    for (const path of ['/healthz?verbose=1', '/openapi.json?format=yaml']) {
      const response = await worker.call(path, { token: null });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { invalidParams: { name: string }[] }).invalidParams[0]!.name).toMatch(/^query\.(verbose|format)$/);
    }
  });
});

describe('tenant isolation', () => {
  it('account B can neither read nor change A\'s orders, nor see A\'s imports and changes', async () => {
    const worker = await testWorker();
    const imported = await importReport(worker, EXAMPLE);
    expect(imported.status).toBe(201);
    const { id } = (await imported.json()) as { id: string };
    const orderPath = '/v1/orders/111-0000004-0000004';
    const asA = await worker.call(orderPath);
    expect(asA.status).toBe(200);
    const etag = asA.headers.get('etag')!;

    expect((await worker.call(orderPath, { token: TOKEN_B })).status).toBe(404);
    const patch = await worker.call(orderPath, {
      method: 'PATCH',
      token: TOKEN_B,
      headers: { 'Content-Type': 'application/json', 'If-Match': etag },
      body: JSON.stringify({ claimStatus: 'withdrawn' }),
    });
    expect(patch.status).toBe(404);
    expect((await worker.call(`/v1/imports/${id}`, { token: TOKEN_B })).status).toBe(404);
    expect(await (await worker.call('/v1/orders', { token: TOKEN_B })).json()).toMatchObject({ items: [], nextCursor: null });
    expect(await (await worker.call('/v1/changes', { token: TOKEN_B })).json()).toMatchObject({ items: [], cursor: '0', hasMore: false });
    expect(await (await worker.call('/v1/summary', { token: TOKEN_B })).json()).toMatchObject({ lines: 0, odr: { orders: 0 } });

    // A's line is untouched by B's attempt
    const after = (await (await worker.call(orderPath)).json()) as { lines: { version: number; row: { claimStatus: string } }[] };
    expect(after.lines[0]).toMatchObject({ version: 1, row: { claimStatus: 'open' } });
  });

  it('keeps the same order id apart per account', async () => {
    const worker = await testWorker();
    await importReport(worker, EXAMPLE);
    const edited = EXAMPLE.replace('Yoga Mat', 'Yoga Mat (B)');
    expect((await importReport(worker, edited, { token: TOKEN_B })).status).toBe(201);
    const a = (await (await worker.call('/v1/orders/111-0000004-0000004')).json()) as { lines: { cells: Record<string, string>; changeSeq: number }[] };
    const b = (await (await worker.call('/v1/orders/111-0000004-0000004', { token: TOKEN_B })).json()) as typeof a;
    expect(a.lines[0]!.cells['product-name']).toBe('Yoga Mat');
    expect(b.lines[0]!.cells['product-name']).toBe('Yoga Mat (B)');
  });
});

describe('CORS, secure headers, errors', () => {
  it('answers CORS only for the configured origin', async () => {
    const worker = await testWorker();
    const preflight = (origin: string) =>
      worker.call('/v1/orders', {
        method: 'OPTIONS',
        token: null,
        headers: { Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization,if-match,content-type' },
      });
    const allowed = await preflight('https://localhost:3000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');

    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const get = await worker.call('/v1/orders', { headers: { Origin: 'https://localhost:3000' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(get.headers.get('access-control-expose-headers')).toContain('ETag');
    const getOther = await worker.call('/v1/orders', { headers: { Origin: 'https://evil.example' } });
    expect(getOther.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends secure headers on answers and on errors', async () => {
    const worker = await testWorker();
    for (const response of [await worker.call('/healthz'), await worker.call('/v1/orders', { token: null }), await worker.call('/nowhere')]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    }
  });

  it('answers unknown routes with a 404 problem', async () => {
    const worker = await testWorker();
    const response = await worker.call('/v2/orders');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ type: 'urn:atoz-guard:problem:not-found' });
  });

  it('hides internal errors: 500 with a generic problem, the error only in the log', async () => {
    const logged: unknown[] = [];
    const base = await testWorker();
    const broken = new Proxy(base.store, {
      get(target, key, receiver) {
        if (key === 'listOrders') return () => Promise.reject(new Error('SQLITE_CORRUPT: database disk image is malformed (SELECT * FROM orders)'));
        return Reflect.get(target, key, receiver);
      },
    });
    const worker = await testWorker({ logError: (error) => logged.push(error) }, broken);
    const response = await worker.call('/v1/orders');
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: 'urn:atoz-guard:problem:internal', title: 'Internal server error' });
    expect(JSON.stringify(problem)).not.toContain('SQLITE');
    expect(logged).toHaveLength(1);
  });

  it('evaluates with the CLI\'s default as-of instant when asOf is absent (the injected clock)', async () => {
    const worker = await testWorker();
    const response = await worker.call('/v1/evaluate', csvPost(EXAMPLE));
    expect(((await response.json()) as { asOf: string }).asOf).toBe('2024-03-15T19:00:00.000Z');
    expect(AS_OF).toBe('2024-03-15T12:00:00-07:00');
  });
});
