import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { fail, ok, type ErrorKind, type Result } from '../../../shared/result';

/**
 * Opening never waits: a FIFO opened for reading without O_NONBLOCK blocks until a writer comes
 * (in libuv's thread pool, so five of them stop every other file operation), and one opened for
 * writing blocks the event loop. With O_NONBLOCK both return at once and fstat says what it is.
 * (Windows has no FIFOs to wait on; the flag is 0 there.)
 */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Why a path that opened is not a file Forkscope reads or writes, or null when it is a regular file. */
export function notRegular(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'it is a folder';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a file';
  if (stats.isSocket()) return 'it is a socket, not a file';
  return 'it is not a regular file';
}

/** An open() failure in words, with the kind of error it is. */
export function describeOpenError(error: unknown): { kind: ErrorKind; why: string } {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return { kind: 'invalid-request', why: 'there is no such file' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'access-denied', why: 'permission denied' };
    case 'EISDIR':
      return { kind: 'invalid-request', why: 'it is a folder' };
    case 'ELOOP':
      return { kind: 'invalid-request', why: 'it is a symbolic link that loops (or a chain of too many links)' };
    case 'ENXIO':
      return { kind: 'invalid-request', why: 'it is a named pipe (FIFO) or socket, not a file' };
    case 'ENOTDIR':
      return { kind: 'invalid-request', why: 'a part of the path is not a folder' };
    case 'ENAMETOOLONG':
      return { kind: 'invalid-request', why: 'the path is too long' };
    default:
      return { kind: 'invalid-request', why: (error as Error).message };
  }
}

/** A regular file opened for reading, with its size; anything else is refused without waiting on it. */
export async function openRegularForReading(path: string, what: string): Promise<Result<{ handle: FileHandle; size: number }>> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | NONBLOCK);
  } catch (error) {
    const { kind, why } = describeOpenError(error);
    return fail(kind, `cannot open ${what} ${path}: ${why}`);
  }
  try {
    const stats = await handle.stat();
    const why = notRegular(stats);
    if (why) {
      await handle.close();
      return fail('invalid-request', `cannot open ${what} ${path}: ${why}`);
    }
    return ok({ handle, size: stats.size });
  } catch (error) {
    await handle.close().catch(() => {});
    return fail('internal', `cannot open ${what} ${path}: ${(error as Error).message}`);
  }
}

/**
 * Creates (or truncates) a regular file for writing and returns its descriptor. A FIFO, a
 * device, a socket or a folder at the path is refused at once, never waited on nor written to.
 */
export function openRegularForWriting(path: string, what: string): Result<number> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NONBLOCK, 0o644);
  } catch (error) {
    const { kind, why } = describeOpenError(error);
    // What a person can fix by choosing another place (a missing folder, no permission) keeps the system's words.
    const plain = ['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes((error as NodeJS.ErrnoException).code ?? '');
    return fail(kind, `cannot create ${what} ${path}: ${plain ? (error as Error).message : why}; choose another file`);
  }
  try {
    const why = notRegular(fstatSync(fd));
    if (!why) return ok(fd);
    closeSync(fd);
    return fail('invalid-request', `cannot create ${what} ${path}: ${why}; choose another file`);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // nothing more to release
    }
    return fail('internal', `cannot create ${what} ${path}: ${(error as Error).message}`);
  }
}
