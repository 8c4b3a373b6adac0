import { isIPv6 } from 'node:net';

/** The first four groups of an IPv6 address, written out (`::1` → `0:0:0:0`). */
function prefix64(address: string): string {
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ];
  return groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':');
}

/**
 * Who a client is, for counting: its IPv4 address, or its IPv6 /64, since one host commonly
 * holds a whole /64 and could otherwise take a fresh address for every attempt.
 */
export function clientOf(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, ''); // a zone id names the interface, not the client
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  return isIPv6(address) ? `${prefix64(address.toLowerCase())}::/64` : address;
}

/** One counter's subject from its parts; names and e-mail addresses count regardless of case. */
export const subjectOf = (...parts: string[]) =>
  JSON.stringify(parts.map((part) => part.toLowerCase()));
