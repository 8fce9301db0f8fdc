import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook may not reach outside test mode (SSRF): loopback, private, link-local, CGNAT, multicast, unspecified. */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

export type UrlRule = 'url' | 'scheme' | 'credentials' | 'private_address';

/** The URL's own rules: http(s) only, no user:password, a host. Returns the rule it breaks, or null. */
export function urlProblem(raw: string): UrlRule | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (url.username || url.password) return 'credentials';
  return url.hostname ? null : 'url';
}

export function isBlockedAddress(address: string): boolean {
  // an IPv4-mapped IPv6 address reaches the IPv4 host it embeds
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const embedded = mapped?.[1]; // group 1 is not optional: defined whenever the pattern matches
  if (embedded !== undefined) return isBlockedAddress(embedded);
  const family = isIP(address);
  return family === 4 ? blocked.check(address, 'ipv4') : family === 6 ? blocked.check(address, 'ipv6') : true;
}

/**
 * The address to connect to, resolved once and checked, so DNS cannot answer a public address to the check and a
 * private one to the connection (rebinding). `allowPrivate`: loopback receivers in tests only.
 */
export async function resolveTarget(hostname: string, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const found = isIP(host) ? { address: host, family: isIP(host) } : await lookup(host);
  if (!allowPrivate && isBlockedAddress(found.address)) throw new Error(`${hostname} resolves to a private or loopback address`);
  return found;
}
