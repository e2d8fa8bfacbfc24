import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CommandRequest, CommandResponse } from '../../../shared/contract';
import type { EngineEvent } from '../../../shared/events';
import type { Snapshot } from '../../../shared/model';
import { ForkscopeError, toFailure } from '../../../shared/result';
import type { ReplayStatus, SessionStatus } from '../../../shared/session';
import { eventsToCsv } from '../recorder/event-csv';
import { toTraceEvents } from '../recorder/perfetto';
import { openRecording } from '../recorder/reader';
import { formatSummary, summarize } from '../recorder/summary';
import { markers, nextEvent, stateAt } from '../recorder/timeline';
import { ReplaySession } from './replay-session';
import { SessionRecorder } from './session-recorder';

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export interface SessionOutput {
  /** To the views: engine events, `reset` when they start over. */
  events(events: EngineEvent[], reset: boolean): void;
  status(status: SessionStatus): void;
  /** The live table now, for a recording's first records and for going back to live. */
  liveKeyframe(): EngineEvent[];
}

/**
 * Live or replay, and recording: decides what the views see (the live stream, or a recording's
 * timeline), keeps the recording, and refuses live actions while a replay is shown.
 */
export class SessionController {
  readonly recorder: SessionRecorder;
  private replay: ReplaySession | null = null;
  private readonly uploads = new Map<string, { dir: string; file: string; received: number }>();

  constructor(
    intervalMs: number,
    private readonly output: SessionOutput,
  ) {
    this.recorder = new SessionRecorder(intervalMs);
  }

  get replaying(): boolean {
    return this.replay !== null;
  }

  status(): SessionStatus {
    return { recording: this.recorder.status(), replay: this.replay?.status() ?? null };
  }

  /** Everything live goes to the recording; the views get it unless a replay is on screen. */
  live(events: EngineEvent[]): void {
    this.recorder.record(events);
    if (!this.replay) this.output.events(events, false);
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

  async startRecording(path: string | undefined): Promise<CommandResponse<'recorder:start'>> {
    const status = await this.recorder.start(path, this.output.liveKeyframe());
    this.pushStatus();
    return status;
  }

  async stopRecording(): Promise<CommandResponse<'recorder:stop'>> {
    const status = await this.recorder.stop();
    this.pushStatus();
    return status;
  }

  upload(chunk: CommandRequest<'replay:upload'>): CommandResponse<'replay:upload'> {
    let upload = chunk.uploadId ? this.uploads.get(chunk.uploadId) : undefined;
    if (chunk.uploadId && !upload)
      throw new ForkscopeError('invalid-request', `no upload ${chunk.uploadId} is in progress; start again from the first piece`);
    if (!upload) {
      if (chunk.offset !== 0) throw new ForkscopeError('invalid-request', 'an upload starts at offset 0');
      const dir = mkdtempSync(join(tmpdir(), 'forkscope-upload-'));
      const safeName = basename(chunk.name).replace(/[^\w.-]+/g, '_') || 'recording';
      upload = { dir, file: join(dir, safeName), received: 0 };
      writeFileSync(upload.file, '');
      chunk = { ...chunk, uploadId: randomBytes(8).toString('hex') };
      this.uploads.set(chunk.uploadId!, upload);
    }
    if (chunk.offset !== upload.received)
      throw new ForkscopeError('invalid-request', `piece at offset ${chunk.offset}, but ${upload.received} bytes have arrived`);
    const bytes = Buffer.from(chunk.data, 'base64');
    if (upload.received + bytes.length > MAX_UPLOAD_BYTES) {
      this.uploads.delete(chunk.uploadId!);
      rmSync(upload.dir, { recursive: true, force: true });
      throw new ForkscopeError(
        'invalid-request',
        `a recording larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB cannot be sent from the window; open it with forkscope serve --replay FILE`,
      );
    }
    appendFileSync(upload.file, bytes);
    upload.received += bytes.length;
    if (chunk.done) this.uploads.delete(chunk.uploadId!);
    return { uploadId: chunk.uploadId!, received: upload.received, path: chunk.done ? upload.file : null };
  }

  async openReplay(path: string): Promise<ReplayStatus> {
    const opened = await openRecording(path);
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
    this.replay.close();
    this.replay = null;
    this.output.events(this.output.liveKeyframe(), true);
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

  export(format: 'perfetto' | 'csv' | 'summary'): CommandResponse<'replay:export'> {
    const replay = this.current();
    const stem = basename(replay.path).replace(/(\.fsrec)?(\.gz)?$/, '');
    switch (format) {
      case 'perfetto':
        return { fileName: `${stem}.perfetto.json`, mimeType: 'application/json', text: JSON.stringify(toTraceEvents(replay.recording)) };
      case 'csv':
        return { fileName: `${stem}.events.csv`, mimeType: 'text/csv', text: eventsToCsv(replay.recording) };
      case 'summary':
        return { fileName: `${stem}.summary.txt`, mimeType: 'text/plain', text: formatSummary(summarize(replay.recording)) };
    }
  }

  async close(): Promise<void> {
    this.replay?.close();
    this.replay = null;
    if (this.recorder.active) await this.recorder.stop().catch(() => {});
    for (const upload of this.uploads.values()) rmSync(upload.dir, { recursive: true, force: true });
    this.uploads.clear();
  }

  private pushStatus(): void {
    this.output.status(this.status());
  }
}
