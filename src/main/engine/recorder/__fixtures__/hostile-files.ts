import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';

/** Bytes of newlines in the bomb: a 500 MB text behind ~500 KB of gzip. */
export const BOMB_NEWLINE_BYTES = 500 * 1000 * 1000;

/** A valid recording header followed by 500 MB of newlines, gzip-compressed, written as a stream. */
export async function writeGzipBomb(path: string): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const out = createWriteStream(path);
  gzip.pipe(out);
  const header = { kind: 'header', format: 'forkscope-recording', version: 1, forkscopeVersion: '0.1.0', platform: 'linux', host: 'h', startedAt: 1, intervalMs: 1000 };
  gzip.write(`${JSON.stringify(header)}\n`);
  const newlines = Buffer.alloc(1024 * 1024, 0x0a);
  for (let written = 0; written < BOMB_NEWLINE_BYTES; written += newlines.length) {
    if (!gzip.write(newlines.subarray(0, Math.min(newlines.length, BOMB_NEWLINE_BYTES - written)))) await once(gzip, 'drain');
  }
  gzip.end();
  await once(out, 'close');
}

/** The paths that are not recording files: a FIFO nobody writes to, a folder, a symlink loop, /dev/zero. */
export function hostilePaths(dir: string): { fifo: string; folder: string; loop: string; zero: string } {
  const fifo = join(dir, 'pipe.fsrec');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr?.toString()}`);
  const folder = join(dir, 'folder.fsrec');
  mkdirSync(folder);
  const loop = join(dir, 'loop.fsrec');
  symlinkSync(join(dir, 'loop-b.fsrec'), loop);
  symlinkSync(loop, join(dir, 'loop-b.fsrec'));
  return { fifo, folder, loop, zero: '/dev/zero' };
}

/** More FIFOs, for opening many at once. */
export function fifos(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `pipe-${i}.fsrec`);
    const made = spawnSync('mkfifo', [path]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr?.toString()}`);
    return path;
  });
}
