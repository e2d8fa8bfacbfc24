import type { EngineEvent } from '../../../shared/events';
import type { BodyRecord, Recording } from '../../../shared/recording';
import { REPLAY_SPEEDS, type ReplayStatus } from '../../../shared/session';
import { stateAt } from '../recorder/timeline';

/** After a seek, this much of the past is folded again, so charts and the log have history. */
const HISTORY_MS = 60_000;
const TICK_MS = 100;
const STATUS_EVERY_MS = 250;

export interface ReplayOutput {
  events(events: EngineEvent[], reset: boolean): void;
  status(): void;
}

/** The engine events a record stands for, as the live stream would have carried them. */
export function recordEvents(record: BodyRecord): EngineEvent[] {
  switch (record.kind) {
    case 'event':
      return [record.event];
    case 'keyframe': {
      const t = record.snapshot.takenAt;
      const events: EngineEvent[] = [{ type: 'keyframe', t, snapshot: record.snapshot }];
      if (record.system) events.push({ type: 'system', t, system: record.system });
      return events;
    }
    case 'correction':
      return [
        ...record.upsert.map((process): EngineEvent => ({ type: 'started', t: record.t, process })),
        ...record.remove.map((p): EngineEvent => ({ type: 'ended', t: record.t, pid: p.pid, startTime: p.startTime, ppid: 0, name: '' })),
      ];
    case 'action':
    case 'output':
      return [];
  }
}

/** Index of the first record after `dt` (records are in time order). */
function after(records: readonly BodyRecord[], dt: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.dt <= dt) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A recording being shown: a position on its timeline, playing or paused at a speed. Seeking
 * hands the views a fresh start (reset) folded from the nearest keyframe; playing hands them
 * the recorded events as they come due, so replay goes through the same store as live.
 */
export class ReplaySession {
  positionMs = 0;
  playing = false;
  speed = 1;
  private timer: NodeJS.Timeout | undefined;
  private lastStatusAt = 0;

  constructor(
    readonly path: string,
    readonly recording: Recording,
    private readonly output: ReplayOutput,
  ) {}

  status(): ReplayStatus {
    const { header, durationMs, complete, notice } = this.recording;
    return {
      path: this.path,
      host: header.host,
      platform: header.platform,
      forkscopeVersion: header.forkscopeVersion,
      startedAt: header.startedAt,
      durationMs,
      complete,
      notice,
      positionMs: this.positionMs,
      playing: this.playing,
      speed: this.speed,
    };
  }

  /** Moves to `ms` and hands the views a fresh start there. */
  seek(ms: number): ReplayStatus {
    const target = Math.min(Math.max(0, ms), this.recording.durationMs);
    this.positionMs = target;
    this.output.events(this.stateEvents(target), true);
    this.output.status();
    return this.status();
  }

  /** The views' whole state at `ms`: older log entries, then the table a minute before, then that minute. */
  stateEvents(target: number): EngineEvent[] {
    const windowStart = Math.max(0, target - HISTORY_MS);
    const base = stateAt(this.recording, windowStart);
    const records = this.recording.records;
    const events: EngineEvent[] = base.events.map((e) => e.event);
    events.push({ type: 'keyframe', t: this.recording.header.startedAt + base.dt, snapshot: base.snapshot });
    if (base.table.system) events.push({ type: 'system', t: this.recording.header.startedAt + base.dt, system: base.table.system });
    for (let i = after(records, windowStart), end = after(records, target); i < end; i++) events.push(...recordEvents(records[i]!));
    return events;
  }

  play(speed?: number): ReplayStatus {
    if (speed !== undefined) this.speed = REPLAY_SPEEDS.reduce((best, s) => (Math.abs(s - speed) < Math.abs(best - speed) ? s : best), 1);
    if (this.positionMs >= this.recording.durationMs) this.seek(0);
    this.playing = true;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    this.output.status();
    return this.status();
  }

  pause(): ReplayStatus {
    this.playing = false;
    clearInterval(this.timer);
    this.timer = undefined;
    this.output.status();
    return this.status();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.playing = false;
  }

  private tick(): void {
    const from = this.positionMs;
    const to = Math.min(this.recording.durationMs, from + TICK_MS * this.speed);
    const records = this.recording.records;
    const events: EngineEvent[] = [];
    for (let i = after(records, from), end = after(records, to); i < end; i++) events.push(...recordEvents(records[i]!));
    this.positionMs = to;
    if (events.length) this.output.events(events, false);
    if (to >= this.recording.durationMs) this.pause();
    else if (Date.now() - this.lastStatusAt >= STATUS_EVERY_MS) {
      this.lastStatusAt = Date.now();
      this.output.status();
    }
  }
}
