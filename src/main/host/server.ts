import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../csp';
import type { ContractProvider } from '../engine/dispatch';
import { rendererDir } from '../paths';
import { allowedHostnames, generateToken, hostAllowed, originMatchesHost, tokenMatches } from './access';
import { bindClient } from './ws-binding';

export interface HostOptions {
  engine: ContractProvider;
  /** Address to bind; loopback unless a person asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  allowedHosts?: readonly string[];
  /** Folder of the built renderer (default: out/renderer). */
  staticDir?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Close codes a client can show: 4401 for the token, 1009 (ws's own) for a frame over the hard limit. */
export const CLOSE_BAD_TOKEN = 4401;
export const WS_PATH = '/ws';

/** Thrown when the port is taken, so the CLI can say so and exit 2. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
  }
}

/**
 * The headless shell: serves the built renderer over HTTP and the contract over one WebSocket,
 * with a per-start token and Host/Origin checks against DNS rebinding and other sites.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindAddress = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  const allowed = allowedHostnames(bindAddress, options.allowedHosts ?? []);
  const serveStatic = sirv(options.staticDir ?? rendererDir(), { single: true, etag: true, gzip: false });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!hostAllowed(req.headers.host, allowed)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        `Forbidden: host ${JSON.stringify(req.headers.host ?? '')} is not allowed; start forkscope serve with --allowed-host NAME to allow it\n`,
      );
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
  });

  // The hard limit closes the socket; messages between the contract's limit and this one get a typed error instead.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (reason: string): void => {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
    };
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== WS_PATH) return refuse('unknown path');
    if (!hostAllowed(req.headers.host, allowed)) return refuse('host not allowed');
    if (!originMatchesHost(req.headers.origin, req.headers.host)) return refuse('origin does not match host');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!tokenMatches(token, url.searchParams.get('token'))) {
        ws.close(CLOSE_BAD_TOKEN, 'missing or wrong token: open the URL forkscope serve printed');
        return;
      }
      bindClient(ws, options.engine);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 7787) : error);
    });
    server.listen(options.port ?? 7787, bindAddress, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = bindAddress === '0.0.0.0' || bindAddress === '::' ? 'localhost' : bindAddress;
  const authority = shownHost.includes(':') ? `[${shownHost}]:${port}` : `${shownHost}:${port}`;

  return {
    url: `http://${authority}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
