import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EngineEvent } from '../../shared/events';
import { Engine } from '../engine/engine';
import { rawUpgrade, textFrame } from '../test-support/raw-websocket';
import { waitFor } from '../test-support/wait-for';
import { CLOSE_SLOW_CLIENT } from './limits';
import { startHost, type RunningHost } from './server';

// Small enough that re-subscribing fills it quickly, large enough that a fast client never falls behind a keyframe (the watermark is a quarter).
const CAP = 4 * 1024 * 1024;

let engine: Engine;
let host: RunningHost;
/** The `t` of every tick the engine itself emitted, the reference the fast client is held to. */
const engineTicks: number[] = [];

beforeAll(async () => {
  engine = new Engine({ shell: 'host', intervalMs: 200 });
  host = await startHost({ engine, port: 0, limits: { maxClientBufferedBytes: CAP } });
  engine.subscribe('engine:events', ({ events }) => {
    for (const event of events) if (event.type === 'system') engineTicks.push(event.t);
  });
});

afterAll(async () => {
  await host.close();
  await engine.close();
});

function fastClient(): { ws: WebSocket; ticks: number[]; opened: Promise<void> } {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`);
  const ticks: number[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { payload?: { events?: EngineEvent[] } };
    for (const event of message.payload?.events ?? []) if (event.type === 'system') ticks.push(event.t);
  });
  const opened = new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  return { ws, ticks, opened };
}

describe('a client that does not read', () => {
  it('re-subscribing 2,000 times stays bounded while another client gets every tick', async () => {
    // The machine is shared: its table (and so a keyframe) may grow during the test, so the bound uses the largest seen.
    const keyframeSize = async (): Promise<number> => JSON.stringify({ type: 'keyframe', t: 0, snapshot: await engine.snapshot() }).length;
    let keyframeBytes = await keyframeSize();
    const other = fastClient();
    await other.opened;
    other.ws.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events' }));

    const slow = await rawUpgrade('127.0.0.1', host.port, `/ws?token=${encodeURIComponent(host.token)}`);
    expect(slow.status).toBe(101);
    slow.socket.pause(); // never reads again: the kernel's buffers fill, then the server's
    const frames: Buffer[] = [];
    for (let i = 0; i < 2000; i++) {
      frames.push(textFrame(JSON.stringify({ type: 'subscribe', stream: 'engine:events' })));
      frames.push(textFrame(JSON.stringify({ type: 'unsubscribe', stream: 'engine:events' })));
    }
    frames.push(textFrame(JSON.stringify({ type: 'subscribe', stream: 'engine:events' })));
    slow.socket.write(Buffer.concat(frames));

    // Watch what the server holds for each client while the engine ticks 15 more times.
    const from = engineTicks.length;
    let peak = 0;
    let coalesced = 0;
    await waitFor(
      '15 more engine ticks',
      () => {
        for (const stats of host.clients()) {
          peak = Math.max(peak, stats.bufferedAmount + stats.keptBytes);
          coalesced = Math.max(coalesced, stats.coalesced);
        }
        return engineTicks.length >= from + 15;
      },
      30_000,
      10,
    );
    keyframeBytes = Math.max(keyframeBytes, await keyframeSize());
    const window = engineTicks.slice(from, from + 14);
    await waitFor('the other client to have every tick of the window', () => window.every((t) => other.ticks.includes(t)), 10_000);

    process.stdout.write(`slow client: peak held ${peak} bytes (cap ${CAP}, keyframe ${keyframeBytes}), ${coalesced} coalesced\n`);
    // Without the limit it held 2,000 keyframes; with it, at most the cap plus the one batch in flight.
    expect(peak).toBeLessThanOrEqual(CAP + 2 * keyframeBytes);
    expect(coalesced).toBeGreaterThan(0);
    // Consecutive: the fast client saw exactly the engine's ticks, none missing, none merged away.
    const seen = other.ticks.filter((t) => t >= window[0]! && t <= window.at(-1)!);
    expect(seen).toEqual(window);
    expect(host.clients().some((s) => s.overflowed)).toBe(false);

    slow.socket.destroy();
    other.ws.close();
    await waitFor('both clients to be gone', () => host.clients().length === 0, 10_000);
  });

  it('gets, once it reads again, every lifecycle event the engine emitted meanwhile, in order, with the metrics merged', async () => {
    const slow = fastClient();
    await slow.opened;
    const received: EngineEvent[] = [];
    slow.ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { payload?: { events?: EngineEvent[] } };
      received.push(...(message.payload?.events ?? []));
    });
    const reference: EngineEvent[] = [];
    const stopReference = engine.subscribe('engine:events', ({ events }) => reference.push(...events));
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    // Keyframes until the kernel's buffers are full and the server holds what follows.
    for (let i = 0; i < 2000; i++) {
      slow.ws.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events' }));
      slow.ws.send(JSON.stringify({ type: 'unsubscribe', stream: 'engine:events' }));
    }
    slow.ws.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events' }));
    // Every re-subscription handled (a life that started between an unsubscribe and a subscribe was rightly not sent), and events held.
    await waitFor(
      'the server to handle every message and hold events',
      () => host.clients().some((s) => s.messagesIn === 4001 && s.coalesced > 0),
      20_000,
    );

    // Short lives the sampler sees start and end while the client is not reading.
    const children = Array.from({ length: 4 }, () => spawn('sleep', ['0.6'], { stdio: 'ignore' }));
    const pids = new Set(children.map((c) => c.pid!));
    // "started" comes with the process, not a pid field: read both the way the table does.
    const life = (events: EngineEvent[]) =>
      events
        .map((e) => (e.type === 'started' ? `started:${e.process.pid}` : 'pid' in e ? `${e.type}:${e.pid}` : null))
        .filter((e): e is string => e !== null && pids.has(Number(e.split(':')[1])));
    try {
      await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
      await waitFor('the engine to see the four lives end', () => life(reference).filter((e) => e.startsWith('ended')).length === 4, 10_000);
      const ticksBefore = engineTicks.length;
      await waitFor('two more ticks', () => engineTicks.length >= ticksBefore + 2, 10_000);
      expect(host.clients().some((s) => s.overflowed)).toBe(false);

      socket.resume();
      const last = engineTicks.at(-1)!;
      await waitFor('the slow client to catch up', () => received.some((e) => e.type === 'system' && e.t >= last), 20_000);
      expect(life(received)).toEqual(life(reference));
      expect(life(received).filter((e) => e.startsWith('started'))).toHaveLength(4);
      // Metrics were merged while it was behind: fewer system figures than the engine's ticks.
      const systems = (events: EngineEvent[]) => events.filter((e) => e.type === 'system' && e.t <= last).length;
      expect(systems(received)).toBeLessThan(systems(reference));
    } finally {
      for (const child of children) child.kill('SIGKILL');
      stopReference();
      slow.ws.terminate();
    }
    await waitFor('the server to forget the client', () => host.clients().length === 0, 10_000);
  });

  it('is closed with the reason once what cannot be coalesced (answers) passes the cap, and what it held is freed', async () => {
    const slow = fastClient();
    await slow.opened;
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const closed = new Promise<[number, string]>((resolve) => slow.ws.once('close', (code, reason) => resolve([code, reason.toString()])));
    for (let id = 1; id <= 400; id++) slow.ws.send(JSON.stringify({ type: 'call', id, command: 'sampler:snapshot', request: {} }));

    await waitFor('the server to close the slow client', () => host.clients().some((s) => s.overflowed), 30_000);
    socket.resume();
    const [code, reason] = await closed;
    expect(code).toBe(CLOSE_SLOW_CLIENT);
    expect(reason).toMatch(/MAX_CLIENT_BUFFERED_BYTES/);
    expect(reason).toMatch(/--max-client-buffer-mb/);
    await waitFor('the server to forget the client', () => host.clients().length === 0, 10_000);
  });
});
