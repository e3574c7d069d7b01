import { createMiddleware } from 'hono/factory';
import type { Store } from '../store/types.js';
import type { AppEnv } from './env.js';
import { HttpProblem } from './problem.js';
import { sha256Hex } from './token-hash.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Requires `Authorization: Bearer TOKEN` and sets `c.var.accountId` to the token's seller account.
 * Tokens are looked up by their SHA-256 only. 401 with a WWW-Authenticate challenge otherwise.
 */
export function bearerAuth(store: Store) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw unauthorized(header === undefined ? 'Send the API token as "Authorization: Bearer TOKEN".' : 'The Authorization header is not "Bearer TOKEN".', false);
    }
    const accountId = await store.accountForToken(await sha256Hex(token));
    if (accountId === null) throw unauthorized('The bearer token is not valid.', true);
    c.set('accountId', accountId);
    await next();
  });
}

function unauthorized(detail: string, tokenGiven: boolean): HttpProblem {
  const challenge = tokenGiven ? 'Bearer realm="atoz", error="invalid_token"' : 'Bearer realm="atoz"';
  return new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, {}, { 'WWW-Authenticate': challenge });
}
