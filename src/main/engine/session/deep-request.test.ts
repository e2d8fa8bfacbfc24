import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/recording';
import type { Result } from '../../../shared/result';
import { waitFor } from '../../test-support/wait-for';
import { dispatchCommand } from '../dispatch';
import { Engine } from '../engine';
import { RECORDED_VALUE_BYTES, RECORDED_VALUE_DEPTH } from '../recorder/bounded-value';
import { openRecording } from '../recorder/reader';

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
  const status = await call('session:status', {});
  return status.ok ? ((status.value as { recording: { records: number } | null }).recording?.records ?? 0) : 0;
};

function depthOf(value: unknown): number {
  let depth = 0;
  for (let level: unknown[] = [value]; level.length; depth++) {
    level = level.flatMap((v) => (v !== null && typeof v === 'object' ? Object.values(v as object) : []));
  }
  return depth;
}

describe('a deep request while recording', () => {
  it('is refused as invalid-request, kept bounded in the recording, and the recording goes on to its trailer', async () => {
    expect(await call('recorder:start', { path: file })).toMatchObject({ ok: true });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 6000; i++) deep = [deep];
    const refused = await call('queue:start', { producers: deep });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });

    // The recording goes on: later ticks are still written, and it closes cleanly.
    const after = await recordsNow();
    let now = after;
    await waitFor(
      'sampler ticks recorded after the refusal',
      () => {
        void recordsNow().then((n) => (now = n));
        return now >= after + 3;
      },
      10_000,
    );
    const stopped = await call('recorder:stop', {});
    expect(stopped).toMatchObject({ ok: true, value: { error: null } });

    const opened = await openRecording(file);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.complete).toBe(true);
    expect(opened.value.trailer).not.toBeNull();
    const action = opened.value.records.find((r): r is ActionRecord => r.kind === 'action' && r.command === 'queue:start');
    expect(action?.outcome).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(depthOf(action!.request)).toBeLessThanOrEqual(RECORDED_VALUE_DEPTH + 1);
    expect(JSON.stringify(action!.request)).toContain(`[cut: deeper than ${RECORDED_VALUE_DEPTH} levels]`);
    expect(JSON.stringify(action).length).toBeLessThan(RECORDED_VALUE_BYTES + 4096);
    expect(opened.value.records.indexOf(action!)).toBeLessThan(opened.value.records.length - 1);
  });
});
