import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, BlockList } from 'node:net';

/**
 * No request forgery into the seller's network: a channel may not reach a private, loopback, link-local,
 * unique-local, CGNAT, multicast or unspecified address, unless ATOZ_ALERTS_ALLOW_HOSTS names its host
 * (or the address). Checked on the addresses a name resolves to, at connection time (the lookup of the
 * very socket), so a name that changes its answer between check and use gains nothing.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['::ffff:0:0', 96], // IPv4-mapped: checked again as IPv4 below
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export class ForbiddenTargetError extends Error {
  readonly code = 'ATOZ_FORBIDDEN_TARGET';
  constructor(host: string, address: string) {
    super(`${host} is ${address}, a private, loopback or link-local address: refused (ATOZ_ALERTS_ALLOW_HOSTS can allow it)`);
    this.name = 'ForbiddenTargetError';
  }
}

/** The hosts of ATOZ_ALERTS_ALLOW_HOSTS (comma-separated names or addresses), lower-case. */
export function allowListFromEnv(env: Record<string, string | undefined>): Set<string> {
  return new Set((env.ATOZ_ALERTS_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean));
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/http sockets that refuses forbidden addresses of hosts not on the allow list. */
export function guardedLookup(allow: ReadonlySet<string>) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const host = hostname.toLowerCase();
      if (!allow.has(host)) {
        const bad = list.find((a) => !allow.has(a.address) && isForbiddenAddress(a.address));
        if (bad) return callback(new ForbiddenTargetError(hostname, bad.address), []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * Throws ForbiddenTargetError for an address literal (`10.0.0.1`, `[::1]`) that may not be reached: sockets do no
 * lookup for those, so guardedLookup never sees them.
 */
export function checkLiteral(hostname: string, allow: ReadonlySet<string>): void {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) !== 0 && !allow.has(host) && isForbiddenAddress(host)) throw new ForbiddenTargetError(hostname, host);
}

/** Resolves `host` and throws ForbiddenTargetError if it may not be reached (for SMTP, whose socket we do not own). */
export function checkHost(host: string, allow: ReadonlySet<string>): Promise<void> {
  checkLiteral(host, allow);
  return new Promise((resolve, reject) => {
    guardedLookup(allow)(host, { all: true }, (error) => (error ? reject(error) : resolve()));
  });
}
