/**
 * Wire protocol between Forkscope and the Python probe it injects into a user's program
 * (resources/python/probe/): each process of the program counts into its own memory-mapped
 * file `PID-RANDOM.fsq` in the folder named by FORKSCOPE_QUEUES_DIR, and Forkscope reads the
 * files ten times a second. Counting is a memory write, so it never blocks the program, and
 * the counts outlive a process killed by a signal.
 *
 * Layout fsq-probe/2, little-endian (the probe writes native u64 words; every platform Forkscope
 * ships for is little-endian):
 *   header, 64 bytes:  magic "FSQP" | version u32 | pid u32 | queue slots used u32 |
 *     object slots used u32 | ring entries u32 | reserved | events written u64 at byte 32 (a hint)
 *   queue slot i at 64 + 256·i (63 of them):  id length u16 | kind u8 (0 Queue, 1 JoinableQueue,
 *     2 SimpleQueue) | pad u8 | maxsize u32 | puts, gets, task_done, putting, getting, raised Full,
 *     raised Empty, reserved (u64 each, from byte 8) | id, UTF-8, from byte 72
 *   object slot i at 16384 + 256·i (192 of them):  label length u16 | kind u8 | flags u8 |
 *     extra u32 | 15 words (i64, from byte 8; their meaning is the kind's, see python-probe.ts) |
 *     label, UTF-8, from byte 128
 *   event ring at 65536, 1024 entries of 48 bytes:  sequence u64 | time ns since the epoch u64 |
 *     kind u32 | object slot u32 | a i64 | b i64 | sequence again u64. The writer clears the last
 *     word, writes the entry, then its first word and the last: an entry counts only when both
 *     carry the same sequence number (a reader's copy runs from low bytes to high).
 * A slot is written whole before the header counts it. A file with another magic or version is
 * ignored and reported.
 */
export const QUEUE_PROBE_VERSION = 2;
export const QUEUE_PROBE_ENV = 'FORKSCOPE_QUEUES_DIR';
const MAGIC = 'FSQP';
const HEADER_BYTES = 64;
const SLOT_BYTES = 256;
const MAX_SLOTS = 63;
const ID_OFFSET = 72;
const OBJECTS_AT = 16384;
const MAX_OBJECTS = 192;
const OBJECT_WORDS = 15;
const OBJECT_LABEL_AT = 128;
const RING_AT = OBJECTS_AT + MAX_OBJECTS * SLOT_BYTES;
const ENTRY_BYTES = 48;
/** The whole file, which the probe makes at once (ftruncate). */
export const RING_ENTRIES = 1024;
export const PROBE_FILE_BYTES = RING_AT + RING_ENTRIES * ENTRY_BYTES;

/** An object slot as written: what its words mean depends on its kind (python-probe.ts reads them). */
export interface ProbeObjectSlot {
  index: number;
  kind: number;
  flags: number;
  extra: number;
  words: number[];
  label: string;
}

/** One entry of a process's event ring. */
export interface ProbeEvent {
  seq: number;
  /** Epoch ms, fractional. */
  t: number;
  kind: number;
  /** Index of the object slot it is about; -1 when the object found no slot. */
  slot: number;
  a: number;
  b: number;
}

export interface ProbeQueueTotals {
  /** Where the queue was created, `file:line`, with `#n` from the second one a line creates. */
  id: string;
  kind: 'Queue' | 'JoinableQueue' | 'SimpleQueue';
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

export type ProbeFile =
  { ok: true; pid: number; queues: ProbeQueueTotals[]; objects: ProbeObjectSlot[]; events: ProbeEvent[] } | { ok: false; error: string };
const QUEUE_KINDS = ['Queue', 'JoinableQueue', 'SimpleQueue'] as const;

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
  const objectsUsed = view.getUint32(16, true);
  const ringEntries = view.getUint32(20, true);
  if (objectsUsed > MAX_OBJECTS || ringEntries > RING_ENTRIES || RING_AT + ringEntries * ENTRY_BYTES > bytes.length)
    return { ok: false, error: `claims ${objectsUsed} objects and ${ringEntries} events, more than the file holds` };
  const queues: ProbeQueueTotals[] = [];
  for (let i = 0; i < used; i++) {
    const at = HEADER_BYTES + i * SLOT_BYTES;
    const idLength = Math.min(view.getUint16(at, true), SLOT_BYTES - ID_OFFSET);
    const word = (n: number): number => Number(view.getBigUint64(at + 8 * n, true));
    queues.push({
      id: utf8.decode(bytes.subarray(at + ID_OFFSET, at + ID_OFFSET + idLength)),
      kind: QUEUE_KINDS[view.getUint8(at + 2)] ?? 'Queue',
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
  return { ok: true, pid, queues, objects: readObjects(view, bytes, objectsUsed), events: readRing(view, ringEntries) };
}

function readObjects(view: DataView, bytes: Uint8Array, used: number): ProbeObjectSlot[] {
  const objects: ProbeObjectSlot[] = [];
  for (let index = 0; index < used; index++) {
    const at = OBJECTS_AT + index * SLOT_BYTES;
    const labelLength = Math.min(view.getUint16(at, true), SLOT_BYTES - OBJECT_LABEL_AT);
    const words: number[] = [];
    for (let n = 1; n <= OBJECT_WORDS; n++) words.push(Number(view.getBigInt64(at + 8 * n, true)));
    objects.push({
      index,
      kind: view.getUint8(at + 2),
      flags: view.getUint8(at + 3),
      extra: view.getUint32(at + 4, true),
      words,
      label: utf8.decode(bytes.subarray(at + OBJECT_LABEL_AT, at + OBJECT_LABEL_AT + labelLength)),
    });
  }
  return objects;
}

/** The complete entries of the ring, oldest first; one being written is left for the next read. */
function readRing(view: DataView, entries: number): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  for (let i = 0; i < entries; i++) {
    const at = RING_AT + i * ENTRY_BYTES;
    const seq = view.getBigUint64(at, true);
    if (seq === 0n || view.getBigUint64(at + 40, true) !== seq) continue;
    const slot = view.getUint32(at + 20, true);
    events.push({
      seq: Number(seq),
      t: Number(view.getBigUint64(at + 8, true)) / 1e6,
      kind: view.getUint32(at + 16, true),
      slot: slot === 0xffffffff ? -1 : slot,
      a: Number(view.getBigInt64(at + 24, true)),
      b: Number(view.getBigInt64(at + 32, true)),
    });
  }
  return events.sort((x, y) => x.seq - y.seq);
}
