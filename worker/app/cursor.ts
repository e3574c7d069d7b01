import { invalidRequest } from './problem.js';

/**
 * Opaque paging cursors: the last line key a page looked at, base64url-encoded with a version prefix,
 * so clients do not build them and the format can change.
 */
const PREFIX = 'o1.';

export function encodeOrderCursor(lineKey: string): string {
  const bytes = new TextEncoder().encode(lineKey);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeOrderCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    if (!cursor.startsWith(PREFIX)) throw new Error('prefix');
    const binary = atob(cursor.slice(PREFIX.length).replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    throw invalidRequest([{ name: 'query.cursor', reason: 'not a cursor from this API (pass nextCursor of the previous page as it is)' }]);
  }
}
