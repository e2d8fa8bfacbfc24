import { decodeBatch, type ProcConnectorEvent } from '../os/netlink-decode';
import { DATAGRAM_SLOT_BYTES, openProcConnector, type DatagramBatch, type ProcConnectorSocket, type SocketWatch } from '../os/netlink';
import { SequenceGaps } from './sequence-gaps';

/** 16 MiB by default: a burst of several thousand processes fits while the thread is busy. */
export const DEFAULT_RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024;
/** At most this many datagrams per drain, so one drain never holds the thread for long. */
const MAX_DATAGRAMS_PER_DRAIN = 4096;

export interface Drained {
  events: ProcConnectorEvent[];
  /** Messages lost since the last drain: sequence gaps, or at least 1 when only ENOBUFS told. */
  lost: number;
  /** More is waiting: drain again soon. */
  more: boolean;
  error: string | null;
}

/** The proc connector socket with its decoding and loss counting: what a drain of it gives. */
export class ConnectorSource {
  readonly gaps = new SequenceGaps();
  overflows = 0;
  private readonly buffer = Buffer.alloc(64 * 1024);
  private readonly socket: ProcConnectorSocket;
  /** recvmmsg's buffers, or null where datagrams are read one recv at a time. */
  private readonly batch: DatagramBatch | null;

  private constructor(socket: ProcConnectorSocket) {
    this.socket = socket;
    this.batch = socket.batch();
  }

  static open(receiveBufferBytes: number): { ok: true; source: ConnectorSource } | { ok: false; reason: string } {
    const opened = openProcConnector({ receiveBufferBytes });
    return opened.ok ? { ok: true, source: new ConnectorSource(opened.socket) } : opened;
  }

  /** Bytes the kernel granted for the receive buffer. */
  receiveBufferBytes(): number {
    return this.socket.receiveBufferBytes();
  }

  /** Everything waiting on the socket (up to MAX_DATAGRAMS_PER_DRAIN datagrams), decoded, with losses counted. */
  drain(): Drained {
    return this.batch ? this.drainBatched(this.batch) : this.drainOneByOne();
  }

  private drainBatched(batch: DatagramBatch): Drained {
    const events: ProcConnectorEvent[] = [];
    const lostBefore = this.gaps.lost;
    let overflowed = false;
    let error: string | null = null;
    let more = false;
    for (let n = 0; ;) {
      if (n >= MAX_DATAGRAMS_PER_DRAIN) {
        more = true;
        break;
      }
      const read = this.socket.readBatch(batch);
      if (read.kind === 'empty') break;
      if (read.kind === 'overflow') {
        this.overflows++;
        overflowed = true;
        continue;
      }
      if (read.kind === 'error') {
        error = read.message;
        break;
      }
      n += read.count;
      const from = events.length;
      for (let i = 0; i < read.count; i++) {
        // A datagram cut short by its slot lost its tail: decoding stops at the cut, and the sequence gap counts it.
        decodeBatch(batch.data, Math.min(batch.length(i), DATAGRAM_SLOT_BYTES), i * DATAGRAM_SLOT_BYTES, events);
      }
      this.noteAll(events, from);
      if (read.drained) break;
    }
    const gapLost = this.gaps.lost - lostBefore;
    return { events, lost: gapLost > 0 ? gapLost : overflowed ? 1 : 0, more, error };
  }

  /** Drops the acks among events[from…] and notes every other message's sequence number. */
  private noteAll(events: ProcConnectorEvent[], from: number): void {
    let kept = from;
    for (let i = from; i < events.length; i++) {
      const event = events[i]!;
      if (event.kind === 'ack') continue;
      this.gaps.note(event.cpu, event.seq);
      events[kept++] = event;
    }
    events.length = kept;
  }

  private drainOneByOne(): Drained {
    const events: ProcConnectorEvent[] = [];
    const lostBefore = this.gaps.lost;
    let overflowed = false;
    let error: string | null = null;
    let more = false;
    for (let n = 0; ; n++) {
      if (n >= MAX_DATAGRAMS_PER_DRAIN) {
        more = true;
        break;
      }
      const read = this.socket.read(this.buffer);
      if (read.kind === 'empty') break;
      if (read.kind === 'overflow') {
        // The kernel dropped messages for this socket; the sequence gaps say how many.
        this.overflows++;
        overflowed = true;
        continue;
      }
      if (read.kind === 'error') {
        error = read.message;
        break;
      }
      for (const event of decodeBatch(this.buffer, read.length).events) {
        if (event.kind === 'ack') continue;
        this.gaps.note(event.cpu, event.seq);
        events.push(event);
      }
    }
    const gapLost = this.gaps.lost - lostBefore;
    return { events, lost: gapLost > 0 ? gapLost : overflowed ? 1 : 0, more, error };
  }

  watch(onReadable: () => void): SocketWatch | null {
    return this.socket.watch(onReadable);
  }

  close(): void {
    this.socket.close();
  }
}
