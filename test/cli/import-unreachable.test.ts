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

  it('any other cause keeps its own words and code', () => {
    expect(unreachableMessage('https://127.0.0.1:3000', fetchFailure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toMatch(
      /^cannot reach the worker at https:\/\/127\.0\.0\.1:3000: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\) — is it running\?/,
    );
    expect(unreachableMessage(WHERE, new Error('aborted'))).toMatch(/^cannot reach the worker at http:\/\/127\.0\.0\.1:3000: aborted — is it running\?/);
  });
});
