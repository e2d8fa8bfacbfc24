import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The per-process files behind htop's SHR and I/O columns, read only for the rows a viewer asked for (ReadDemand):
 * each is one more open/read/close per process per tick. `undefined`: the process is gone; `null`: the OS refused
 * (/proc/PID/io needs the right to ptrace-read the process: another user's is closed to a non-root Forkscope).
 */
const buffer = Buffer.alloc(1024);

type Read = { ok: true; length: number } | { ok: false; refused: boolean };

function readSmall(path: string): Read {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, refused: isRefusal(error) };
  }
  try {
    return { ok: true, length: readSync(fd, buffer, 0, buffer.length, 0) };
  } catch (error) {
    return { ok: false, refused: isRefusal(error) };
  } finally {
    closeSync(fd);
  }
}

function isRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
}

/** Resident pages shared with other processes (the third field of /proc/PID/statm), in bytes. */
export function readSharedBytes(pid: number, pageSize: number): number | null | undefined {
  const read = readSmall(`/proc/${pid}/statm`);
  if (!read.ok) return read.refused ? null : undefined;
  const fields = buffer.toString('latin1', 0, read.length).split(' ');
  const pages = Number(fields[2]);
  return Number.isFinite(pages) ? pages * pageSize : null;
}

/** Bytes this process caused to be read from and written to storage (read_bytes, write_bytes), as htop's I/O rates use. */
export function readIoBytes(pid: number): { read: number; write: number } | null | undefined {
  const read = readSmall(`/proc/${pid}/io`);
  if (!read.ok) return read.refused ? null : undefined;
  const text = buffer.toString('latin1', 0, read.length);
  const readBytes = /^read_bytes: (\d+)$/m.exec(text);
  const writeBytes = /^write_bytes: (\d+)$/m.exec(text);
  if (!readBytes || !writeBytes) return null;
  return { read: Number(readBytes[1]), write: Number(writeBytes[1]) };
}
