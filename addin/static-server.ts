import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, posix, resolve, sep } from 'node:path';

/**
 * A small static file handler for the built task pane: `npm start` serves it over HTTPS, the browser
 * test and benchmark over HTTP. Each mount maps a URL prefix to a folder; the first mount that has
 * the file answers. Only GET and HEAD; nothing outside a mount's folder is ever read.
 */
export interface StaticMount {
  /** `/` or a prefix such as `/office-js/`. */
  prefix: string;
  dir: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function staticHandler(mounts: readonly StaticMount[], options: { index?: string } = {}): RequestHandler {
  const index = options.index ?? '/taskpane.html';
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = posix.normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (path === '/') {
      response.writeHead(302, { location: index }).end();
      return;
    }
    const file = findFile(mounts, path);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': file.size,
      // A developer rebuilds often: the pane must never run yesterday's bundle.
      'cache-control': 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file.path).pipe(response);
  };
}

function findFile(mounts: readonly StaticMount[], path: string): { path: string; size: number } | undefined {
  for (const mount of mounts) {
    if (!path.startsWith(mount.prefix)) continue;
    const root = resolve(mount.dir);
    const candidate = resolve(join(root, path.slice(mount.prefix.length)));
    if (candidate !== root && !candidate.startsWith(root + sep)) continue;
    try {
      const stat = statSync(candidate);
      if (stat.isFile()) return { path: candidate, size: stat.size };
    } catch {
      // not in this mount
    }
  }
  return undefined;
}
