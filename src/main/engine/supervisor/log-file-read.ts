import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { OutputRead } from '../../../shared/output';

/**
 * What a detached child's log file holds after byte `after` (its last `maxBytes` when `after` is not given or no longer
 * kept). The child writes stdout and stderr to the one file, so they come as one `combined` stream.
 */
export function readLogFile(file: string, maxBytes: number, after?: number, clock: () => number = Date.now): OutputRead {
  const empty: OutputRead = { chunks: [], from: 0, start: 0, end: 0, source: 'log-file', limit: { size: maxBytes, lines: null }, logFile: file };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    // Removed by someone (a temp cleaner): nothing to show, and the path still says where it was.
    return empty;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    let from = after !== undefined && after >= start && after <= size ? after : start;
    const buffer = Buffer.alloc(size - from);
    const read = readSync(fd, buffer, 0, buffer.length, from);
    let bytes = buffer.subarray(0, read);
    // Start and end on whole characters: skip continuation bytes at the front, keep a cut character for the next read.
    let skip = 0;
    while (from === start && skip < bytes.length && (bytes[skip]! & 0xc0) === 0x80) skip++;
    bytes = bytes.subarray(skip, wholeLength(bytes));
    from += skip;
    const text = bytes.toString('utf8');
    return { ...empty, chunks: text ? [{ stream: 'combined', t: clock(), text }] : [], from, start, end: from + bytes.length };
  } finally {
    closeSync(fd);
  }
}

/** Bytes up to the last whole UTF-8 character. */
function wholeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
