import { describe, expect, it } from 'vitest';
import { unreachableMessage } from '../../cli/import-command.js';

/** fetch (undici) rejects with a TypeError whose `cause` carries the socket's error code. */
const fetchFailure = (code: string, message = `${code} message`) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
const WHERE = 'http://127.0.0.1:3000';

describe('atoz import: why the worker could not be reached', () => {
  it('nothing listens, or no such host: is it running?', () => {
    expect(unreachableMessage(WHERE, fetchFailure('ECONNREFUSED'))).toBe(
      'cannot reach the worker at http://127.0.0.1:3000: nothing listens there (ECONNREFUSED) — is it running? `npm start` prints its address (as does `npm run serve`).',
    );
    expect(unreachableMessage('http://atoz.invalid', fetchFailure('ENOTFOUND'))).toMatch(/^cannot reach the worker at http:\/\/atoz\.invalid: unknown host \(ENOTFOUND\) — is it running\?/);
  });

  it('something answered but hung up (the task pane\'s HTTPS port asked in plain HTTP): is that the worker\'s address?', () => {
    expect(unreachableMessage(WHERE, fetchFailure('UND_ERR_SOCKET', 'other side closed'))).toBe(
      'the server at http://127.0.0.1:3000 closed the connection without an HTTP answer (UND_ERR_SOCKET): is that the worker\'s address? `npm start` prints its address (as does `npm run serve`); the task pane\'s port is not it.',
    );
  });

  it('a certificate this computer does not trust (npm start\'s dev CA): how to trust it', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      expect(unreachableMessage('https://127.0.0.1:3001', fetchFailure(code, 'self-signed certificate'))).toBe(
        `the worker at https://127.0.0.1:3001 has a certificate this computer does not trust (${code}). For \`npm start\`'s development certificate, run with NODE_EXTRA_CA_CERTS set to the ca.crt it prints (Node.js does not read the system's trust store); for a team's worker, the CA that signed its certificate.`,
      );
    }
  });

  it('https:// to a plain-HTTP worker: try http://', () => {
    expect(unreachableMessage('https://127.0.0.1:3001', fetchFailure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'))).toMatch(
      /^the server at https:\/\/127\.0\.0\.1:3001 does not speak HTTPS \(ERR_SSL_WRONG_VERSION_NUMBER\).*Try the same address with http:\/\/\.$/,
    );
  });

  it('any other cause keeps its own words and code', () => {
    expect(unreachableMessage('https://127.0.0.1:3001', fetchFailure('CERT_REVOKED', 'certificate revoked'))).toMatch(
      /^cannot reach the worker at https:\/\/127\.0\.0\.1:3001: certificate revoked \(CERT_REVOKED\) — is it running\?/,
    );
    expect(unreachableMessage(WHERE, new Error('aborted'))).toMatch(/^cannot reach the worker at http:\/\/127\.0\.0\.1:3000: aborted — is it running\?/);
  });
});
