import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/contract';
import { Engine } from '../engine/engine';
import { startHost, type RunningHost } from './server';

let engine: Engine;
let host: RunningHost;
let base: URL;

beforeAll(async () => {
  engine = new Engine({ shell: 'host', intervalMs: 200 });
  host = await startHost({ engine, port: 0 });
  base = new URL(host.url);
});

afterAll(async () => {
  await host.close();
  await engine.close();
});

function httpGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(options: { token?: string | null; origin?: string; hostHeader?: string } = {}): WebSocket {
  const token = options.token === undefined ? host.token : options.token;
  const url = `ws://${base.host}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  return new WebSocket(url, {
    headers: { ...(options.hostHeader ? { Host: options.hostHeader } : {}) },
    ...(options.origin ? { origin: options.origin } : {}),
  });
}

function nextMessage(ws: WebSocket, predicate: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(message)) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

describe('forkscope serve host', () => {
  it('binds loopback and prints a URL with the token', () => {
    expect(base.hostname).toBe('127.0.0.1');
    expect(base.searchParams.get('token')).toBe(host.token);
  });

  it('serves the built renderer with the Content-Security-Policy header', async () => {
    const res = await httpGet('/', { Host: base.host });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses a request whose Host is not ours (DNS rebinding)', async () => {
    const res = await httpGet('/', { Host: `evil.example:${base.port}` });
    expect(res.status).toBe(403);
  });

  it('refuses a WebSocket without the right token before the handshake, with 401 and a clear reason', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      const ws = connect({ token });
      ws.on('error', () => {}); // the refusal itself is what this test expects
      const [status, reason] = await new Promise<[number, string]>((resolve) =>
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve([res.statusCode ?? 0, body]));
        }),
      );
      expect(status).toBe(401);
      expect(reason).toMatch(/token/);
      ws.terminate();
    }
  });

  it('refuses a WebSocket from another origin or another Host with 403', async () => {
    for (const options of [{ origin: 'http://evil.example' }, { hostHeader: `evil.example:${base.port}` }]) {
      const ws = connect(options);
      ws.on('error', () => {}); // the refusal itself is what this test expects
      const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
      expect(status).toBe(403);
      ws.terminate();
    }
  });

  it('answers calls, streams the table, and rejects what breaks the contract while serving on', async () => {
    const ws = connect({ origin: `http://${base.host}` });
    const other = connect();
    await Promise.all([opened(ws), opened(other)]);

    ws.send(JSON.stringify({ type: 'call', id: 1, command: 'app:info', request: {} }));
    const info = await nextMessage(ws, (m) => m.id === 1);
    expect(info).toMatchObject({ type: 'result', result: { ok: true, value: { name: 'forkscope', enginePid: process.pid, shell: 'host' } } });

    const bad: Array<[string, string, number?]> = [
      ['not json at all', 'not-json'],
      [JSON.stringify({ type: 'call', id: 2, command: 'process:explode', request: {} }), 'unknown-command', 2],
      [JSON.stringify({ type: 'call', id: 3, command: 'app:info', request: { extra: 1 } }), 'invalid-request', 3],
      [JSON.stringify({ type: 'call', id: 'four' }), 'invalid-request'],
      [JSON.stringify({ type: 'call', id: 5, command: 'app:info', pad: 'x'.repeat(MAX_MESSAGE_BYTES) }), 'too-large'],
    ];
    for (const [text, kind, id] of bad) {
      const reply = nextMessage(ws, (m) => m.type === 'error' || (id !== undefined && m.id === id));
      ws.send(text);
      const message = await reply;
      const error = (message.error ?? (message.result as { error: unknown }).error) as { kind: string; message: string };
      expect(error.kind).toBe(kind);
      expect(error.message.length).toBeGreaterThan(10);
    }

    // The other client is unaffected, and streams work.
    other.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events' }));
    const event = await nextMessage(other, (m) => m.type === 'event' && JSON.stringify(m).includes('"keyframe"'));
    const { events } = event.payload as { events: Array<{ type: string; snapshot?: { processes: Array<{ pid: number }> } }> };
    const keyframe = events.find((e) => e.type === 'keyframe')!;
    expect(keyframe.snapshot!.processes.some((p) => p.pid === process.pid)).toBe(true);

    ws.close();
    other.close();
  });
});

describe('failed token attempts', () => {
  it('refuses an address after the limit, even with the right token, with 429 naming the limit; a plain GET says the same', async () => {
    const limited = await startHost({ engine, port: 0, limits: { maxFailedTokenAttempts: 3 } });
    const authority = `127.0.0.1:${limited.port}`;
    const get = (token: string) => httpGetFrom(limited.port, `/ws?token=${encodeURIComponent(token)}`, authority);
    try {
      expect((await get(limited.token)).status).toBe(426); // right token on a plain GET: "use WebSocket"
      for (let i = 0; i < 3; i++) {
        const wrong = await upgradeStatus(limited.port, 'wrong-token-wrong-token');
        expect(wrong.status).toBe(401);
        expect(wrong.body).toMatch(/wrong token/);
      }
      const refused = await upgradeStatus(limited.port, limited.token);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatch(/limit is 3 per 60 s \(MAX_FAILED_TOKEN_ATTEMPTS, serve --max-failed-token-attempts\)/);
      const explained = await get(limited.token);
      expect(explained.status).toBe(429);
      expect(explained.body).toMatch(/too many failed token attempts/);
    } finally {
      await limited.close();
    }
  });
});

function httpGetFrom(port: number, path: string, authority: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: authority } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeStatus(port: number, token: string): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
  ws.on('error', () => {}); // the refusal is the answer looked for
  return new Promise((resolve) =>
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        ws.terminate();
        resolve({ status: res.statusCode ?? 0, body });
      });
    }),
  );
}
