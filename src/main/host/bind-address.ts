import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Whether an address the server actually bound (as `server.address()` reports it, so `''`,
 * `0`, `::0` and their kin have already become `::` or `0.0.0.0`) is reachable from this
 * machine only. Anything else needs an explicit token.
 */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1] ?? plain;
  if (isIPv4(v4)) return v4.startsWith('127.');
  if (!isIPv6(plain)) return false;
  return new URL(`http://[${plain}]/`).hostname === '[::1]';
}

export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The host part of the URL to print: a wildcard bind is reached at localhost from this machine. */
export function urlHostFor(boundAddress: string): string {
  const shown = isWildcardAddress(boundAddress) ? 'localhost' : boundAddress;
  return shown.includes(':') ? `[${shown}]` : shown;
}

/**
 * The addresses other machines can use when the server listens on every interface. IP
 * literals are safe to allow in the Host header: DNS rebinding needs a name.
 */
export function interfaceAddresses(boundAddress: string): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal || entry.scopeid) continue; // link-local IPv6 needs a zone no URL can carry portably
      if (boundAddress === '0.0.0.0' && entry.family !== 'IPv4') continue;
      addresses.push(entry.address);
    }
  }
  return addresses;
}
