import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, type Recording } from '../../../shared/recording';
import { appRoot } from '../../paths';
import { waitFor } from '../../test-support/wait-for';
import { currentPlatform } from '../platform';
import { createProcessReader } from '../sampler';
import { SamplingSession } from '../sampler/session';
import { T0, writeSynthetic } from './__fixtures__/write-recording';
import { openRecording } from './reader';
import { stateAt } from './timeline';
import { RecordingWriter } from './writer';

const dir = mkdtempSync(join(tmpdir(), 'forkscope-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(path: string): Promise<Recording> {
  const result = await openRecording(path);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const sortedRows = (table: ProcessTable) => table.processes().sort((a, b) => processKey(a).localeCompare(processKey(b)));

/** stateAt at every record offset equals the live fold of the original events up to that offset. */
function expectReplayMatchesFold(recording: Recording, batches: EngineEvent[][], startedAt: number): number {
  const events = batches.flat();
  const offsets = [...new Set(recording.records.map((r) => r.dt))];
  for (const dt of offsets) {
    const fold = new ProcessTable();
    for (const e of events) if (Math.round(e.t - startedAt) <= dt) fold.apply(e);
    const state = stateAt(recording, dt);
    expect(sortedRows(state.table), `table at ${dt} ms`).toEqual(sortedRows(fold));
    expect(state.table.system, `system at ${dt} ms`).toEqual(fold.system);
  }
  return offsets.length;
}

describe('RecordingWriter → openRecording', () => {
  it('round-trips a scripted session: header, trailer, keyframes every 30 s, and replay equal to the live fold at every offset', async () => {
    const path = join(dir, 'synthetic.fsrec');
    const batches = await writeSynthetic(path, 100);
    const recording = await open(path);
    expect(recording.header).toMatchObject({
      kind: 'header',
      format: RECORDING_FORMAT,
      version: RECORDING_FORMAT_VERSION,
      forkscopeVersion: '0.1.0-test',
      platform: 'linux',
      host: 'testhost',
      startedAt: T0,
      intervalMs: 1000,
    });
    expect(recording.complete).toBe(true);
    expect(recording.notice).toBeNull();
    expect(recording.trailer).toMatchObject({ kind: 'trailer', records: recording.records.length, dt: 99_000, endedAt: T0 + 99_000 });
    expect(recording.durationMs).toBe(99_000);
    // The sampler's keyframes are not stored; the writer's own are, at the start and every 30 s.
    expect(recording.records.some((r) => r.kind === 'event' && r.event.type === 'keyframe')).toBe(false);
    const keyframeOffsets = recording.keyframes.map((i) => recording.records[i]!.dt);
    expect(keyframeOffsets[0]).toBe(0);
    for (let i = 1; i < keyframeOffsets.length; i++) expect(keyframeOffsets[i]! - keyframeOffsets[i - 1]!).toBeLessThanOrEqual(31_000);
    expect(keyframeOffsets.length).toBeGreaterThanOrEqual(4);
    expect(recording.records.filter((r) => r.kind === 'action')).toHaveLength(1);
    // sshd renamed by an exec (every 30 ticks) can only be told by a correction.
    expect(recording.records.filter((r) => r.kind === 'correction').map((r) => r.kind === 'correction' && r.upsert.map((p) => p.name))).toEqual([
      ['sshd-30'],
      ['sshd-60'],
      ['sshd-90'],
    ]);
    expect(expectReplayMatchesFold(recording, batches, T0)).toBeGreaterThan(90);
  });

  it('round-trips real sampler events from this machine while children start and end', async () => {
    const { reader, platform } = createProcessReader();
    const session = new SamplingSession(reader, { platform, reaperPids: new Set(), keyframeEvery: 4 });
    const path = join(dir, 'real.fsrec');
    const startedAt = Date.now();
    const writer = await RecordingWriter.create(
      path,
      { forkscopeVersion: '0.1.0-test', platform: currentPlatform(), host: 'real', intervalMs: 50, startedAt },
      { keyframeEveryMs: 300 },
    );
    const batches: EngineEvent[][] = [];
    const children: ChildProcess[] = [];
    try {
      let last = startedAt;
      for (let i = 0; i < 24; i++) {
        if (i % 3 === 0) children.push(spawn('sleep', ['30'], { stdio: 'ignore' }));
        if (i % 3 === 2) children[children.length - 2]?.kill('SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 50));
        // Strictly increasing tick times, as a live sampler's are.
        last = Math.max(last + 1, Date.now());
        const { events } = session.tick(last);
        batches.push(events);
        writer.record(events);
      }
    } finally {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(
        children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((resolve) => c.once('exit', resolve)))),
      );
    }
    await writer.close();
    expect(writer.error).toBeNull();
    const recording = await open(path);
    expect(recording.complete).toBe(true);
    expect(recording.keyframes.length).toBeGreaterThanOrEqual(2);
    const mine = children.map((c) => c.pid!);
    const started = recording.records.filter((r) => r.kind === 'event' && r.event.type === 'started' && mine.includes(r.event.process.pid));
    expect(started.length).toBeGreaterThanOrEqual(mine.length - 1);
    expectReplayMatchesFold(recording, batches, startedAt);
  });

  it('leaves a readable file when the writing process is SIGKILLed: every record flushed before the kill is there', async () => {
    const path = join(dir, 'killed.fsrec');
    const script = fileURLToPath(new URL('./__fixtures__/crash-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], { cwd: appRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let flushed = 0;
    let text = '';
    child.stdout!.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) flushed = Math.max(flushed, Number(line));
    });
    try {
      let gone = false;
      void exited.then(() => (gone = true));
      await waitFor(
        'the writer to flush 400 records',
        () => {
          if (gone) throw new Error('the writer fixture exited before it was killed');
          return flushed >= 400;
        },
        20_000,
      );
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    const seenBeforeKill = flushed;

    // A plain gunzip refuses a cut stream; the reader's sync-flush decode does not.
    expect(() => gunzipSync(readFileSync(path))).toThrow();
    const recording = await open(path);
    expect(recording.complete).toBe(false);
    expect(recording.trailer).toBeNull();
    expect(recording.records.length).toBeGreaterThanOrEqual(seenBeforeKill);
    expect(recording.notice).toMatch(
      /^the recording was cut short after \d+ records \(the writer did not close it\); showing what was written up to \d\d:\d\d/,
    );
    expect(recording.keyframes.length).toBeGreaterThanOrEqual(2);
    const state = stateAt(recording, recording.durationMs);
    expect(state.snapshot.processes.find((p) => p.pid === 1)).toMatchObject({ name: 'init' });
  });

  it('never throws into the engine: a failure is kept in `error`, later calls do nothing and close resolves', async () => {
    const path = join(dir, 'broken.fsrec');
    const writer = await RecordingWriter.create(path, { forkscopeVersion: '0', platform: 'linux', host: 'h', intervalMs: 1000 });
    writer.record([
      {
        type: 'system',
        t: Date.now(),
        system: {
          cpuPerCore: [],
          memTotalBytes: 1n as unknown as number,
          memAvailableBytes: 0,
          swapTotalBytes: 0,
          swapFreeBytes: 0,
          loadAverage: [0, 0, 0],
          uptimeSeconds: 0,
        },
      },
    ]);
    expect(writer.error?.message).toMatch(/^recording to .*broken\.fsrec stopped: .*BigInt/);
    expect(() =>
      writer.record([
        {
          type: 'system',
          t: Date.now(),
          system: {
            cpuPerCore: [],
            memTotalBytes: 1,
            memAvailableBytes: 0,
            swapTotalBytes: 0,
            swapFreeBytes: 0,
            loadAverage: [0, 0, 0],
            uptimeSeconds: 0,
          },
        },
      ]),
    ).not.toThrow();
    expect(() => writer.action({ command: 'supervisor:kill', request: {}, outcome: { ok: true, value: null } })).not.toThrow();
    await writer.close();
    const recording = await open(path);
    expect(recording.complete).toBe(false);
  });

  it('says which file it cannot create', async () => {
    await expect(
      RecordingWriter.create(join(dir, 'no', 'such', 'folder', 'x.fsrec'), { forkscopeVersion: '0', platform: 'linux', host: 'h', intervalMs: 1000 }),
    ).rejects.toThrow(/cannot create the recording .*x\.fsrec: ENOENT/);
    if (existsSync('/dev/full')) {
      // A device is not a file: refused before anything is written (it used to fail writing, with ENOSPC).
      await expect(RecordingWriter.create('/dev/full', { forkscopeVersion: '0', platform: 'linux', host: 'h', intervalMs: 1000 })).rejects.toThrow(
        'cannot create the recording /dev/full: it is a device, not a file; choose another file',
      );
    }
  });
});
