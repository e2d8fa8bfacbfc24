import type { FileHandle } from 'node:fs/promises';
import { constants as zlibConstants, createGunzip } from 'node:zlib';

/** The most text a recording may decompress to (an hour with 500 processes is ~30 MB); a gzip bomb stops here. */
export const MAX_RECORDING_TEXT_BYTES = 256 * 1024 * 1024;
/** The longest line a recording may hold: a keyframe of ~50,000 processes. A file of one endless line stops here. */
export const MAX_RECORDING_LINE_BYTES = 32 * 1024 * 1024;
export const MIB = 1024 * 1024;
/** After a damaged line, this much more is decoded (and dropped), for the decompression error that may explain it. */
const DRAIN_AFTER_STOP_BYTES = 256 * 1024;
const CHUNK_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/** Raw bytes of a file or a buffer, read piece by piece. */
export interface ByteSource {
  size: number;
  chunks(): AsyncIterable<Buffer>;
  /** The last `n` bytes (the gzip size field). */
  tail(n: number): Promise<Buffer>;
}

export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async *chunks() {
      for (let at = 0; ;) {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, at);
        if (bytesRead === 0) return;
        at += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    },
    async tail(n) {
      const buffer = Buffer.alloc(Math.min(n, size));
      await handle.read(buffer, 0, buffer.length, size - buffer.length);
      return buffer;
    },
  };
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buffer.length,
    async *chunks() {
      for (let at = 0; at < buffer.length; at += CHUNK_BYTES) yield buffer.subarray(at, at + CHUNK_BYTES);
    },
    async tail(n) {
      return buffer.subarray(Math.max(0, buffer.length - n));
    },
  };
}

/** Takes whole lines as they are read; answers false to stop reading. */
export type LineSink = (text: string, lineNo: number) => boolean;

export interface LinesRead {
  compressed: boolean;
  /** Text after the last newline: a line being written when the file was cut. */
  rest: string;
  /** Why decompression failed part-way, or null. */
  damage: string | null;
  /** The gzip stream ends before its own end (a writer that never closed). */
  truncated: boolean;
  /** The text grew past MAX_RECORDING_TEXT_BYTES. */
  tooLarge: boolean;
  /** The line that grew past MAX_RECORDING_LINE_BYTES, or null. */
  lineTooLong: number | null;
  /** Bytes of text read. */
  textBytes: number;
}

/**
 * Streams a recording's text line by line into `sink`, decompressing as it goes, so memory
 * holds one line and one chunk, never the file. Stops at the sink's word, at the text limit
 * or at a line over the line limit; nothing is split or decompressed whole.
 */
export async function readLines(source: ByteSource, sink: LineSink): Promise<LinesRead> {
  const lines = new LineSplitter(sink);
  const iterator = source.chunks()[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  const compressed = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const read: LinesRead = { compressed, rest: '', damage: null, truncated: false, tooLarge: false, lineTooLong: null, textBytes: 0 };
  const chunks = (async function* () {
    if (head.length) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  if (compressed) await gunzipInto(source, chunks, lines, read);
  else
    for await (const chunk of chunks) {
      lines.push(chunk);
      if (lines.stopped) break;
    }
  read.rest = lines.rest();
  read.textBytes = lines.textBytes;
  read.tooLarge = lines.stopped === 'too-large';
  read.lineTooLong = lines.stopped === 'line-too-long' ? lines.lineNo : null;
  return read;
}

async function gunzipInto(source: ByteSource, chunks: AsyncIterable<Buffer>, lines: LineSplitter, read: LinesRead): Promise<void> {
  // A sync flush instead of a finish: a stream cut short yields what it holds instead of an error.
  const gunzip = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
  let failure: Error | null = null;
  let drained = 0;
  gunzip.on('data', (out: Buffer) => {
    if (!lines.stopped) lines.push(out);
    else if ((drained += out.length) > DRAIN_AFTER_STOP_BYTES || lines.stopped !== 'damage') gunzip.destroy();
  });
  const settled = new Promise<void>((resolve) => {
    gunzip.once('end', resolve);
    gunzip.once('close', resolve);
    gunzip.once('error', (error) => {
      failure = error;
      resolve();
    });
  });
  for await (const chunk of chunks) {
    if (failure) break;
    // After a damaged line a little more is decoded, since zlib may notice the damage that garbled it late.
    if (lines.stopped && (lines.stopped !== 'damage' || drained > DRAIN_AFTER_STOP_BYTES || gunzip.destroyed)) break;
    await Promise.race([new Promise<void>((resolve) => gunzip.write(chunk, () => resolve())), settled]);
  }
  if (!failure && !lines.stopped) {
    gunzip.end();
    await settled;
  } else {
    gunzip.destroy();
  }
  const error = failure as Error | null;
  if (error) {
    const at = gunzip.bytesWritten;
    const checksum = /check|crc|length/i.test(error.message) && at >= source.size - 8;
    read.damage = checksum
      ? `the recording's checksum does not match (${error.message}), so its content may be damaged`
      : `corrupt compressed data at byte ${at} (${error.message})`;
    return;
  }
  if (!lines.stopped) {
    // The last four bytes of a finished gzip stream are its size; a stream cut short ends elsewhere.
    const tail = source.size >= 18 ? (await source.tail(4)).readUInt32LE(0) : -1;
    read.truncated = tail !== lines.textBytes % 2 ** 32;
  }
}

/** Cuts text into lines, holding at most one unfinished line, and keeps the limits. */
class LineSplitter {
  lineNo = 0;
  textBytes = 0;
  stopped: null | 'damage' | 'too-large' | 'line-too-long' = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.textBytes += chunk.length;
    if (this.textBytes > MAX_RECORDING_TEXT_BYTES) {
      this.stopped = 'too-large';
      return;
    }
    for (let from = 0; from < chunk.length;) {
      const newline = chunk.indexOf(0x0a, from);
      const end = newline < 0 ? chunk.length : newline;
      if (this.pendingBytes + (end - from) > MAX_RECORDING_LINE_BYTES) {
        this.lineNo++;
        this.stopped = 'line-too-long';
        return;
      }
      if (newline < 0) {
        this.pending.push(chunk.subarray(from));
        this.pendingBytes += chunk.length - from;
        return;
      }
      const piece = chunk.subarray(from, newline);
      const text = this.pendingBytes ? Buffer.concat([...this.pending, piece]).toString('utf8') : piece.toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      this.lineNo++;
      if (!this.sink(text, this.lineNo)) {
        this.stopped = 'damage';
        return;
      }
      from = newline + 1;
    }
  }

  rest(): string {
    return this.stopped ? '' : Buffer.concat(this.pending).toString('utf8');
  }
}
