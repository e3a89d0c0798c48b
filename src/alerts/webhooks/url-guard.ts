import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DomainError } from '../../common/domain-error.js';

/**
 * Where webhooks are never sent unless WEBHOOK_ALLOW_PRIVATE says so: addresses that are not the public
 * internet's (private networks, loopback, link-local such as the cloud metadata service at
 * 169.254.169.254, carrier-grade NAT, unspecified, multicast, reserved). A URL is checked when it is
 * saved (every address its name resolves to) and again at each send, through the connection's own
 * lookup, so that a name that later resolves elsewhere (DNS rebinding) is refused too.
 */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b:1::', 48],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4, or v6 including v4-mapped ::ffff:a.b.c.d) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The webhook URL as it is stored: absolute http(s), no spaces, at most 2000 characters; else WEBHOOK_URL_INVALID. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL | null = null;
  try {
    url = raw.length <= 2000 && !/\s/.test(raw) ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw DomainError.of('WEBHOOK_URL_INVALID');
  return url;
}

/** The host as the resolver wants it: an IPv6 literal without its brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

type Resolve = (host: string) => Promise<LookupAddress[]>;
const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * Refuses (WEBHOOK_URL_REFUSED) a URL any of whose addresses is not public, or whose name does not
 * resolve; with `allowPrivate` only the resolution is required.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean, resolve: Resolve = resolveAll): Promise<URL> {
  const url = parseWebhookUrl(raw);
  const host = hostOf(url);
  const addresses = isIP(host)
    ? [host]
    : await resolve(host).then(
        (all) => all.map((a) => a.address),
        () => [] as string[],
      );
  if (addresses.length === 0) throw DomainError.of('WEBHOOK_URL_REFUSED.unresolved', { host });
  const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a));
  if (refused !== undefined) throw DomainError.of('WEBHOOK_URL_REFUSED', { address: refused });
  return url;
}

/** A refusal at send time, recorded as the attempt's error. */
export class AddressRefused extends Error {}

/**
 * The lookup a webhook's connection uses: every address of the name is checked, and the connection
 * goes to one of the checked addresses, never to a second answer of the resolver.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (refused || addresses.length === 0)
        return callback(new AddressRefused(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`), '', 4);
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** An IP literal in a URL is connected to without a lookup: checked here at send time. */
export function literalRefused(url: URL, allowPrivate: boolean): string | null {
  const host = hostOf(url);
  return !allowPrivate && isIP(host) !== 0 && !isPublicAddress(host) ? host : null;
}
