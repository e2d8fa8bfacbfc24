import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORDED_OUTPUT_BYTES } from '../../../shared/output';
import type { OutputRecord, Recording } from '../../../shared/recording';
import type { ChildInfo } from '../../../shared/supervision';
import { waitFor } from '../../test-support/wait-for';
import { openRecording } from '../recorder/reader';
import { killLeftovers, type Identity } from '../supervisor/__fixtures__/alive';
import { Supervisor } from '../supervisor/supervisor';
import { recordedOutput } from './output-recording';
import { SessionRecorder } from './session-recorder';

const started: Identity[] = [];
const folders: string[] = [];
let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.dispose(200);
  supervisor = undefined;
  killLeftovers(started);
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Records while `act` spawns children under a real supervisor, then opens the file. */
async function record(output: boolean, act: (s: Supervisor, done: Set<string>) => Promise<void>): Promise<Recording> {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-output-rec-'));
  folders.push(dir);
  supervisor = new Supervisor({ logDir: dir });
  const recorder = new SessionRecorder(1000, supervisor);
  const done = new Set<string>();
  supervisor.onOutputDone((c) => {
    recorder.outputDone(c);
    done.add(`${c.pid}`);
  });
  supervisor.onEvent((e) => recorder.record([e]));
  await recorder.start(join(dir, 'r.fsrec.gz'), [], { output });
  await act(supervisor, done);
  const status = await recorder.stop();
  expect(status.output).toBe(output);
  const opened = await openRecording(status.path);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

async function spawnSh(s: Supervisor, script: string, mode: 'attached' | 'detached' = 'attached'): Promise<ChildInfo> {
  const [child] = await s.spawn({ command: 'sh', args: ['-c', script], mode });
  started.push(child!);
  return child!;
}

const outputs = (r: Recording) => r.records.filter((x): x is OutputRecord => x.kind === 'output');

describe('recordings that keep output', () => {
  it("keep each child's stdout and stderr apart, with when each came, and a replay shows what had come by its position", async () => {
    let child!: ChildInfo;
    const recording = await record(true, async (s, done) => {
      child = await spawnSh(s, 'echo said on stdout; sleep 0.3; echo said on stderr >&2');
      await waitFor('the output to be complete', () => done.has(`${child.pid}`), 10_000);
    });
    expect(recording.header).toMatchObject({ version: 3, output: true });
    const [kept] = outputs(recording);
    expect(kept).toMatchObject({ pid: child.pid, startTime: child.startTime, dropped: 0 });
    expect(kept!.chunks.map(({ stream, text }) => ({ stream, text }))).toEqual([
      { stream: 'stdout', text: 'said on stdout\n' },
      { stream: 'stderr', text: 'said on stderr\n' },
    ]);
    const [first, second] = kept!.chunks;
    // Between the two pieces, a replay shows the first only; at the end, both.
    const between = recordedOutput(recording, child, first!.t!);
    expect(between.chunks.map((c) => c.text)).toEqual(['said on stdout\n']);
    expect(between).toMatchObject({ source: 'recording', from: 0, end: 15 });
    const atEnd = recordedOutput(recording, child, second!.t!, between.end);
    expect(atEnd).toMatchObject({ from: 15, chunks: [{ stream: 'stderr', text: 'said on stderr\n' }] });
  });

  it('keep only the newest 64 KiB of a chatty child, and say how much went before', async () => {
    const recording = await record(true, async (s, done) => {
      // 4,000 lines of 43 bytes: within the supervisor's 5,000 lines, past the 64 KiB a recording keeps.
      const child = await spawnSh(s, 'seq 1000 4999 | sed "s/$/ 0123456789012345678901234567890123456/"');
      await waitFor('the output to be complete', () => done.has(`${child.pid}`), 10_000);
    });
    const [kept] = outputs(recording);
    const text = kept!.chunks.map((c) => c.text).join('');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(RECORDED_OUTPUT_BYTES);
    expect(Buffer.byteLength(text)).toBeGreaterThan(RECORDED_OUTPUT_BYTES - 8192);
    expect(text.endsWith('4998 0123456789012345678901234567890123456\n4999 0123456789012345678901234567890123456\n')).toBe(true);
    expect(kept!.dropped + text.length).toBe(4000 * 43);
  });

  it('keep the output of children still running when the recording stops, a detached one from its log file', async () => {
    let attached!: ChildInfo;
    let detached!: ChildInfo;
    const recording = await record(true, async (s) => {
      attached = await spawnSh(s, 'echo still running; exec sleep 30');
      detached = await spawnSh(s, 'echo in the log file; exec sleep 30', 'detached');
      await waitFor('both to have written', () => s.logText(attached).includes('running') && s.logText(detached).includes('log file'));
    });
    const byPid = new Map(outputs(recording).map((r) => [r.pid, r]));
    expect(byPid.get(attached.pid)!.chunks).toMatchObject([{ stream: 'stdout', text: 'still running\n' }]);
    expect(byPid.get(detached.pid)!.chunks).toMatchObject([{ stream: 'combined', text: 'in the log file\n' }]);
  });

  it('are off unless asked for: no output records, and a replay says the recording kept none', async () => {
    let child!: ChildInfo;
    const recording = await record(false, async (s, done) => {
      child = await spawnSh(s, 'echo secret token 1234');
      await waitFor('the output to be complete', () => done.has(`${child.pid}`), 10_000);
    });
    expect(recording.header.output).toBeUndefined();
    expect(outputs(recording)).toEqual([]);
    expect(recordedOutput(recording, child, Date.now())).toMatchObject({ source: 'not-recorded', chunks: [] });
  });
});

describe('recordings of earlier versions', () => {
  it('version 2 (written by `forkscope run --record` before output was kept) still opens, with its exec and exit events', async () => {
    const opened = await openRecording(join(import.meta.dirname, '..', 'recorder', '__fixtures__', 'version-2.fsrec.gz'));
    if (!opened.ok) throw new Error(opened.error.message);
    const recording = opened.value;
    expect(recording.header.version).toBe(2);
    expect(recording.complete).toBe(true);
    expect(recording.notice).toBeNull();
    const types = new Set(recording.records.flatMap((r) => (r.kind === 'event' ? [r.event.type] : [])));
    expect(types).toContain('exec');
    expect(types).toContain('exit');
    const spawned = recording.records.find((r) => r.kind === 'event' && r.event.type === 'spawned');
    expect(spawned).toBeDefined();
    const target = spawned!.kind === 'event' && spawned!.event.type === 'spawned' ? spawned!.event : null;
    expect(recordedOutput(recording, target!, Number.MAX_SAFE_INTEGER)).toMatchObject({ source: 'not-recorded' });
  });
});
