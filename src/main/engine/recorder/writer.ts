import { closeSync, writeSync } from 'node:fs';
import { constants as zlibConstants, createGzip, type Gzip } from 'node:zlib';
import type { EngineEvent } from '../../../shared/events';
import type { Platform } from '../../../shared/model';
import { ProcessTable } from '../../../shared/process-table';
import {
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  RECORDING_KEYFRAME_EVERY_MS,
  type BodyRecord,
  type OutputRecord,
  type RecordedAction,
  type RecordingHeader,
  type TrailerRecord,
} from '../../../shared/recording';
import { ForkscopeError, type Failure } from '../../../shared/result';
import { boundValue } from './bounded-value';
import { diffKeyframe } from './keyframe-diff';
import { MAX_RECORDING_LINE_BYTES, MIB } from './recording-lines';
import { openRegularForWriting } from './regular-file';

export interface RecordingWriterHeader {
  forkscopeVersion: string;
  platform: Platform;
  host: string;
  intervalMs: number;
  /** Epoch ms the offsets count from; default now. */
  startedAt?: number;
  /** The recording keeps the output of Forkscope's own children (`output` records). */
  output?: boolean;
}

export interface RecordingWriterOptions {
  /** Epoch ms for actions without a time and for the trailer; default Date.now. */
  clock?: () => number;
  /** Default 30 s of recorded time. */
  keyframeEveryMs?: number;
  /** Told once when writing stops on an error (the same Failure as `writer.error`). */
  onError?: (failure: Failure) => void;
}

/** How often buffered records are pushed to disk when no batch did it (belt and braces). */
const FLUSH_EVERY_MS = 1000;

/**
 * Appends a session to a gzip-compressed NDJSON file as it happens. Every batch is followed
 * by a gzip sync flush written with synchronous file writes, so a writer killed at any moment
 * leaves a file whose flushed part decompresses. It never throws into the engine: a failure
 * is kept in `error` and writing stops.
 */
export class RecordingWriter {
  readonly path: string;
  readonly header: RecordingHeader;
  /** Why writing stopped, or null while all is well. */
  error: Failure | null = null;
  private readonly gzip: Gzip;
  private fd: number | null;
  private readonly table = new ProcessTable();
  private readonly clock: () => number;
  private readonly keyframeEveryMs: number;
  private readonly onError: ((failure: Failure) => void) | undefined;
  private records = 0;
  private lastDt = 0;
  private lastKeyframeDt: number | null = null;
  private bytes = 0;
  private dirty = false;
  private closing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  private constructor(path: string, fd: number, header: RecordingHeader, options: RecordingWriterOptions) {
    this.path = path;
    this.fd = fd;
    this.header = header;
    this.clock = options.clock ?? Date.now;
    this.keyframeEveryMs = options.keyframeEveryMs ?? RECORDING_KEYFRAME_EVERY_MS;
    this.onError = options.onError;
    this.gzip = createGzip();
    // Paused mode: output is read and written synchronously, so once a flush's callback runs
    // its bytes are in the file.
    this.gzip.on('readable', () => this.drain());
    this.gzip.on('error', (error) => this.fail(error));
    this.timer = setInterval(() => {
      if (this.dirty) this.flush();
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Creates (or replaces) the file and writes the header; resolves once the header is on disk.
   * Throws a ForkscopeError when the file cannot be written, since nothing is recording yet; a
   * FIFO, a device or a folder at `path` is refused at once, never waited on.
   */
  static async create(path: string, header: RecordingWriterHeader, options: RecordingWriterOptions = {}): Promise<RecordingWriter> {
    const opened = openRegularForWriting(path, 'the recording');
    if (!opened.ok) throw new ForkscopeError(opened.error.kind, opened.error.message);
    const fd = opened.value;
    const full: RecordingHeader = {
      kind: 'header',
      format: RECORDING_FORMAT,
      version: RECORDING_FORMAT_VERSION,
      forkscopeVersion: header.forkscopeVersion,
      platform: header.platform,
      host: header.host,
      startedAt: header.startedAt ?? Date.now(),
      intervalMs: header.intervalMs,
      ...(header.output ? { output: true } : {}),
    };
    const writer = new RecordingWriter(path, fd, full, options);
    writer.write(full);
    await writer.flushed();
    if (writer.error) throw new ForkscopeError('internal', writer.error.message);
    return writer;
  }

  /** Records between the header and the trailer so far. */
  get recordCount(): number {
    return this.records;
  }

  /** Compressed bytes in the file so far. */
  get bytesWritten(): number {
    return this.bytes;
  }

  /** Appends one batch of engine events (as the engine emits them) and flushes it to disk. */
  record(events: readonly EngineEvent[]): void {
    if (this.stopped) return;
    try {
      for (const event of events) this.add(event);
      if (this.lastKeyframeDt !== null && this.lastDt - this.lastKeyframeDt >= this.keyframeEveryMs) this.keyframe();
      this.flush();
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Appends what a person asked for and what came of it (`t`: epoch ms, default now). The request
   * and the outcome are kept bounded (boundValue), so no request, however deep or large, can stop
   * the recording.
   */
  action(action: RecordedAction & { t?: number }): void {
    if (this.stopped) return;
    try {
      const outcome = action.outcome.ok
        ? { ok: true as const, value: boundValue(action.outcome.value) }
        : { ok: false as const, error: { kind: action.outcome.error.kind, message: String(boundValue(action.outcome.error.message)) } };
      const command = String(boundValue(action.command));
      this.body({ kind: 'action', dt: this.offset(action.t ?? this.clock()), command, request: boundValue(action.request), outcome });
      this.flush();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Appends the kept output of one process (`t`: epoch ms, default now). */
  output(record: Omit<OutputRecord, 'dt'>, t = this.clock()): void {
    if (this.stopped) return;
    try {
      this.body({ ...record, dt: this.offset(t) });
      this.flush();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Resolves once everything recorded so far is in the file (or writing has stopped). */
  flushed(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        this.gzip.flush(zlibConstants.Z_SYNC_FLUSH, () => {
          this.drain();
          resolve();
        });
      } catch (error) {
        this.fail(error);
        resolve();
      }
    });
  }

  /** Writes the trailer and ends the gzip stream; never rejects. Calling it again returns the same promise. */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private get stopped(): boolean {
    return this.error !== null || this.closing !== null;
  }

  private async finish(): Promise<void> {
    clearInterval(this.timer);
    if (this.error) return;
    try {
      const dt = this.offset(this.clock());
      const trailer: TrailerRecord = { kind: 'trailer', dt, endedAt: this.header.startedAt + dt, records: this.records };
      this.write(trailer);
      await new Promise<void>((resolve) => {
        this.gzip.once('end', resolve);
        this.gzip.once('close', resolve);
        this.gzip.end();
      });
      this.drain();
    } catch (error) {
      this.fail(error);
    }
    this.closeFile();
  }

  private add(event: EngineEvent): void {
    const dt = this.offset(event.t);
    if (event.type === 'keyframe') {
      this.samplerKeyframe(event, dt);
      return;
    }
    this.table.apply(event);
    this.body({ kind: 'event', dt, event });
  }

  /**
   * The sampler's keyframes are redundant with the writer's own, except for what they change:
   * metrics (the sampler sends no `sample` on a keyframe tick) become a `sample` record, and
   * rows a sample cannot fix (an exec or a kernel worker renamed a process) a `correction`.
   */
  private samplerKeyframe(event: Extract<EngineEvent, { type: 'keyframe' }>, dt: number): void {
    if (this.lastKeyframeDt === null) {
      this.table.apply(event);
      this.keyframe();
      return;
    }
    const { changes, upsert, remove } = diffKeyframe(this.table, event.snapshot);
    this.table.apply(event);
    if ((upsert.length + remove.length) * 4 > event.snapshot.processes.length) {
      // Most of the table changed: a keyframe says it in fewer bytes than the corrections would.
      this.keyframe();
      return;
    }
    if (changes.length > 0) this.body({ kind: 'event', dt, event: { type: 'sample', t: event.t, changes } });
    if (upsert.length + remove.length > 0) this.body({ kind: 'correction', dt, t: event.t, upsert, remove });
  }

  private keyframe(): void {
    const snapshot = this.table.snapshot();
    this.body({ kind: 'keyframe', dt: this.lastDt, snapshot, system: this.table.system });
    this.lastKeyframeDt = this.lastDt;
  }

  /** Offsets never go backwards, so readers can bisect by time. */
  private offset(t: number): number {
    this.lastDt = Math.max(this.lastDt, Math.round(t - this.header.startedAt));
    return this.lastDt;
  }

  private body(record: BodyRecord): void {
    this.write(record);
    this.records++;
  }

  private write(record: object): void {
    const line = `${JSON.stringify(record)}\n`;
    if (line.length > MAX_RECORDING_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_RECORDING_LINE_BYTES) {
      // Readers refuse a longer line, so writing it would lose everything after it.
      throw new Error(
        `a ${(record as { kind?: string }).kind ?? ''} record is longer than ${MAX_RECORDING_LINE_BYTES / MIB} MiB (MAX_RECORDING_LINE_BYTES)`,
      );
    }
    this.gzip.write(line);
    this.dirty = true;
  }

  private flush(): void {
    if (this.stopped) return;
    this.dirty = false;
    this.gzip.flush(zlibConstants.Z_SYNC_FLUSH, () => this.drain());
  }

  private drain(): void {
    if (this.fd === null) return;
    try {
      for (let chunk: Buffer | null; (chunk = this.gzip.read() as Buffer | null) !== null;) {
        for (let at = 0; at < chunk.length;) at += writeSync(this.fd, chunk, at);
        this.bytes += chunk.length;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.error) return;
    const message = error instanceof Error ? error.message : String(error);
    this.error = { kind: 'internal', message: `recording to ${this.path} stopped: ${message}` };
    clearInterval(this.timer);
    this.gzip.destroy();
    this.closeFile();
    try {
      this.onError?.(this.error);
    } catch {
      // a listener's problem must not become the engine's
    }
  }

  private closeFile(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed or never fully opened; nothing left to save
    }
    this.fd = null;
  }
}
