/**
 * The manifest for a team's own addresses, from manifest.xml (which points at `npm start`'s
 * https://localhost:3000). Pure: text in, text out; addin/write-manifest.ts is the command around it.
 *
 * - every pane address (SourceLocation, icons, the task pane URL) moves to the pane's base URL, where
 *   `npm run build:addin:prod`'s dist/addin/ is served;
 * - SupportUrl and the Get Started "learn more" link go to the support URL;
 * - AppDomains lists the pane's and the worker's origins;
 * - the task pane opens as taskpane.html?worker=URL, so the Connect panel starts with the team's worker.
 * Office requires https for all of them (https://learn.microsoft.com/en-us/office/dev/add-ins/concepts/requirements-for-running-office-add-ins):
 * anything else is refused.
 */
import { WORKER_PARAMETER } from './taskpane/sync/worker-url.js';

export interface ManifestAddresses {
  paneUrl: string;
  workerUrl: string;
  supportUrl: string;
}

export class ManifestAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestAddressError';
  }
}

/** The address `npm start` serves and manifest.xml names. */
export const DEV_PANE_BASE = 'https://localhost:3000';


function httpsUrl(option: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ManifestAddressError(`${option}: "${text}" is not a URL such as https://atoz.example.com/`);
  }
  if (url.protocol !== 'https:') throw new ManifestAddressError(`${option}: "${text}" is not https: Office loads add-ins only over HTTPS, and the pane may call only an https worker`);
  if (url.username || url.password) throw new ManifestAddressError(`${option}: no user name or password in the URL`);
  if (url.hostname === 'localhost' || url.hostname.startsWith('127.') || url.hostname === '[::1]') {
    throw new ManifestAddressError(`${option}: "${text}" is this computer; manifest.xml already serves that (npm start). Give the team's address`);
  }
  return url;
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function productionManifest(template: string, addresses: ManifestAddresses): string {
  const pane = httpsUrl('--pane-url', addresses.paneUrl);
  const worker = httpsUrl('--worker-url', addresses.workerUrl);
  const support = httpsUrl('--support-url', addresses.supportUrl);
  if (pane.search || pane.hash) throw new ManifestAddressError(`--pane-url: "${addresses.paneUrl}" must be the folder dist/addin/ is served from, without ? or #`);
  const base = pane.href.replace(/\/+$/, '');
  const workerHref = worker.href.replace(/\/+$/, '');
  const taskpane = `${base}/taskpane.html?${WORKER_PARAMETER}=${encodeURIComponent(workerHref)}`;

  let xml = template;
  const replace = (pattern: RegExp, replacement: string, expected: number) => {
    const found = xml.match(pattern)?.length ?? 0;
    if (found !== expected) throw new Error(`manifest.xml changed: expected ${expected} match(es) of ${pattern}, found ${found}`);
    xml = xml.replace(pattern, replacement);
  };
  replace(/<SupportUrl DefaultValue="[^"]*"\/>/g, `<SupportUrl DefaultValue="${escapeXml(support.href)}"/>`, 1);
  replace(/<bt:Url id="GetStarted\.LearnMoreUrl" DefaultValue="[^"]*"\/>/g, `<bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${escapeXml(support.href)}"/>`, 1);
  const domains = [...new Set([pane.origin, worker.origin])].map((origin) => `    <AppDomain>${escapeXml(origin)}</AppDomain>`).join('\n');
  replace(/<AppDomains>[\s\S]*?<\/AppDomains>/g, `<AppDomains>\n${domains}\n  </AppDomains>`, 1);
  replace(/(<SourceLocation DefaultValue=")https:\/\/localhost:3000\/taskpane\.html("\/>)/g, `$1${escapeXml(taskpane)}$2`, 1);
  replace(/(<bt:Url id="Taskpane\.Url" DefaultValue=")https:\/\/localhost:3000\/taskpane\.html("\/>)/g, `$1${escapeXml(taskpane)}$2`, 1);
  // The icons, and anything else left on the development address.
  xml = xml.replaceAll(`${DEV_PANE_BASE}/`, `${escapeXml(base)}/`);
  // (No address in the comment: a host name may hold "--", which an XML comment may not.)
  xml = xml.replace(/<!--[\s\S]*?-->\n/, '<!--\n  A-to-z Claim Guard for a team\'s own addresses, written by npm run manifest from manifest.xml (docs/deploy.md).\n-->\n');
  if (xml.includes('localhost')) throw new Error('manifest.xml changed: a localhost address is left in the production manifest');
  return xml;
}
