import { randomBytes } from 'node:crypto';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CommandRequest, CommandResponse } from '../../../shared/contract';
import { ForkscopeError } from '../../../shared/result';
import { MAX_RECORDING_TEXT_BYTES } from '../recorder/recording-lines';
import { makeOwnedTempDir } from './owned-temp-dir';

export const UPLOAD_DIR_PREFIX = 'forkscope-upload-';
const MIB = 1024 * 1024;

/** What the window may send at once; each refusal names the limit it hit. */
export interface UploadLimits {
  /** MAX_UPLOAD_BYTES: one recording (a reader opens at most MAX_RECORDING_TEXT_BYTES of text anyway). */
  maxBytes: number;
  /** MAX_CONCURRENT_UPLOADS: recordings being sent, or sent and not yet opened. */
  maxConcurrent: number;
  /** MAX_UPLOADS_TOTAL_BYTES: what those hold together. */
  maxTotalBytes: number;
  /** UPLOAD_IDLE_MS: an upload with no piece for this long, or sent and not opened for this long, is abandoned. */
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: MAX_RECORDING_TEXT_BYTES,
  maxConcurrent: 4,
  maxTotalBytes: 512 * MIB,
  idleMs: 60_000,
};

interface Upload {
  dir: string;
  file: string;
  received: number;
  done: boolean;
  touchedAt: number;
}

const size = (bytes: number): string =>
  bytes >= MIB ? `${Math.round(bytes / MIB)} MiB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;

/**
 * Recordings the window sends in pieces (a browser cannot hand over a path), each in a private
 * temporary folder that is removed once the recording is opened, cancelled (the client went
 * away) or abandoned (no piece, or not opened, for `idleMs`).
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Folders of uploads in progress or waiting to be opened. */
  get folders(): string[] {
    return [...this.uploads.values()].map((u) => u.dir);
  }

  piece(chunk: CommandRequest<'replay:upload'>): CommandResponse<'replay:upload'> {
    const { limits } = this;
    let id = chunk.uploadId;
    let upload = id ? this.uploads.get(id) : undefined;
    if (id && !upload)
      throw new ForkscopeError('invalid-request', `no upload ${id} is in progress (it may have been abandoned); start again from the first piece`);
    const bytes = Buffer.from(chunk.data, 'base64');
    if ((upload?.received ?? 0) + bytes.length > limits.maxBytes) {
      if (id) this.remove(id);
      throw new ForkscopeError(
        'too-large',
        `a recording larger than ${size(limits.maxBytes)} (MAX_UPLOAD_BYTES) cannot be sent from the window; open it with forkscope serve --replay FILE`,
      );
    }
    if (!upload) {
      if (chunk.offset !== 0) throw new ForkscopeError('invalid-request', 'an upload starts at offset 0');
      if (this.uploads.size >= limits.maxConcurrent) {
        throw new ForkscopeError(
          'refused',
          `${this.uploads.size} recordings are already being sent or waiting to be opened, the most at once (MAX_CONCURRENT_UPLOADS = ${limits.maxConcurrent}); open or cancel one first`,
        );
      }
      if (!this.fitsTotal(bytes.length)) this.refuseTotal();
      const dir = makeOwnedTempDir(UPLOAD_DIR_PREFIX);
      const safeName =
        basename(chunk.name)
          .replace(/[^\w.-]+/g, '_')
          .replace(/^\.+/, '') || 'recording';
      upload = { dir, file: join(dir, safeName), received: 0, done: false, touchedAt: this.clock() };
      writeFileSync(upload.file, '');
      id = randomBytes(8).toString('hex');
      this.uploads.set(id, upload);
      this.timer ??= setInterval(() => this.sweep(), Math.max(50, Math.min(10_000, limits.idleMs / 4))).unref();
    } else {
      if (upload.done) throw new ForkscopeError('invalid-request', `upload ${id} is complete; open it`);
      if (chunk.offset !== upload.received)
        throw new ForkscopeError('invalid-request', `piece at offset ${chunk.offset}, but ${upload.received} bytes have arrived`);
      if (!this.fitsTotal(bytes.length)) {
        // The rest of this one cannot come: free what it holds.
        this.remove(id!);
        this.refuseTotal();
      }
    }
    appendFileSync(upload.file, bytes);
    upload.received += bytes.length;
    upload.touchedAt = this.clock();
    upload.done = chunk.done;
    return { uploadId: id!, received: upload.received, path: chunk.done ? upload.file : null };
  }

  /** Forgets an upload and removes its file; false when there is none by that id. */
  cancel(id: string): boolean {
    return this.remove(id);
  }

  /** If `path` is an upload's file, takes it out of the list; the returned function removes its folder once it is read. */
  claim(path: string): (() => void) | null {
    for (const [id, upload] of this.uploads) {
      if (upload.file !== path) continue;
      this.uploads.delete(id);
      this.stopTimerIfIdle();
      return () => rmSync(upload.dir, { recursive: true, force: true });
    }
    return null;
  }

  /** Removes uploads that had no piece, or were not opened, for `idleMs`. */
  sweep(): void {
    const now = this.clock();
    for (const [id, upload] of this.uploads) if (now - upload.touchedAt >= this.limits.idleMs) this.remove(id);
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.remove(id);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private fitsTotal(adding: number): boolean {
    let total = adding;
    for (const upload of this.uploads.values()) total += upload.received;
    return total <= this.limits.maxTotalBytes;
  }

  private refuseTotal(): never {
    throw new ForkscopeError(
      'refused',
      `the recordings being sent would hold more than ${size(this.limits.maxTotalBytes)} together (MAX_UPLOADS_TOTAL_BYTES); open or cancel one first`,
    );
  }

  private remove(id: string): boolean {
    const upload = this.uploads.get(id);
    if (!upload) return false;
    this.uploads.delete(id);
    rmSync(upload.dir, { recursive: true, force: true });
    this.stopTimerIfIdle();
    return true;
  }

  private stopTimerIfIdle(): void {
    if (this.uploads.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
