import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who stages an import: `host/pid/token`, the token told apart per process (not per thread or store), so
 * the worker on this host can tell at once that an import's process has ended, and a reused pid is not
 * taken for the old process. Leases (heartbeats) cover workers on other hosts.
 */
export interface ImportOwner {
  host: string;
  pid: number;
  token: string;
}

/** How long an import's lease lasts without a heartbeat; the store renews its imports' leases every third of it. */
export const LEASE_MS = 60_000;

let processToken: string | undefined;

/** This process's owner identity; a writer thread is given its process's (`token`), so all its stores agree. */
export function processOwner(token?: string): ImportOwner {
  if (token) processToken ??= token;
  processToken ??= randomUUID();
  return { host: hostname(), pid: process.pid, token: processToken };
}

export function formatOwner(owner: ImportOwner): string {
  return `${owner.host}/${owner.pid}/${owner.token}`;
}

export function parseOwner(text: string): ImportOwner | null {
  const at = text.lastIndexOf('/');
  const pidAt = text.lastIndexOf('/', at - 1);
  if (at < 0 || pidAt < 0) return null;
  const pid = Number(text.slice(pidAt + 1, at));
  if (!Number.isSafeInteger(pid)) return null;
  return { host: text.slice(0, pidAt), pid, token: text.slice(at + 1) };
}

/**
 * Whether the process that owned an import has certainly ended: it ran on this host and its pid is gone,
 * or its pid is this process's own but from an earlier start (another token). Unknown (another host): false.
 */
export function ownerIsDead(owner: ImportOwner, me: ImportOwner): boolean {
  if (owner.host !== me.host) return false;
  if (owner.pid === me.pid) return owner.token !== me.token;
  try {
    process.kill(owner.pid, 0);
    return false; // alive (or a reused pid): the lease decides
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}
