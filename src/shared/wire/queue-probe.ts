/**
 * Wire protocol between Forkscope and the queue probe it injects into a user's Python program
 * (resources/python/probe/): each process of the program counts into its own memory-mapped
 * file `PID-RANDOM.fsq` in the folder named by FORKSCOPE_QUEUES_DIR, and Forkscope reads the
 * files ten times a second. Counting is a memory write, so it never blocks the program, and
 * the counts outlive a process killed by a signal.
 *
 * Layout, little-endian (the probe writes native u64 words; every platform Forkscope ships
 * for is little-endian):
 *   header, 64 bytes:  magic "FSQP" | version u32 | pid u32 | slots used u32 | reserved
 *   slot i at 64 + 256·i:  id length u16 | kind u8 (0 Queue, 1 JoinableQueue) | pad u8 |
 *     maxsize u32 | puts, gets, task_done, putting, getting, raised Full, raised Empty,
 *     reserved (u64 each, from byte 8) | id, UTF-8, from byte 72
 * A slot is written whole before "slots used" counts it. A file with another magic or
 * version is ignored and reported.
 */
export const QUEUE_PROBE_VERSION = 1;
export const QUEUE_PROBE_ENV = 'FORKSCOPE_QUEUES_DIR';
const MAGIC = 'FSQP';
const HEADER_BYTES = 64;
const SLOT_BYTES = 256;
const MAX_SLOTS = 63;
const ID_OFFSET = 72;

export interface ProbeQueueTotals {
  /** Where the queue was created, `file:line`, with `#n` from the second one a line creates. */
  id: string;
  kind: 'Queue' | 'JoinableQueue';
  /** 0 means unbounded, as in multiprocessing. */
  maxsize: number;
  puts: number;
  gets: number;
  taskDone: number;
  /** Calls inside put/get right now in this process (blocked, when the queue is full or empty). */
  putting: number;
  getting: number;
  raisedFull: number;
  raisedEmpty: number;
}

export type ProbeFile = { ok: true; pid: number; queues: ProbeQueueTotals[] } | { ok: false; error: string };

const utf8 = new TextDecoder();

export function parseProbeFile(bytes: Uint8Array): ProbeFile {
  if (bytes.length < HEADER_BYTES) return { ok: false, error: `${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) return { ok: false, error: `not a queue probe file (magic ${JSON.stringify(magic)})` };
  const version = view.getUint32(4, true);
  if (version !== QUEUE_PROBE_VERSION) return { ok: false, error: `queue probe version ${version}; this Forkscope reads ${QUEUE_PROBE_VERSION}` };
  const pid = view.getUint32(8, true);
  const used = view.getUint32(12, true);
  if (used > MAX_SLOTS || HEADER_BYTES + used * SLOT_BYTES > bytes.length)
    return { ok: false, error: `claims ${used} queues, more than the file holds` };
  const queues: ProbeQueueTotals[] = [];
  for (let i = 0; i < used; i++) {
    const at = HEADER_BYTES + i * SLOT_BYTES;
    const idLength = Math.min(view.getUint16(at, true), SLOT_BYTES - ID_OFFSET);
    const word = (n: number): number => Number(view.getBigUint64(at + 8 * n, true));
    queues.push({
      id: utf8.decode(bytes.subarray(at + ID_OFFSET, at + ID_OFFSET + idLength)),
      kind: view.getUint8(at + 2) === 1 ? 'JoinableQueue' : 'Queue',
      maxsize: view.getUint32(at + 4, true),
      puts: word(1),
      gets: word(2),
      taskDone: word(3),
      putting: word(4),
      getting: word(5),
      raisedFull: word(6),
      raisedEmpty: word(7),
    });
  }
  return { ok: true, pid, queues };
}
