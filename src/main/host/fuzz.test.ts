import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { streams, isStreamName } from '../../shared/contract';
import { ServerMessageSchema, type ServerMessage } from '../../shared/ws-envelope';
import { HostileMessages, type HostileMessage } from '../test-support/hostile-messages';
import { httpGet, startServe, type ServeProcess } from '../test-support/serve-process';
import { waitFor } from '../test-support/wait-for';

/** Bounded in count and in time: the run stops at whichever comes first, and says how far it got. */
const FUZZ_MESSAGES = 3000;
const FUZZ_TIME_BUDGET_MS = 60_000;
const BATCH = 50;
const SEED = Number(process.env.FORKSCOPE_FUZZ_SEED ?? 20261201);

let serve: ServeProcess;
let configDir: string;

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'forkscope-fuzz-'));
  serve = await startServe(['--interval', '500'], { FORKSCOPE_CONFIG_DIR: configDir });
});

afterAll(async () => {
  await serve?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

function connect(): Promise<{ ws: WebSocket; replies: ServerMessage[]; untyped: string[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${encodeURIComponent(serve.token)}`, { maxPayload: 64 * 1024 * 1024 });
  const replies: ServerMessage[] = [];
  const untyped: string[] = [];
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    let parsed;
    try {
      parsed = ServerMessageSchema.safeParse(JSON.parse(text));
    } catch {
      untyped.push(text.slice(0, 200));
      return;
    }
    if (!parsed.success) return void untyped.push(text.slice(0, 200));
    const message = parsed.data;
    if (message.type === 'event' && (!isStreamName(message.stream) || !streams[message.stream].safeParse(message.payload).success)) {
      untyped.push(text.slice(0, 200));
    }
    replies.push(message);
  });
  return new Promise((resolve, reject) => ws.once('open', () => resolve({ ws, replies, untyped })).once('error', reject));
}

describe('forkscope serve under generated hostile messages', () => {
  it(`stays up and answers every one with a typed reply (seed ${SEED}, at most ${FUZZ_MESSAGES} messages or ${FUZZ_TIME_BUDGET_MS / 1000} s)`, async () => {
    const generator = new HostileMessages(SEED);
    const started = Date.now();
    let sent = 0;
    let internal = 0;
    const kinds = new Map<string, number>();
    while (sent < FUZZ_MESSAGES && Date.now() - started < FUZZ_TIME_BUDGET_MS) {
      // A fresh connection per batch, so what one batch leaves subscribed does not flood the next.
      const { ws, replies, untyped } = await connect();
      const batch: HostileMessage[] = Array.from({ length: BATCH }, () => generator.next());
      for (const message of batch) ws.send(message.data);
      sent += batch.length;
      const ids = batch.flatMap((m) => (m.expect.kind === 'result' ? [m.expect.id] : []));
      const errors = batch.filter((m) => m.expect.kind === 'error').length;
      const answered = (): boolean => {
        const got = new Set(replies.flatMap((r) => (r.type === 'result' ? [r.id] : [])));
        return ids.every((id) => got.has(id)) && replies.filter((r) => r.type === 'error').length >= errors;
      };
      try {
        await waitFor(`answers to batch ending at message ${sent}`, answered, 30_000);
      } catch (error) {
        const got = new Set(replies.flatMap((r) => (r.type === 'result' ? [r.id] : [])));
        const missing = batch.filter((m) => m.expect.kind === 'result' && !got.has(m.expect.id)).map((m) => m.label);
        throw new Error(
          `${(error as Error).message}; no answer to ${missing.slice(0, 5).join(', ')} (seed ${SEED}); serve said:\n${serve.output().slice(-2000)}`,
        );
      }
      expect(untyped, `untyped replies (seed ${SEED})`).toEqual([]);
      // Every reply is tied to what was asked: no result for an id never sent, no more errors than asked for.
      const results = replies.filter((r) => r.type === 'result');
      expect(results.length).toBe(ids.length);
      expect(replies.filter((r) => r.type === 'error').length).toBe(errors);
      for (const r of replies) {
        const failure = r.type === 'error' ? r.error : r.type === 'result' && !r.result.ok ? r.result.error : null;
        if (failure) kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
        if (failure?.kind === 'internal') internal++;
      }
      ws.terminate();
      expect(serve.alive(), serve.output()).toBe(true);
    }
    process.stdout.write(`fuzz: ${sent} messages in ${Date.now() - started} ms, answers by kind ${JSON.stringify(Object.fromEntries(kinds))}\n`);
    expect(sent).toBeGreaterThanOrEqual(BATCH);
    expect(internal, `'internal' answers: each is a bug to turn into a typed refusal (seed ${SEED})`).toBe(0);
    expect((await httpGet(serve.port, '/', `127.0.0.1:${serve.port}`)).status).toBe(200);
  });
});
