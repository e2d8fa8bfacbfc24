import { processKey, type ProcessKey } from '../../../shared/model';
import { RECORDED_OUTPUT_BYTES, type OutputChunk, type OutputRead } from '../../../shared/output';
import type { OutputRecord, Recording } from '../../../shared/recording';
import type { ChildInfo, ProcessTarget } from '../../../shared/supervision';

/** What a recording that keeps output asks of the supervisor. */
export interface OutputSource {
  children(): ChildInfo[];
  /** The newest `maxBytes` of a child's output, with the time each piece was read. */
  outputTail(target: ProcessTarget, maxBytes: number): { chunks: OutputChunk[]; dropped: number };
}

/**
 * Which children's output a recording still owes: each is written once, when its output is complete (its pipes
 * closed) or, for those still running, when the recording stops. So the file holds the newest RECORDED_OUTPUT_BYTES of
 * each, never more; a recorder killed outright loses the output of the children still running then.
 */
export class OutputRecording {
  private readonly written = new Set<ProcessKey>();

  constructor(
    private readonly source: OutputSource,
    /** Epoch ms the recording started: a child that ended before it is not in the recording. */
    private readonly since: number,
  ) {}

  /** The record of one child whose output is complete, or null when it was written already or has nothing. */
  done(child: ChildInfo, now = Date.now()): Omit<OutputRecord, 'dt'> | null {
    const key = processKey(child);
    if (this.written.has(key)) return null;
    this.written.add(key);
    const { chunks, dropped } = this.source.outputTail(child, RECORDED_OUTPUT_BYTES);
    if (chunks.length === 0) return null;
    // A detached child's log is read back from its file: its pieces show from the moment they were read.
    return { kind: 'output', pid: child.pid, startTime: child.startTime, dropped, chunks: chunks.map((c) => ({ ...c, t: c.t ?? now })) };
  }

  /** Records of every child not written yet that ran while recording (at the recording's stop). */
  rest(now = Date.now()): Array<Omit<OutputRecord, 'dt'>> {
    return this.source
      .children()
      .filter((c) => c.exit === null || c.exit.reapedAt >= this.since)
      .map((c) => this.done(c, now))
      .filter((r) => r !== null);
  }
}

const byProcess = new WeakMap<Recording, Map<ProcessKey, OutputRecord>>();

/**
 * What a replay shows of a process's output at `at` (epoch ms): the recorded pieces read by then, after position
 * `after` as `supervisor:log` hands them out live.
 */
export function recordedOutput(recording: Recording, target: ProcessTarget, at: number, after?: number): OutputRead {
  let index = byProcess.get(recording);
  if (!index) {
    index = new Map();
    for (const r of recording.records) if (r.kind === 'output') index.set(processKey(r), r);
    byProcess.set(recording, index);
  }
  const record = index.get(processKey(target));
  const limit = { size: RECORDED_OUTPUT_BYTES, lines: null };
  if (!record) {
    const source = recording.header.output ? 'recording' : 'not-recorded';
    return { chunks: [], from: 0, start: 0, end: 0, source, limit, logFile: null };
  }
  const start = record.dropped;
  const shown = record.chunks.filter((c) => c.t === null || c.t <= at);
  const end = start + shown.reduce((sum, c) => sum + c.text.length, 0);
  const from = after !== undefined && after >= start && after <= end ? after : start;
  const chunks: OutputChunk[] = [];
  let position = start;
  for (const c of shown) {
    const skip = from - position;
    position += c.text.length;
    if (skip >= c.text.length) continue;
    chunks.push(skip > 0 ? { ...c, text: c.text.slice(skip) } : c);
  }
  return { chunks, from, start, end, source: 'recording', limit, logFile: null };
}
