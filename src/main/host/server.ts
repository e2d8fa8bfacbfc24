import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../csp';
import type { ContractProvider } from '../engine/dispatch';
import { rendererDir } from '../paths';
import { allowedHostnames, generateToken, hostAllowed, tokenProblem } from './access';
import { checkAccess, refusalResponse } from './access-gate';
import { interfaceAddresses, isLoopbackAddress, isWildcardAddress, urlHostFor } from './bind-address';
import { DEFAULT_HOST_LIMITS, HOST_LIMITS, type HostLimits } from './limits';
import { TokenAttempts } from './token-attempts';
import { bindClient, type ClientHandle, type ClientStats } from './ws-binding';

export interface HostOptions {
  engine: ContractProvider;
  /** Address to bind; loopback unless a person asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required when the bound address is not loopback; a new random one otherwise. */
  token?: string;
  allowedHosts?: readonly string[];
  /** Folder of the built renderer (default: out/renderer). */
  staticDir?: string;
  limits?: Partial<HostLimits>;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  /** The address the server actually bound, as the OS reports it. */
  boundAddress: string;
  /** Addresses other machines may use, when bound to every interface (the URL's host is localhost then). */
  otherAddresses: string[];
  /** Per connected client: what waits to be sent to it. */
  clients(): ClientStats[];
  close(): Promise<void>;
}

export const WS_PATH = '/ws';

/** Thrown when the port is taken, so the CLI can say so and exit 2. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
  }
}

/** Thrown, after closing the listener, when the address bound is reachable from other machines and no token was given. */
export class ExposedWithoutTokenError extends Error {
  constructor(
    readonly requested: string,
    readonly bound: string,
  ) {
    super(
      `--host ${JSON.stringify(requested)} listens on ${bound}, which other machines can reach: it needs an explicit --token ` +
        `of at least ${HOST_LIMITS.MIN_TOKEN_CHARS} non-space characters (MIN_TOKEN_CHARS)`,
    );
  }
}

/**
 * The headless shell: serves the built renderer over HTTP and the contract over one WebSocket,
 * with a per-start token and Host/Origin checks against DNS rebinding and other sites. Nothing
 * reaches `ws` before every check passed, and nothing a client sends can throw out of here.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const requested = options.host ?? '127.0.0.1';
  if (options.token !== undefined) {
    const problem = tokenProblem(options.token);
    if (problem) throw new Error(problem);
  }
  const token = options.token ?? generateToken();
  const limits = { ...DEFAULT_HOST_LIMITS, ...options.limits };
  const attempts = new TokenAttempts(limits.maxFailedTokenAttempts, limits.failedTokenWindowMs);
  const serveStatic = sirv(options.staticDir ?? rendererDir(), { single: true, etag: true, gzip: false });
  // Filled in once the OS says which address was bound.
  const allowed = new Set<string>();
  const gate = { token, allowed, attempts };
  const clients = new Set<ClientHandle>();

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
    if (new URL(req.url ?? '/', 'http://placeholder').pathname === WS_PATH) {
      // A browser's way to learn why its handshake was refused: the same checks, as a plain answer.
      const refusal = checkAccess(req, WS_PATH, gate);
      res.writeHead(refusal?.status ?? 426, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`${refusal?.reason ?? 'this path speaks WebSocket'}\n`);
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: HOST_LIMITS.MAX_FRAME_BYTES, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client may reset at any moment; its socket's errors end that socket, never the server.
    socket.on('error', () => socket.destroy());
    const refusal = checkAccess(req, WS_PATH, gate);
    if (refusal) {
      if (socket.writable) socket.end(refusalResponse(refusal.status, refusal.reason));
      else socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = bindClient(ws, options.engine, limits);
      clients.add(client);
      ws.once('close', () => clients.delete(client));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 7787) : error);
    });
    server.listen(options.port ?? 7787, requested, () => resolve());
  });
  const { address: boundAddress, port } = server.address() as AddressInfo;
  if (options.token === undefined && !isLoopbackAddress(boundAddress)) {
    // Decided by what the OS bound, not by the spelling asked for: '', '0' and '::0' all mean everywhere.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw new ExposedWithoutTokenError(requested, boundAddress);
  }
  const otherAddresses = isWildcardAddress(boundAddress) ? interfaceAddresses(boundAddress) : [];
  for (const name of allowedHostnames(boundAddress, [requested, ...otherAddresses, ...(options.allowedHosts ?? [])])) allowed.add(name);

  return {
    url: `http://${urlHostFor(boundAddress)}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    boundAddress,
    otherAddresses,
    clients: () => [...clients].map((c) => c.stats()),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
