import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ForkscopeError } from '../../../shared/result';
import { makeOwnedTempDir } from './owned-temp-dir';

export const EXPORT_DIR_PREFIX = 'forkscope-export-';
/** The most text one answer carries; a longer export is fetched piece by piece (replay:export-piece). */
export const EXPORT_PIECE_BYTES = 1024 * 1024;

export interface ExportPiece {
  text: string;
  /** Byte offset of the next piece, or null after the last. */
  next: number | null;
}

/**
 * An export being handed to the window: written to a private temporary file as it is made (never
 * one string), then read back a piece at a time. One is kept at a time; the next export, going
 * back to live and closing remove it.
 */
export class ExportFiles {
  private current: { id: string; dir: string; file: string; bytes: number } | null = null;

  /** Runs `produce`, keeping what it writes; answers with the first piece (the whole text when small). */
  make(produce: (write: (piece: string) => void) => void): ExportPiece & { exportId: string | null; bytes: number } {
    this.close();
    const dir = makeOwnedTempDir(EXPORT_DIR_PREFIX);
    const file = join(dir, 'export');
    let bytes = 0;
    try {
      const fd = openSync(file, 'wx');
      try {
        produce((piece) => {
          const buffer = Buffer.from(piece, 'utf8');
          for (let at = 0; at < buffer.length;) at += writeSync(fd, buffer, at);
          bytes += buffer.length;
        });
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new ForkscopeError('internal', `cannot write the export: ${(error as Error).message}`);
    }
    const id = randomBytes(8).toString('hex');
    this.current = { id, dir, file, bytes };
    const first = this.piece(id, 0);
    if (first.next === null) {
      this.close();
      return { ...first, exportId: null, bytes };
    }
    return { ...first, exportId: id, bytes };
  }

  /** The piece of the current export at `offset` (a byte offset a previous piece named). */
  piece(id: string, offset: number): ExportPiece {
    const current = this.current;
    if (!current || current.id !== id)
      throw new ForkscopeError('invalid-request', `no export ${id} is kept (a later export or going back to live replaced it); export again`);
    if (offset > current.bytes)
      throw new ForkscopeError('invalid-request', `offset ${offset} is past the end of the export (${current.bytes} bytes)`);
    const buffer = Buffer.alloc(Math.min(EXPORT_PIECE_BYTES, current.bytes - offset));
    const fd = openSync(current.file, 'r');
    try {
      for (let at = 0; at < buffer.length;) {
        const n = readSync(fd, buffer, at, buffer.length - at, offset + at);
        if (n === 0) break;
        at += n;
      }
    } finally {
      closeSync(fd);
    }
    const end = offset + buffer.length < current.bytes ? wholeCharacters(buffer) : buffer.length;
    return { text: buffer.toString('utf8', 0, end), next: offset + end < current.bytes ? offset + end : null };
  }

  close(): void {
    if (this.current) rmSync(this.current.dir, { recursive: true, force: true });
    this.current = null;
  }
}

/** Where the last whole UTF-8 character of `buffer` ends, so a piece never splits one. */
function wholeCharacters(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(4, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for its lead
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length <= back ? buffer.length : buffer.length - back;
  }
  return buffer.length;
}
