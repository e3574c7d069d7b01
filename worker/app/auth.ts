import { createMiddleware } from 'hono/factory';
import type { Store } from '../store/types.js';
import type { AppEnv } from './env.js';
import { HttpProblem } from './problem.js';
import { sha256Hex } from './token-hash.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Hashes of tokens that named an account, kept: a client sends the same token with every request. */
const MAX_KNOWN_TOKENS = 256;

/**
 * Requires `Authorization: Bearer TOKEN` and sets `c.var.accountId` to the token's seller account.
 * Tokens are looked up by their SHA-256 only. 401 with a WWW-Authenticate challenge otherwise.
 * A token that named an account keeps its hash here, so its next requests skip the digest (Web Crypto's is
 * a round trip through another thread: on a busy machine it added a wait for that thread to every request).
 * The account is still looked up each time: a removed token is refused at once.
 */
export function bearerAuth(store: Store) {
  const known = new Map<string, string>();
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw unauthorized(header === undefined ? 'Send the API token as "Authorization: Bearer TOKEN".' : 'The Authorization header is not "Bearer TOKEN".', false);
    }
    const hash = known.get(token) ?? (await sha256Hex(token));
    const accountId = await store.accountForToken(hash);
    if (accountId === null) throw unauthorized('The bearer token is not valid.', true);
    if (!known.has(token)) {
      if (known.size >= MAX_KNOWN_TOKENS) known.clear();
      known.set(token, hash);
    }
    c.set('accountId', accountId);
    await next();
  });
}

function unauthorized(detail: string, tokenGiven: boolean): HttpProblem {
  const challenge = tokenGiven ? 'Bearer realm="atoz", error="invalid_token"' : 'Bearer realm="atoz"';
  return new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, {}, { 'WWW-Authenticate': challenge });
}
