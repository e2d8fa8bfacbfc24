import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/recording';
import type { Result } from '../../../shared/result';
import { waitFor } from '../../test-support/wait-for';
import { call as typedCall } from '../../test-support/call';
import { dispatchCommand } from '../dispatch';
import { Engine } from '../engine';
import { RECORDED_VALUE_BYTES, RECORDED_VALUE_DEPTH } from '../recorder/bounded-value';
import { openRecording } from '../recorder/reader';
import { RecordingWriter } from '../recorder/writer';

let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'forkscope-deep-'));
const file = join(dir, 'deep.fsrec.gz');
beforeAll(() => {
  engine = new Engine({ shell: 'host', intervalMs: 100 });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (command: string, request: unknown): Promise<Result<unknown>> => dispatchCommand(engine, command, request);
const recordsNow = async (): Promise<number> => {
  const status = await typedCall(engine, 'session:status', {});
  return status.ok ? (status.value.recording?.records ?? 0) : 0;
};

function depthOf(value: unknown): number {
  let depth = 0;
  for (let level: unknown[] = [value]; level.length; depth++) {
    level = level.flatMap((v) => (v !== null && typeof v === 'object' ? Object.values(v as object) : []));
  }
  return depth;
}

describe('a deep or huge request while recording', () => {
  it('is refused as invalid-request or recorded bounded, and the recording goes on to its trailer', async () => {
    expect(await call('recorder:start', { path: file })).toMatchObject({ ok: true });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 6000; i++) deep = [deep];
    // The contract refuses it before any handler runs (so nothing of it is recorded).
    expect(await call('queue:start', { producers: deep })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    // A request the contract accepts but that holds a megabyte: recorded, bounded, with what came of it.
    const huge = { command: '/nonexistent/forkscope-test-command', args: Array.from({ length: 256 }, (_, i) => `${i}`.padEnd(4096, 'x')) };
    const spawned = await call('supervisor:spawn', huge);
    expect(spawned.ok).toBe(false);

    // The recording goes on: later ticks are still written, and it closes cleanly.
    const after = await recordsNow();
    let now = after;
    await waitFor(
      'sampler ticks recorded after the refusals',
      () => {
        void recordsNow().then((n) => (now = n));
        return now >= after + 3;
      },
      10_000,
    );
    expect(await call('recorder:stop', {})).toMatchObject({ ok: true, value: { error: null } });

    const opened = await openRecording(file);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.complete).toBe(true);
    expect(opened.value.trailer).not.toBeNull();
    const action = opened.value.records.find((r): r is ActionRecord => r.kind === 'action' && r.command === 'supervisor:spawn');
    expect(action?.outcome.ok).toBe(false);
    expect(JSON.stringify(action!.request).length).toBeLessThan(RECORDED_VALUE_BYTES + 4096);
    expect(JSON.stringify(action!.request)).toMatch(/\[cut: \d+ more items past the 16 KiB limit\]/);
    expect(opened.value.records.indexOf(action!)).toBeLessThan(opened.value.records.length - 1);
  });

  it('a 6,000-deep request handed to the writer is kept to the depth limit and the file still ends with its trailer', async () => {
    const path = join(dir, 'writer-deep.fsrec.gz');
    const writer = await RecordingWriter.create(path, { forkscopeVersion: '0', platform: 'linux', host: 'h', intervalMs: 1000 });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 6000; i++) deep = [deep];
    writer.action({
      command: 'queue:start',
      request: { producers: deep },
      outcome: { ok: false, error: { kind: 'invalid-request', message: 'no' } },
    });
    expect(writer.error).toBeNull();
    writer.action({ command: 'queue:stop', request: { experiment: 1 }, outcome: { ok: true, value: { stopped: false } } });
    await writer.close();
    const opened = await openRecording(path);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.complete).toBe(true);
    const [first, second] = opened.value.records as ActionRecord[];
    expect(depthOf(first!.request)).toBeLessThanOrEqual(RECORDED_VALUE_DEPTH + 1);
    expect(JSON.stringify(first!.request)).toContain(`[cut: deeper than ${RECORDED_VALUE_DEPTH} levels]`);
    expect(second).toMatchObject({ command: 'queue:stop', request: { experiment: 1 } });
  });
});
