/**
 * Which worker URLs the Connect panel accepts. The pane is an https page; a call from it to an `http:`
 * URL is mixed content. Chromium-based hosts (Edge WebView2, Edge, Chrome) let an https page call plain
 * http on the loopback address only; Safari and Excel for Mac and iPad (WKWebView) block it everywhere,
 * loopback included. So: https always; http only for a worker on this computer (127.0.0.0/8, ::1,
 * localhost), with a word that Safari and the Mac need https (`npm start` serves the worker over https).
 * See https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content and
 * https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy. Pure: no fetch, no DOM.
 */
/** The query parameter of taskpane.html that carries a team's worker address (written by `npm run manifest`). */
export const WORKER_PARAMETER = 'worker';

export type WorkerUrlCheck =
  | { kind: 'ok'; url: string }
  /** Allowed, with a warning: plain http on the loopback address (fine in Edge/Chrome, blocked on Mac and Safari). */
  | { kind: 'loopback-http'; url: string }
  /** Refused: plain http to another computer, which every host blocks from an https page. */
  | { kind: 'insecure' }
  /** Not an http(s) URL at all. */
  | { kind: 'invalid' };

export function checkWorkerUrl(text: string): WorkerUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { kind: 'invalid' };
  }
  if (url.username || url.password) return { kind: 'invalid' };
  const href = url.href.replace(/\/+$/, '');
  if (url.protocol === 'https:') return { kind: 'ok', url: href };
  if (url.protocol !== 'http:') return { kind: 'invalid' };
  return isLoopback(url.hostname) ? { kind: 'loopback-http', url: href } : { kind: 'insecure' };
}

/** The URL parser has already normalised the host: `127.1` is `127.0.0.1`, `[0:0::1]` is `[::1]`, names are lower case. */
export function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The worker a team's manifest names (`npm run manifest` opens the pane as taskpane.html?worker=URL):
 * the Connect panel's starting address when the user has saved none. Only an address the panel accepts.
 */
export function workerUrlFromQuery(search: string): string | undefined {
  const value = new URLSearchParams(search).get(WORKER_PARAMETER);
  if (value === null) return undefined;
  const checked = checkWorkerUrl(value);
  return checked.kind === 'ok' ? checked.url : undefined;
}
