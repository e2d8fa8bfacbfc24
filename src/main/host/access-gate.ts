import type { IncomingMessage } from 'node:http';
import { hostAllowed, originMatchesHost, tokenMatches } from './access';
import type { TokenAttempts } from './token-attempts';

export interface Refusal {
  status: 401 | 403 | 404 | 429;
  reason: string;
}

export interface GateOptions {
  token: string;
  allowed: Set<string>;
  attempts: TokenAttempts;
}

/**
 * Everything a request to the WebSocket path must pass before `ws` parses a single frame of
 * it: the path, the Host (DNS rebinding), the Origin (other sites), the failed-attempt limit of
 * its address, then the token. The same answer goes to a plain GET of the path, which is how a
 * browser client, to whom a refused handshake is only close code 1006, learns why.
 */
export function checkAccess(req: IncomingMessage, path: string, options: GateOptions): Refusal | null {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== path) return { status: 404, reason: `unknown path ${JSON.stringify(url.pathname)}: the WebSocket is at ${path}` };
  if (!hostAllowed(req.headers.host, options.allowed)) {
    return {
      status: 403,
      reason: `host ${JSON.stringify(req.headers.host ?? '')} is not allowed; start forkscope serve with --allowed-host NAME to allow it`,
    };
  }
  if (!originMatchesHost(req.headers.origin, req.headers.host)) {
    return { status: 403, reason: `origin ${JSON.stringify(req.headers.origin)} does not match host ${JSON.stringify(req.headers.host)}` };
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  const limited = options.attempts.refusal(address);
  if (limited) return { status: 429, reason: limited };
  if (!tokenMatches(options.token, url.searchParams.get('token'))) {
    options.attempts.recordFailure(address);
    return { status: 401, reason: 'missing or wrong token: open the URL forkscope serve printed' };
  }
  return null;
}

const STATUS_TEXT: Record<Refusal['status'] | 426, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
};

/** A whole HTTP response, for writing to a socket that never became a WebSocket. */
export function refusalResponse(status: Refusal['status'] | 426, reason: string): string {
  const body = `${reason}\n`;
  return (
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
