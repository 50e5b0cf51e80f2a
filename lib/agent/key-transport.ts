import { BlockList, isIPv4 } from 'node:net';

/** 127.0.0.0/8 and ::1 (an IPv4-mapped `::ffff:127.x.y.z` matches the IPv4 rule). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether a URL's host is this machine's loopback: `localhost`, 127.0.0.0/8 or `[::1]`.
 * A name that merely starts with them (`127.0.0.1.example.com`, `localhost.example.com`) is not.
 * @example isLoopbackUrl(new URL('http://127.0.0.1:3000')) // true
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (host.startsWith('[')) return LOOPBACK.check(host.slice(1, -1), 'ipv6');
  return isIPv4(host) && LOOPBACK.check(host, 'ipv4');
}

/**
 * Why the API key must not be sent to `url`, or `undefined` when it may: over `https://`
 * anywhere, over `http://` only to loopback (where no one on the network can read it).
 * @example
 * apiKeyTransportProblem('http://10.0.0.5:3000'); // 'http:// would send the API key in clear text …'
 * apiKeyTransportProblem('http://127.0.0.1:3000'); // undefined
 */
export function apiKeyTransportProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackUrl(parsed)) return undefined;
  if (parsed.protocol !== 'http:') return `${parsed.protocol}// is not http(s)://`;
  return (
    `http:// would send the API key in clear text to ${parsed.host}: use https://, ` +
    'or http:// only to this machine (localhost, 127.0.0.0/8, [::1])'
  );
}
