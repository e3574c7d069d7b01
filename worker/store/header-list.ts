import { createHash } from 'node:crypto';

/** A header list as stored (table cell_headers): its id and its JSON text. */
export interface HeaderList {
  id: string;
  json: string;
}

const headerLists = new WeakMap<readonly string[], HeaderList>();

/** The header list's id (a hash of its JSON text, the same in every worker); computed once per array. */
export function headerListOf(headers: readonly string[]): HeaderList {
  let list = headerLists.get(headers);
  if (!list) {
    if (new Set(headers).size !== headers.length) throw new Error(`cell headers must be distinct: ${headers.join(', ')}`);
    const json = JSON.stringify(headers);
    list = { id: createHash('sha256').update(json).digest('base64url').slice(0, 22), json };
    headerLists.set(headers, list);
  }
  return list;
}
