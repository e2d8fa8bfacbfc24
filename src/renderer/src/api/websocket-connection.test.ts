import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { ConnectionStatus } from './client-types';
import { askWhyRefused } from './ask-why-refused';
import { connectWebSocket } from './websocket-connection';

/**
 * A real ws server standing in for `forkscope serve`: it refuses handshakes while `refusing`
 * (as the host does for a wrong token), answers every call with its command name, and keeps
 * every call it ever received, so a test can tell whether a call was sent.
 */
interface FakeHost {
  port: number;
  refusing: { status: number; body: string } | null;
  received: string[];
  /** Cut the connection on the next call instead of answering it. */
  dropCalls: boolean;
  server: Server;
  wss: WebSocketServer;
}

const open: Array<{ close(): void }> = [];

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
afterEach(async () => {
  for (const thing of open.splice(0)) thing.close();
});

async function startHost(refusing: FakeHost['refusing']): Promise<FakeHost> {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    res.writeHead(host.refusing?.status ?? 426, { 'Content-Type': 'text/plain' });
    res.end(host.refusing?.body ?? 'upgrade');
  });
  const host: FakeHost = { port: 0, refusing, received: [], dropCalls: false, server, wss };
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (host.refusing) {
      socket.end(`HTTP/1.1 ${host.refusing.status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; id: number; command: string };
        if (message.type !== 'call') return;
        host.received.push(message.command);
        if (host.dropCalls) return ws.terminate();
        ws.send(JSON.stringify({ type: 'result', id: message.id, result: { ok: true, value: message.command } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.port = (server.address() as AddressInfo).port;
  open.push({
    close: () => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      server.close();
    },
  });
  return host;
}

function client(host: FakeHost, explain = true) {
  const c = connectWebSocket({
    address: `ws://127.0.0.1:${host.port}/ws`,
    ...(explain ? { explainRefusal: () => askWhyRefused(`http://127.0.0.1:${host.port}/ws`) } : {}),
  });
  open.push(c);
  const statuses: ConnectionStatus[] = [];
  c.onStatus((s) => statuses.push(s));
  return { c, statuses };
}

describe('the browser client over a real WebSocket', () => {
  it('sends a call made while the first attempt is under way once that attempt opens', async () => {
    const host = await startHost(null);
    const { c } = client(host);
    const result = await c.call('app:info', {});
    expect(result).toEqual({ ok: true, value: 'app:info' });
    expect(host.received).toEqual(['app:info']);
  });

  it('fails a call whose connection attempt fails, and never sends it on a later connection', async () => {
    const host = await startHost({ status: 503, body: 'busy' });
    const { c, statuses } = client(host, false);
    // Made while the refused attempt is under way: it waits for that attempt, which fails.
    const kill = await c.call('supervisor:kill', { pid: 4242, startTime: 1, tree: true } as never);
    expect(kill.ok).toBe(false);
    expect(!kill.ok && kill.error.kind).toBe('disconnected');
    expect(!kill.ok && kill.error.message).toMatch(/not sent/);

    host.refusing = null;
    await waitFor('the client to reconnect', () => statuses.some((s) => s.connected), 10_000);
    // Calls on one connection arrive in order: had the failed kill been kept, it would come before this one.
    expect(await c.call('app:info', {})).toEqual({ ok: true, value: 'app:info' });
    expect(host.received).toEqual(['app:info']);
  });

  it('fails at once, unsent, a call made between attempts', async () => {
    const host = await startHost({ status: 503, body: 'busy' });
    const { c, statuses } = client(host, false);
    await waitFor('the first attempt to fail', () => statuses.some((s) => !s.connected && s.reason), 5000);
    const result = await c.call('supervisor:kill', { pid: 4242, startTime: 1, tree: true } as never);
    expect(!result.ok && result.error.kind).toBe('disconnected');
    host.refusing = null;
    await waitFor('the client to reconnect', () => statuses.some((s) => s.connected), 10_000);
    expect(await c.call('app:info', {})).toEqual({ ok: true, value: 'app:info' });
    expect(host.received).toEqual(['app:info']);
  });

  it('fails a call sent on a connection that closes before the answer, and does not resend it', async () => {
    const host = await startHost(null);
    host.dropCalls = true;
    const { c, statuses } = client(host);
    await waitFor('the client to connect', () => statuses.some((s) => s.connected), 5000);
    const result = await c.call('supervisor:signal', { pid: 4242, startTime: 1, signal: 'SIGTERM' } as never);
    expect(!result.ok && result.error.kind).toBe('disconnected');
    host.dropCalls = false;
    await waitFor('the client to reconnect', () => statuses.filter((s) => s.connected).length >= 2, 10_000);
    expect(await c.call('app:info', {})).toEqual({ ok: true, value: 'app:info' });
    expect(host.received).toEqual(['supervisor:signal', 'app:info']);
  });

  it('gives up on a wrong token and says why, in the words of the host', async () => {
    const host = await startHost({ status: 401, body: 'missing or wrong token: open the URL forkscope serve printed' });
    const { c, statuses } = client(host);
    await waitFor('the client to give up', () => statuses.find((s) => s.reason?.includes('wrong token')), 5000);
    const result = await c.call('app:info', {});
    expect(!result.ok && result.error.message).toMatch(/wrong token/);
    host.refusing = null;
    // No retry follows a wrong token: the next attempt would be refused the same way.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(statuses.some((s) => s.connected)).toBe(false);
    expect(host.received).toEqual([]);
  });
});
