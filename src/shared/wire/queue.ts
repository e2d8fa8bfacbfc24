/**
 * Wire protocol of the queue lab's node engine: the broker and its producers and consumers talk
 * over a local socket in length-prefixed binary frames. Each frame is checked by its header
 * (magic, version, type, length) rather than a schema: a schema check per message would cost
 * more than the message. Messages travel in batches, as multiprocessing.Queue's feeder thread
 * sends them.
 *
 *   header (8 bytes): 'F' 'Q' | version u8 | type u8 | payload length u32 LE
 *   message record:   producer u32 | seq u32 | sentAt f64 (epoch ms) | size u32 | size bytes
 */
export const QUEUE_WIRE_VERSION = 1;
export const HEADER_BYTES = 8;
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const MAGIC_0 = 0x46; // F
const MAGIC_1 = 0x51; // Q

export const FrameType = {
  /** A process introduces itself: role u8 (1 producer, 2 consumer), id u32. */
  hello: 1,
  /** Producer → broker: a batch of message records. */
  put: 2,
  /** Broker → producer: u32 more slots it may fill (keeps the depth, in flight included, within capacity). */
  credit: 3,
  /** Consumer → broker: u32 more messages it can take. */
  want: 4,
  /** Broker → consumer: a batch of message records. */
  deliver: 5,
  /** Producer → broker: it has sent everything. */
  done: 6,
  /** Broker → consumer: stop (the lessons' sentinel, one per consumer). */
  sentinel: 7,
  /** Consumer → broker: u32 tasks finished (JoinableQueue's task_done). */
  taskDone: 8,
  /** Producer or consumer → broker, once at the end: a JSON report (ledger, latencies, time blocked). */
  report: 9,
  /** Consumer → broker, ten times a second while it works: f64 p50 and f64 p99 latency (ms) of that tenth of a second. */
  latency: 10,
} as const;
export type FrameTypeName = keyof typeof FrameType;

export interface QueueMessage {
  producer: number;
  seq: number;
  sentAt: number;
  payload: Uint8Array;
}

export class WireError extends Error {}

export function encodeFrame(type: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const frame = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  frame[0] = MAGIC_0;
  frame[1] = MAGIC_1;
  frame[2] = QUEUE_WIRE_VERSION;
  frame[3] = type;
  view.setUint32(4, payload.length, true);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

export function encodeU32(type: number, value: number): Uint8Array {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, value, true);
  return encodeFrame(type, payload);
}

export function encodeMessages(type: number, messages: readonly QueueMessage[]): Uint8Array {
  const size = messages.reduce((n, m) => n + 20 + m.payload.length, 0);
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  let at = 0;
  for (const m of messages) {
    view.setUint32(at, m.producer, true);
    view.setUint32(at + 4, m.seq, true);
    view.setFloat64(at + 8, m.sentAt, true);
    view.setUint32(at + 16, m.payload.length, true);
    payload.set(m.payload, at + 20);
    at += 20 + m.payload.length;
  }
  return encodeFrame(type, payload);
}

/** The header of a frame whose payload is written after it (the broker forwards records without copying them). */
export function frameHeader(type: number, payloadLength: number): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  header[0] = MAGIC_0;
  header[1] = MAGIC_1;
  header[2] = QUEUE_WIRE_VERSION;
  header[3] = type;
  new DataView(header.buffer).setUint32(4, payloadLength, true);
  return header;
}

/**
 * How many records a batch holds, checking that they tile it exactly; with `limit`, the byte
 * length of the first `limit` records instead. Reads the size fields only.
 */
export function measureRecords(payload: Uint8Array, limit = Infinity): { count: number; bytes: number } {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let count = 0;
  let at = 0;
  while (at < payload.length && count < limit) {
    if (at + 20 > payload.length) throw new WireError(`message record cut short at byte ${at}`);
    const end = at + 20 + view.getUint32(at + 16, true);
    if (end > payload.length) throw new WireError('message payload runs past the frame');
    at = end;
    count++;
  }
  return { count, bytes: at };
}

/** Calls `each` with the fields of every record, allocating nothing per message. */
export function forEachRecord(payload: Uint8Array, each: (producer: number, seq: number, sentAt: number) => void): number {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let n = 0;
  for (let at = 0; at < payload.length; n++) {
    each(view.getUint32(at, true), view.getUint32(at + 4, true), view.getFloat64(at + 8, true));
    at += 20 + view.getUint32(at + 16, true);
  }
  return n;
}

export function decodeMessages(payload: Uint8Array): QueueMessage[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const messages: QueueMessage[] = [];
  for (let at = 0; at < payload.length;) {
    if (at + 20 > payload.length) throw new WireError(`message record cut short at byte ${at}`);
    const size = view.getUint32(at + 16, true);
    if (at + 20 + size > payload.length) throw new WireError(`message payload of ${size} bytes runs past the frame`);
    messages.push({
      producer: view.getUint32(at, true),
      seq: view.getUint32(at + 4, true),
      sentAt: view.getFloat64(at + 8, true),
      payload: payload.subarray(at + 20, at + 20 + size),
    });
    at += 20 + size;
  }
  return messages;
}

/**
 * Splits a byte stream into frames, checking each header. A frame with the wrong magic,
 * version or an impossible length is an error naming what was wrong: the peer is not speaking
 * this protocol (or this version of it).
 */
export class FrameReader {
  /** Received bytes not yet framed, kept as chunks: joining them on every arrival would be quadratic. */
  private chunks: Uint8Array[] = [];
  private total = 0;
  private needed = HEADER_BYTES;

  push(chunk: Uint8Array): Array<{ type: number; payload: Uint8Array }> {
    this.chunks.push(chunk);
    this.total += chunk.length;
    const frames: Array<{ type: number; payload: Uint8Array }> = [];
    while (this.total >= this.needed) {
      const b = this.chunks.length === 1 ? this.chunks[0]! : concatAll(this.chunks, this.total);
      let at = 0;
      while (b.length - at >= HEADER_BYTES) {
        if (b[at] !== MAGIC_0 || b[at + 1] !== MAGIC_1) throw new WireError(`not a queue frame: bad magic at byte ${at}`);
        if (b[at + 2] !== QUEUE_WIRE_VERSION) throw new WireError(`queue wire version ${b[at + 2]} is not ${QUEUE_WIRE_VERSION}`);
        const length = new DataView(b.buffer, b.byteOffset + at + 4, 4).getUint32(0, true);
        if (length > MAX_FRAME_BYTES) throw new WireError(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
        if (b.length - at - HEADER_BYTES < length) {
          this.needed = HEADER_BYTES + length;
          break;
        }
        frames.push({ type: b[at + 3]!, payload: b.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length) });
        at += HEADER_BYTES + length;
        this.needed = HEADER_BYTES;
      }
      const rest = b.subarray(at);
      this.chunks = rest.length ? [rest] : [];
      this.total = rest.length;
      if (this.total < this.needed || rest.length < HEADER_BYTES) break;
    }
    return frames;
  }
}

function concatAll(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The exactly-once check: both sides add a 64-bit hash of (producer, seq) modulo 2^64 and
 * count. A lost message and a duplicated one change the sum differently, so they cannot cancel
 * out as they would in a plain count. Kept as two 32-bit halves to avoid BigInt per message.
 */
export class MessageLedger {
  count = 0;
  private hi = 0;
  private lo = 0;

  add(producer: number, seq: number): void {
    const [h, l] = mix64(producer, seq);
    const low = this.lo + l;
    this.lo = low >>> 0;
    this.hi = (this.hi + h + (low > 0xffffffff ? 1 : 0)) >>> 0;
    this.count++;
  }

  merge(other: { count: number; sum: string }): void {
    const value = BigInt(other.sum);
    const total = (this.sumBig() + value) & 0xffffffffffffffffn;
    this.hi = Number(total >> 32n);
    this.lo = Number(total & 0xffffffffn);
    this.count += other.count;
  }

  /** The sum as a decimal string, safe to pass between processes as JSON. */
  get sum(): string {
    return this.sumBig().toString();
  }

  private sumBig(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** A 64-bit mix of two 32-bit words (murmur3's finaliser on each lane, crossed), as [hi, lo]. */
export function mix64(a: number, b: number): [number, number] {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  let l = Math.imul(b ^ 0x7f4a7c15, 0xc2b2ae35) ^ a;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  l ^= l >>> 15;
  l = Math.imul(l, 0x27d4eb2f);
  l ^= l >>> 16;
  h = (h + Math.imul(l, 0x165667b1)) >>> 0;
  l = (l ^ h) >>> 0;
  return [h >>> 0, l >>> 0];
}
