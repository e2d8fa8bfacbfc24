import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { EngineEvent } from '../../../shared/events';
import type { RecordedAction } from '../../../shared/recording';
import type { RecordingStatus } from '../../../shared/session';
import { ForkscopeError } from '../../../shared/result';
import { appVersion } from '../../paths';
import { currentPlatform } from '../platform';
import { RecordingWriter, type RecordingWriterHeader } from '../recorder/writer';
import { settingsFile } from '../settings-store';
import { OutputRecording, type OutputSource } from './output-recording';
import type { ChildInfo } from '../../../shared/supervision';

/** Where recordings go when no path is given: beside the settings, in `recordings/`. */
export function recordingsDir(): string {
  return join(dirname(settingsFile()), 'recordings');
}

/** `20261123-113323`: sorts by time in a file listing. */
export function recordingStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** The header facts of a recording made by this Forkscope on this machine. */
export function thisMachine(intervalMs: number, startedAt = Date.now()): RecordingWriterHeader {
  return { forkscopeVersion: appVersion(), platform: currentPlatform(), host: hostname(), intervalMs, startedAt };
}

export function defaultRecordingPath(now = new Date()): string {
  return join(recordingsDir(), `forkscope-${recordingStamp(now)}.fsrec.gz`);
}

/**
 * The engine's recording, if one is running: every live event and every action a person asked
 * for go to a RecordingWriter. Writing never throws into the engine; a failure shows in status.
 */
export class SessionRecorder {
  private writer: RecordingWriter | null = null;
  private startedAt = 0;
  /** Set while a recording keeps output. */
  private output: OutputRecording | null = null;

  /** `outputs`: where the output of Forkscope's children comes from, for recordings that keep it (none: they cannot). */
  constructor(
    private readonly intervalMs: number,
    private readonly outputs?: OutputSource,
  ) {}

  get active(): boolean {
    return this.writer !== null;
  }

  status(): RecordingStatus | null {
    const w = this.writer;
    return w
      ? {
          path: w.path,
          startedAt: this.startedAt,
          records: w.recordCount,
          bytes: w.bytesWritten,
          error: w.error?.message ?? null,
          output: this.output !== null,
        }
      : null;
  }

  /**
   * Starts a recording; `initial` is the table as it is now, so the file opens with it. With `output`, it keeps the
   * newest output of each process Forkscope starts (off by default: output can hold secrets).
   */
  async start(path: string | undefined, initial: EngineEvent[], options: { output?: boolean } = {}): Promise<RecordingStatus> {
    if (this.writer)
      throw new ForkscopeError('refused', `already recording to ${this.writer.path}; stop that recording first`, {
        path: this.writer.path,
        reason: 'recording',
      });
    if (options.output && !this.outputs)
      throw new ForkscopeError('unsupported', "this command's children share its terminal, so their output cannot be recorded");
    const file = path ?? defaultRecordingPath();
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new ForkscopeError('access-denied', `cannot create the folder for ${file}: ${(error as Error).message}`);
    }
    this.startedAt = Date.now();
    this.writer = await RecordingWriter.create(file, { ...thisMachine(this.intervalMs, this.startedAt), output: options.output === true });
    this.output = options.output && this.outputs ? new OutputRecording(this.outputs, this.startedAt) : null;
    this.writer.record(initial);
    return this.status()!;
  }

  record(events: readonly EngineEvent[]): void {
    this.writer?.record(events);
  }

  action(action: RecordedAction): void {
    this.writer?.action(action);
  }

  /** A child's output is complete: a recording that keeps output writes it now. */
  outputDone(child: ChildInfo): void {
    const record = this.output?.done(child);
    if (record) this.writer?.output(record);
  }

  async stop(): Promise<RecordingStatus> {
    const writer = this.writer;
    if (!writer) throw new ForkscopeError('refused', 'nothing is being recorded');
    // What the children still running have written so far, before the trailer.
    for (const record of this.output?.rest() ?? []) writer.output(record);
    const status = this.status()!;
    this.writer = null;
    this.output = null;
    await writer.close();
    return { ...status, records: writer.recordCount, bytes: writer.bytesWritten, error: writer.error?.message ?? null };
  }
}
