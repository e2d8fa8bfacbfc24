import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HOST_LIMITS } from './limits';

/** 32 random bytes, well over the 128 bits a guessable token would need to beat. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is wrong with a token a person chose, or null: spaces do not count towards its length. */
export function tokenProblem(token: string): string | null {
  const chars = token.replace(/\s/g, '').length;
  if (chars >= HOST_LIMITS.MIN_TOKEN_CHARS) return null;
  return `--token must have at least ${HOST_LIMITS.MIN_TOKEN_CHARS} non-space characters (MIN_TOKEN_CHARS); this one has ${chars}`;
}

/** Compares in constant time; hashing first makes the lengths equal, as timingSafeEqual needs. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The host part of a Host header or URL authority, lower-cased, without port or IPv6 brackets. */
export function hostnameOf(authority: string | undefined): string | null {
  if (!authority) return null;
  try {
    return new URL(`http://${authority}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Names a request may use in its Host header. Anything else is a DNS-rebinding attempt: a
 * page on evil.example whose name now resolves to 127.0.0.1.
 */
export function allowedHostnames(boundAddress: string, extra: readonly string[]): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', boundAddress.toLowerCase()]);
  for (const name of extra) names.add(name.toLowerCase());
  return names;
}

export function hostAllowed(hostHeader: string | undefined, allowed: Set<string>): boolean {
  const name = hostnameOf(hostHeader);
  return name !== null && allowed.has(name);
}

/**
 * A browser always sends Origin on a WebSocket; it must name the same host and port the socket
 * was opened to, or another site in the same browser is trying to talk to us. Non-browser
 * clients send none and are judged by the token alone.
 */
export function originMatchesHost(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}
