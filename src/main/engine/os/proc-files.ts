import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { koffiOrNull, library } from './ffi';

/**
 * open, pread and close for /proc files through libc, returning -1 instead of throwing. The sampler reads
 * one stat file per process per tick and the lifecycle fusion one per fork: there, a process that has just
 * gone is the common case, and Node's fs turns each such miss into an exception (about 10 µs, more than
 * the read). Without the FFI the same calls go through node:fs, with the misses caught.
 */
export interface ProcFiles {
  /** A read-only, close-on-exec descriptor, or -1 (gone, or not allowed). */
  open(path: string): number;
  /** Bytes read at offset 0 (a /proc file is generated afresh on each read from 0), or -1 (the process is gone). */
  pread(fd: number, buffer: Buffer): number;
  close(fd: number): void;
  /** Whether these are libc's (the FFI loaded) or node:fs's. */
  readonly native: boolean;
}

const O_RDONLY = 0;
const O_CLOEXEC = 0x80000;

const nodeFiles: ProcFiles = {
  open(path) {
    try {
      return openSync(path, 'r');
    } catch {
      return -1;
    }
  },
  pread(fd, buffer) {
    try {
      return readSync(fd, buffer, 0, buffer.length, 0);
    } catch {
      return -1;
    }
  },
  close(fd) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  },
  native: false,
};

let chosen: ProcFiles | undefined;

export function procFiles(): ProcFiles {
  if (chosen) return chosen;
  const koffi = koffiOrNull();
  const libc = process.platform === 'linux' && koffi ? library('libc.so.6') : null;
  if (!libc) return (chosen = nodeFiles);
  try {
    const open = libc.func('int open(const char *path, int flags)') as (path: string, flags: number) => number;
    const pread = libc.func('long pread(int fd, void *buffer, size_t length, long offset)') as (
      fd: number,
      b: Buffer,
      n: number,
      o: number,
    ) => number;
    const close = libc.func('int close(int fd)') as (fd: number) => number;
    chosen = {
      open: (path) => open(path, O_RDONLY | O_CLOEXEC),
      pread: (fd, buffer) => Number(pread(fd, buffer, buffer.length, 0)),
      close: (fd) => void close(fd),
      native: true,
    };
  } catch {
    chosen = nodeFiles;
  }
  return chosen;
}

/** The soft limit on open files of this process (from /proc/self/limits), or null when it cannot be read. */
export function openFilesLimit(): number | null {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!match) return null;
    return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
  } catch {
    return null;
  }
}
