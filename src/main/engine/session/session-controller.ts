import { basename } from 'node:path';
import type { CommandRequest, CommandResponse } from '../../../shared/contract';
import type { EngineEvent } from '../../../shared/events';
import type { Snapshot } from '../../../shared/model';
import { ForkscopeError, toFailure } from '../../../shared/result';
import type { ReplayStatus, SamplerFailure, SessionStatus } from '../../../shared/session';
import { writeEventsCsv } from '../recorder/event-csv';
import { writeTrace } from '../recorder/perfetto';
import { openRecording } from '../recorder/reader';
import { formatSummary, summarize } from '../recorder/summary';
import { markers, nextEvent, stateAt } from '../recorder/timeline';
import { EXPORT_DIR_PREFIX, ExportFiles } from './export-files';
import { removeStaleTempDirs } from './owned-temp-dir';
import { ReplaySession } from './replay-session';
import { SessionRecorder } from './session-recorder';
import { recordedOutput, type OutputSource } from './output-recording';
import type { OutputRead } from '../../../shared/output';
import type { ProcessTarget } from '../../../shared/supervision';
import { DEFAULT_UPLOAD_LIMITS, UPLOAD_DIR_PREFIX, Uploads, type UploadLimits } from './uploads';
import { ViewDeltas } from './view-deltas';

export interface SessionOutput {
  /** To the views: engine events, `reset` when they start over. */
  events(events: EngineEvent[], reset: boolean): void;
  status(status: SessionStatus): void;
  /** The live table now, for a recording's first records and for going back to live. */
  liveKeyframe(): EngineEvent[];
  /** The lab's runs the engine keeps, as their events, for going back to live. */
  labHistory(): EngineEvent[];
}

/**
 * Live or replay, and recording: decides what the views see (the live stream, or a recording's
 * timeline), keeps the recording, and refuses live actions while a replay is shown.
 */
export class SessionController {
  readonly recorder: SessionRecorder;
  private replay: ReplaySession | null = null;
  readonly uploads: Uploads;
  private readonly exports = new ExportFiles();
  private samplerFailure: SamplerFailure | null = null;
  /** The live stream as the views fold it: periodic keyframes reach them as the changes since the last tick. */
  private readonly views = new ViewDeltas();
  /** When the recording's count was last sent in a status. */
  private recordingShownAt = 0;

  constructor(
    intervalMs: number,
    private readonly output: SessionOutput,
    uploadLimits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    outputs?: OutputSource,
  ) {
    this.recorder = new SessionRecorder(intervalMs, outputs);
    this.uploads = new Uploads(uploadLimits);
    // Uploads and exports a Forkscope that is gone (killed, crashed) left behind.
    for (const prefix of [UPLOAD_DIR_PREFIX, EXPORT_DIR_PREFIX]) removeStaleTempDirs(prefix);
  }

  get replaying(): boolean {
    return this.replay !== null;
  }

  status(): SessionStatus {
    return { recording: this.recorder.status(), replay: this.replay?.status() ?? null, sampler: this.samplerFailure };
  }

  /** The sampler failed: an event in the stream (and the recording), and a field of the status until a tick succeeds. */
  samplerFailed(message: string, t = Date.now()): void {
    this.samplerFailure = { t, message };
    this.live([{ type: 'sampler-failed', t, message }]);
    this.pushStatus();
  }

  /** A tick came through after a failure: the table is fresh again. */
  samplerRecovered(): void {
    if (!this.samplerFailure) return;
    this.samplerFailure = null;
    this.pushStatus();
  }

  /** Everything live goes to the recording; the views get it (a keyframe as what changed) unless a replay is on screen. */
  live(events: EngineEvent[]): void {
    this.recorder.record(events);
    if (!this.replay) this.output.events(this.views.forViews(events), false);
    // The count on "Stop recording" moves while it records: a status at most once a second, not one per event.
    const now = Date.now();
    if (this.recorder.active && now - this.recordingShownAt >= 1000) {
      this.recordingShownAt = now;
      this.pushStatus();
    }
  }

  /** What a view that joins now starts from: the replay at its position, or null for live. */
  joinEvents(): EngineEvent[] | null {
    return this.replay ? this.replay.stateEvents(this.replay.positionMs) : null;
  }

  /** The replay's table at its position, or null when live. */
  replaySnapshot(): Snapshot | null {
    return this.replay ? stateAt(this.replay.recording, this.replay.positionMs).snapshot : null;
  }

  /** Why the contract's live commands are off: a replay is on screen. Null when live. */
  liveRefusal(): string | null {
    return this.replay ? `this is a replay of ${basename(this.replay.path)}: live actions are off until you go back to live` : null;
  }

  /** Runs a live command and keeps it, with its outcome, in the recording (if one is running). */
  async recordAction<T>(command: string, request: unknown, run: () => Promise<T>): Promise<T> {
    try {
      const value = await run();
      this.recorder.action({ command, request, outcome: { ok: true, value } });
      return value;
    } catch (error) {
      this.recorder.action({ command, request, outcome: { ok: false, error: toFailure(error) } });
      throw error;
    }
  }

  /** In a replay, what the recording kept of a process's output up to the position; null when live. */
  replayLog(target: ProcessTarget, after?: number): OutputRead | null {
    const replay = this.replay;
    return replay ? recordedOutput(replay.recording, target, replay.recording.header.startedAt + replay.positionMs, after) : null;
  }

  async startRecording(path: string | undefined, options: { output?: boolean } = {}): Promise<CommandResponse<'recorder:start'>> {
    const status = await this.recorder.start(path, this.output.liveKeyframe(), options);
    this.pushStatus();
    return status;
  }

  async stopRecording(): Promise<CommandResponse<'recorder:stop'>> {
    const status = await this.recorder.stop();
    this.pushStatus();
    return status;
  }

  upload(chunk: CommandRequest<'replay:upload'>): CommandResponse<'replay:upload'> {
    return this.uploads.piece(chunk);
  }

  async openReplay(path: string): Promise<ReplayStatus> {
    // An uploaded recording is read once: its temporary file goes as soon as it is in memory.
    const uploaded = this.uploads.claim(path);
    const opened = await openRecording(path);
    uploaded?.();
    if (!opened.ok) throw new ForkscopeError(opened.error.kind, opened.error.message);
    this.replay?.close();
    this.replay = new ReplaySession(path, opened.value, {
      events: (events, reset) => this.output.events(events, reset),
      status: () => this.pushStatus(),
    });
    return this.replay.seek(0);
  }

  closeReplay(): boolean {
    if (!this.replay) return false;
    this.exports.close();
    this.replay.close();
    this.replay = null;
    const events = [...this.output.liveKeyframe(), ...this.output.labHistory()];
    this.views.reset(events);
    this.output.events(events, true);
    this.pushStatus();
    return true;
  }

  current(): ReplaySession {
    if (!this.replay) throw new ForkscopeError('refused', 'no recording is open; open one first');
    return this.replay;
  }

  jump(type: CommandRequest<'replay:jump'>['type'], direction: 'next' | 'previous'): CommandResponse<'replay:jump'> {
    const replay = this.current();
    const at = nextEvent(replay.recording, replay.positionMs, type, direction);
    if (at === null) return { found: false, status: replay.status() };
    replay.pause();
    return { found: true, status: replay.seek(at) };
  }

  markers(): CommandResponse<'replay:markers'> {
    return markers(this.current().recording).map(({ dt, kind, pid, startTime, name }) => ({ dt, kind, pid, startTime, name }));
  }

  /** Writes the export as it is made (never one string) and answers with its first piece. */
  export(format: 'perfetto' | 'csv' | 'summary'): CommandResponse<'replay:export'> {
    const replay = this.current();
    const stem = basename(replay.path).replace(/(\.fsrec)?(\.gz)?$/, '');
    const { recording } = replay;
    const [fileName, mimeType, produce] = ((): [string, string, (write: (piece: string) => void) => void] => {
      switch (format) {
        case 'perfetto':
          return [`${stem}.perfetto.json`, 'application/json', (write) => writeTrace(recording, write)];
        case 'csv':
          return [`${stem}.events.csv`, 'text/csv', (write) => writeEventsCsv(recording, write)];
        case 'summary':
          return [`${stem}.summary.txt`, 'text/plain', (write) => write(formatSummary(summarize(recording)))];
      }
    })();
    return { fileName, mimeType, ...this.exports.make(produce) };
  }

  exportPiece(exportId: string, offset: number): CommandResponse<'replay:export-piece'> {
    return this.exports.piece(exportId, offset);
  }

  async close(): Promise<void> {
    this.replay?.close();
    this.replay = null;
    if (this.recorder.active) await this.recorder.stop().catch(() => {});
    this.uploads.close();
    this.exports.close();
  }

  private pushStatus(): void {
    this.output.status(this.status());
  }
}
