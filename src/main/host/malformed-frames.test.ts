import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { closeCode, encodeFrame, rawUpgrade, upgradeRequest } from '../test-support/raw-websocket';
import { httpGet, startServe, type ServeProcess } from '../test-support/serve-process';
import { waitFor } from '../test-support/wait-for';

// A real `forkscope serve`: a frame that used to crash it would end this process, which the tests see.
let serve: ServeProcess;
let ticker: WebSocket;
/** The `t` of every tick the watching client received, in order. */
const ticks: number[] = [];

beforeAll(async () => {
  // Many wrong tokens are sent on purpose here; the failed-attempt limit has its own test.
  serve = await startServe(['--interval', '200', '--max-failed-token-attempts', '100000']);
  ticker = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${encodeURIComponent(serve.token)}`);
  ticker.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; payload?: { events?: Array<{ type: string; t: number }> } };
    for (const event of message.payload?.events ?? []) if (event.type === 'system') ticks.push(event.t);
  });
  await new Promise((resolve, reject) => ticker.once('open', resolve).once('error', reject));
  ticker.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events' }));
  await waitFor('the first tick', () => ticks.length > 0, 10_000);
});

afterAll(async () => {
  ticker?.terminate();
  await serve?.stop();
});

/** serve is running, answers HTTP, and the watching client gets the next tick. */
async function stillServing(): Promise<void> {
  expect(serve.alive(), serve.output()).toBe(true);
  const page = await httpGet(serve.port, '/', `127.0.0.1:${serve.port}`);
  expect(page.status).toBe(200);
  const seen = ticks.length;
  await waitFor('another tick on the other client', () => ticks.length > seen, 10_000);
  expect(ticker.readyState).toBe(WebSocket.OPEN);
}

const KINDS: Array<[string, Buffer, number]> = [
  ['a text frame of invalid UTF-8', encodeFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x7d]) }), 1007],
  ['a reserved data opcode', encodeFrame({ opcode: 3, payload: Buffer.from('x') }), 1002],
  ['a reserved control opcode', encodeFrame({ opcode: 0xb }), 1002],
  ['an unmasked client frame', encodeFrame({ opcode: 1, payload: Buffer.from('{}'), mask: false }), 1002],
  ['RSV1 without permessage-deflate', encodeFrame({ opcode: 1, payload: Buffer.from('{}'), rsv1: true }), 1002],
  ['a frame declaring 2^31 bytes', encodeFrame({ opcode: 2, declaredLength: 2 ** 31 }), 1009],
  ['a continuation with nothing to continue', encodeFrame({ opcode: 0, payload: Buffer.from('x') }), 1002],
];

describe('forkscope serve and malformed WebSocket frames', () => {
  for (const [name, frame, code] of KINDS) {
    it(`${name}, with the token: that connection closes with ${code}, serve carries on`, async () => {
      const raw = await rawUpgrade('127.0.0.1', serve.port, `/ws?token=${encodeURIComponent(serve.token)}`);
      expect(raw.status).toBe(101);
      raw.socket.write(frame);
      const got = await waitFor(`a close frame answering ${name}`, () => closeCode(raw.received()), 10_000);
      expect(got).toBe(code);
      raw.socket.destroy();
      await stillServing();
    });

    it(`${name}, with a wrong token: refused with 401 before any frame is read, serve carries on`, async () => {
      const raw = await rawUpgrade('127.0.0.1', serve.port, '/ws?token=not-the-token-not-the-token');
      expect(raw.status).toBe(401);
      raw.socket.write(frame); // the server may already have closed: the write's own error is swallowed
      await raw.ended;
      expect(raw.received().toString()).toMatch(/wrong token/);
      await stillServing();
    });
  }

  it('200 upgrades that the client resets mid-handshake, with and without the token, leave serve serving', async () => {
    const one = (i: number): Promise<void> =>
      new Promise((resolve) => {
        const socket = connect(serve.port, '127.0.0.1');
        socket.on('error', () => {});
        socket.once('close', () => resolve());
        socket.once('connect', () => {
          const token = i % 2 === 0 ? serve.token : 'not-the-token-not-the-token';
          socket.write(upgradeRequest('127.0.0.1', serve.port, `/ws?token=${encodeURIComponent(token)}`));
          // Some reset at once, some after the server had a moment to answer: both paths used to throw ECONNRESET.
          if (i % 4 < 2) socket.resetAndDestroy();
          else setImmediate(() => socket.resetAndDestroy());
        });
      });
    for (let batch = 0; batch < 10; batch++) await Promise.all(Array.from({ length: 20 }, (_, i) => one(batch * 20 + i)));
    await stillServing();
  });

  it('the watching client received its ticks in order throughout', () => {
    expect(ticks.length).toBeGreaterThan(KINDS.length * 2);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]!);
  });
});
