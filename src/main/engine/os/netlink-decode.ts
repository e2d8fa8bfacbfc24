/**
 * The proc connector's wire layout (include/uapi/linux/netlink.h, connector.h, cn_proc.h), decoded
 * from a receive buffer without the FFI, so it is tested on buffers built from the same layout.
 *
 *   nlmsghdr (16): u32 len, u16 type, u16 flags, u32 seq, u32 pid
 *   cn_msg   (20): u32 idx, u32 val, u32 seq (per CPU), u32 ack, u16 len, u16 flags
 *   proc_event  : u32 what, u32 cpu, u64 timestamp_ns (monotonic), then the event's own fields
 */
export const AF_NETLINK = 16;
export const NETLINK_CONNECTOR = 11;
export const CN_IDX_PROC = 1;
export const CN_VAL_PROC = 1;
export const PROC_CN_MCAST_LISTEN = 1;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const NLMSG_HDRLEN = 16;
export const CN_MSG_LEN = 20;
const EVENT_OFFSET = NLMSG_HDRLEN + CN_MSG_LEN;
/** Bytes of one proc_event: 16 of header and the largest member of the union (comm: 8 + 16). */
export const PROC_EVENT_LEN = 40;

export const PROC_EVENT = {
  NONE: 0,
  FORK: 0x1,
  EXEC: 0x2,
  UID: 0x4,
  GID: 0x40,
  SID: 0x80,
  PTRACE: 0x100,
  COMM: 0x200,
  COREDUMP: 0x40000000,
  EXIT: 0x80000000,
} as const;

interface Header {
  /** The CPU whose counter numbered this message; with `seq`, how losses are counted. */
  cpu: number;
  seq: number;
  /** CLOCK_MONOTONIC nanoseconds when the kernel sent it. */
  timestampNs: bigint;
}

/** One message of the proc connector. pid is the thread, tgid the process: they differ for threads. */
export type ProcConnectorEvent = Header &
  (
    | { kind: 'ack'; err: number }
    | { kind: 'fork'; parentPid: number; parentTgid: number; childPid: number; childTgid: number }
    | { kind: 'exec'; pid: number; tgid: number }
    | { kind: 'uid' | 'gid'; pid: number; tgid: number; real: number; effective: number }
    | { kind: 'sid'; pid: number; tgid: number }
    | { kind: 'ptrace'; pid: number; tgid: number; tracerPid: number; tracerTgid: number }
    | { kind: 'comm'; pid: number; tgid: number; comm: string }
    | { kind: 'coredump'; pid: number; tgid: number; parentPid: number; parentTgid: number }
    | {
        kind: 'exit';
        pid: number;
        tgid: number;
        /** The raw wait status; see decodeWaitStatus. */
        status: number;
        /** The signal sent to the parent at the exit (SIGCHLD, or -1 for a thread): not what killed it. */
        exitSignal: number;
        parentPid: number;
        parentTgid: number;
      }
    | { kind: 'unknown'; what: number }
  );

export interface DecodedBatch {
  events: ProcConnectorEvent[];
  /** The kernel said its buffer overran (NLMSG_OVERRUN) or a message was cut short. */
  overrun: boolean;
  /** Messages that were not the proc connector's (other connector users, errors) and were skipped. */
  skipped: number;
}

/**
 * Every whole netlink message in buffer[from, from + length); a truncated tail is reported, never read past.
 * Events are appended to `into` when given (one array for a whole drain), else to a new one.
 */
export function decodeBatch(buffer: Buffer, length: number, from = 0, into: ProcConnectorEvent[] = []): DecodedBatch {
  const events = into;
  let overrun = false;
  let skipped = 0;
  let offset = from;
  const end = from + length;
  while (offset + NLMSG_HDRLEN <= end) {
    const messageLength = buffer.readUInt32LE(offset);
    const type = buffer.readUInt16LE(offset + 4);
    if (messageLength < NLMSG_HDRLEN || offset + messageLength > end) {
      overrun = true;
      break;
    }
    if (type === NLMSG_OVERRUN) overrun = true;
    else if (type !== NLMSG_DONE && type !== NLMSG_NOOP) skipped++;
    else if (messageLength >= EVENT_OFFSET + 16) {
      const idx = buffer.readUInt32LE(offset + NLMSG_HDRLEN);
      const val = buffer.readUInt32LE(offset + NLMSG_HDRLEN + 4);
      const dataLength = buffer.readUInt16LE(offset + NLMSG_HDRLEN + 16);
      if (idx === CN_IDX_PROC && val === CN_VAL_PROC && dataLength >= 16 && EVENT_OFFSET + dataLength <= messageLength) {
        const seq = buffer.readUInt32LE(offset + NLMSG_HDRLEN + 8);
        events.push(decodeEvent(buffer, offset + EVENT_OFFSET, seq));
      } else skipped++;
    } else skipped++;
    // NLMSG_ALIGN: messages start on 4-byte boundaries.
    offset += (messageLength + 3) & ~3;
  }
  return { events, overrun, skipped };
}

/** One proc_event as one object (no header object spread into it: a storm decodes thousands a second). */
function decodeEvent(b: Buffer, at: number, seq: number): ProcConnectorEvent {
  const what = b.readUInt32LE(at);
  const cpu = b.readUInt32LE(at + 4);
  const timestampNs = b.readBigUInt64LE(at + 8);
  const d = at + 16;
  const i = (n: number): number => b.readInt32LE(d + 4 * n);
  switch (what) {
    case PROC_EVENT.NONE:
      return { cpu, seq, timestampNs, kind: 'ack', err: b.readUInt32LE(d) };
    case PROC_EVENT.FORK:
      return { cpu, seq, timestampNs, kind: 'fork', parentPid: i(0), parentTgid: i(1), childPid: i(2), childTgid: i(3) };
    case PROC_EVENT.EXEC:
      return { cpu, seq, timestampNs, kind: 'exec', pid: i(0), tgid: i(1) };
    case PROC_EVENT.UID:
    case PROC_EVENT.GID:
      return {
        cpu,
        seq,
        timestampNs,
        kind: what === PROC_EVENT.UID ? 'uid' : 'gid',
        pid: i(0),
        tgid: i(1),
        real: b.readUInt32LE(d + 8),
        effective: b.readUInt32LE(d + 12),
      };
    case PROC_EVENT.SID:
      return { cpu, seq, timestampNs, kind: 'sid', pid: i(0), tgid: i(1) };
    case PROC_EVENT.PTRACE:
      return { cpu, seq, timestampNs, kind: 'ptrace', pid: i(0), tgid: i(1), tracerPid: i(2), tracerTgid: i(3) };
    case PROC_EVENT.COMM: {
      const end = b.indexOf(0, d + 8);
      const stop = end < 0 || end > d + 24 ? d + 24 : end;
      return { cpu, seq, timestampNs, kind: 'comm', pid: i(0), tgid: i(1), comm: b.toString('utf8', d + 8, stop) };
    }
    case PROC_EVENT.COREDUMP:
      return { cpu, seq, timestampNs, kind: 'coredump', pid: i(0), tgid: i(1), parentPid: i(2), parentTgid: i(3) };
    case PROC_EVENT.EXIT:
      return {
        cpu,
        seq,
        timestampNs,
        kind: 'exit',
        pid: i(0),
        tgid: i(1),
        status: b.readUInt32LE(d + 8),
        exitSignal: i(3),
        parentPid: i(4),
        parentTgid: i(5),
      };
    default:
      return { cpu, seq, timestampNs, kind: 'unknown', what };
  }
}

/** The message that subscribes a bound socket to every process event (the pre-6.6 form every kernel takes). */
export function listenMessage(portId: number): Buffer {
  const total = NLMSG_HDRLEN + CN_MSG_LEN + 4;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(total, 0);
  b.writeUInt16LE(NLMSG_DONE, 4);
  b.writeUInt32LE(portId >>> 0, 12);
  b.writeUInt32LE(CN_IDX_PROC, NLMSG_HDRLEN);
  b.writeUInt32LE(CN_VAL_PROC, NLMSG_HDRLEN + 4);
  b.writeUInt16LE(4, NLMSG_HDRLEN + 16);
  b.writeUInt32LE(PROC_CN_MCAST_LISTEN, EVENT_OFFSET);
  return b;
}

/** struct sockaddr_nl for bind(): family, pad, port id, multicast groups. */
export function netlinkAddress(portId: number, groups: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16LE(AF_NETLINK, 0);
  b.writeUInt32LE(portId >>> 0, 4);
  b.writeUInt32LE(groups >>> 0, 8);
  return b;
}

const SIGNAL_NAMES: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
  16: 'SIGSTKFLT',
  17: 'SIGCHLD',
  18: 'SIGCONT',
  19: 'SIGSTOP',
  20: 'SIGTSTP',
  21: 'SIGTTIN',
  22: 'SIGTTOU',
  23: 'SIGURG',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
  26: 'SIGVTALRM',
  27: 'SIGPROF',
  28: 'SIGWINCH',
  29: 'SIGIO',
  30: 'SIGPWR',
  31: 'SIGSYS',
};

export function signalName(signal: number): string {
  return SIGNAL_NAMES[signal] ?? `SIG${signal}`;
}

/** A wait status as the kernel keeps it: code in bits 8-15, the killing signal in 0-6, core dumped in bit 7. */
export function decodeWaitStatus(status: number): { code: number | null; signal: string | null; core: boolean } {
  const signal = status & 0x7f;
  if (signal === 0) return { code: (status >> 8) & 0xff, signal: null, core: false };
  return { code: null, signal: signalName(signal), core: (status & 0x80) !== 0 };
}
