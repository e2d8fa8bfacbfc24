import type * as Koffi from 'koffi';
import { ffiStatus, koffiOrNull, library } from './ffi';
import { AF_NETLINK, CN_IDX_PROC, listenMessage, netlinkAddress, NETLINK_CONNECTOR } from './netlink-decode';

/**
 * Typed bindings for the proc connector socket: socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR),
 * bound to the CN_IDX_PROC group, subscribed with PROC_CN_MCAST_LISTEN. The socket is non-blocking:
 * it is read when libuv says it is readable (or on a short timer), never by a recv that blocks,
 * since a thread stuck in an FFI call cannot be terminated and would hang process exit.
 */
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0x800;
const SOCK_CLOEXEC = 0x80000;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;
const MSG_DONTWAIT = 0x40;
const EAGAIN = 11;
const EINTR = 4;
export const ENOBUFS = 105;
const CLOCK_MONOTONIC = 1;
const CLOCK_BOOTTIME = 7;

interface Libc {
  socket: (domain: number, type: number, protocol: number) => number;
  bind: (fd: number, address: Buffer, length: number) => number;
  send: (fd: number, data: Buffer, length: number, flags: number) => number;
  recv: (fd: number, data: Buffer, length: number, flags: number) => number;
  recvmmsg: ((fd: number, messages: Buffer, count: number, flags: number, timeout: null) => number) | null;
  setsockopt: (fd: number, level: number, name: number, value: Buffer, length: number) => number;
  getsockopt: (fd: number, level: number, name: number, value: Buffer, length: Buffer) => number;
  close: (fd: number) => number;
  clock_gettime: (clock: number, out: Buffer) => number;
  strerror: (errno: number) => string;
}

let bound: { koffi: typeof Koffi; libc: Libc } | { error: string } | undefined;
const LP64 = process.arch === 'x64' || process.arch === 'arm64';

function bindings(): { koffi: typeof Koffi; libc: Libc } | { error: string } {
  if (bound) return bound;
  const koffi = koffiOrNull();
  const status = ffiStatus();
  if (!koffi) return (bound = { error: status.available ? 'koffi is missing' : status.reason });
  if (process.platform !== 'linux') return (bound = { error: `the proc connector is Linux's; this is ${process.platform}` });
  const lib = library('libc.so.6');
  if (!lib) return (bound = { error: 'libc.so.6 could not be opened through koffi' });
  try {
    bound = {
      koffi,
      libc: {
        socket: lib.func('int socket(int, int, int)') as Libc['socket'],
        bind: lib.func('int bind(int, void *, uint32_t)') as Libc['bind'],
        send: lib.func('long send(int, void *, size_t, int)') as Libc['send'],
        recv: lib.func('long recv(int, _Out_ void *, size_t, int)') as Libc['recv'],
        // The layout below is LP64's (struct mmsghdr of 64 bytes); elsewhere datagrams are read one recv at a time.
        recvmmsg: LP64 ? (lib.func('int recvmmsg(int, void *, unsigned int, int, void *)') as NonNullable<Libc['recvmmsg']>) : null,
        setsockopt: lib.func('int setsockopt(int, int, int, void *, uint32_t)') as Libc['setsockopt'],
        getsockopt: lib.func('int getsockopt(int, int, int, _Out_ void *, _Inout_ void *)') as Libc['getsockopt'],
        close: lib.func('int close(int)') as Libc['close'],
        clock_gettime: lib.func('int clock_gettime(int, _Out_ void *)') as Libc['clock_gettime'],
        strerror: lib.func('const char *strerror(int)') as Libc['strerror'],
      },
    };
  } catch (error) {
    bound = { error: `libc functions could not be bound: ${(error as Error).message}` };
  }
  return bound;
}

export interface SocketWatch {
  pause(): void;
  resume(): void;
  close(): void;
}

export type ConnectorOpen = { ok: true; socket: ProcConnectorSocket } | { ok: false; reason: string };

/** What one non-blocking read gave: bytes, nothing waiting, or the kernel dropping messages (ENOBUFS). */
export type ReadResult = { kind: 'data'; length: number } | { kind: 'empty' } | { kind: 'overflow' } | { kind: 'error'; message: string };

/** What one batched read gave: `count` datagrams in the batch's slots, or why none. */
export type BatchResult =
  { kind: 'data'; count: number; drained: boolean } | { kind: 'empty' } | { kind: 'overflow' } | { kind: 'error'; message: string };

/** Datagrams per recvmmsg, and bytes per datagram: one proc connector message is 76 bytes. */
export const BATCH_DATAGRAMS = 128;
export const DATAGRAM_SLOT_BYTES = 512;
/** struct mmsghdr (LP64): msghdr of 56 bytes (name, namelen, iov, iovlen, control, controllen, flags), then msg_len. */
const MMSGHDR_BYTES = 64;
const MSG_IOV_AT = 16;
const MSG_IOVLEN_AT = 24;
const MSG_LEN_AT = 56;
const IOVEC_BYTES = 16;

/**
 * Up to BATCH_DATAGRAMS datagrams read by one recvmmsg: under a storm the connector sends a datagram per event, and
 * one call per datagram (a system call and an FFI crossing each) was most of what reading them cost. Datagram i lies
 * at data[i * DATAGRAM_SLOT_BYTES, + length(i)). The kernel writes through pointers into these buffers, which stay
 * where they are (an ArrayBuffer's memory does not move) for as long as this object holds them.
 */
export class DatagramBatch {
  readonly data = Buffer.alloc(BATCH_DATAGRAMS * DATAGRAM_SLOT_BYTES);
  readonly headers = Buffer.alloc(BATCH_DATAGRAMS * MMSGHDR_BYTES);
  private readonly iovecs = Buffer.alloc(BATCH_DATAGRAMS * IOVEC_BYTES);

  constructor(koffi: typeof Koffi) {
    const data = koffi.address(this.data);
    const iovecs = koffi.address(this.iovecs);
    for (let i = 0; i < BATCH_DATAGRAMS; i++) {
      this.iovecs.writeBigUInt64LE(data + BigInt(i * DATAGRAM_SLOT_BYTES), i * IOVEC_BYTES);
      this.iovecs.writeBigUInt64LE(BigInt(DATAGRAM_SLOT_BYTES), i * IOVEC_BYTES + 8);
      this.headers.writeBigUInt64LE(iovecs + BigInt(i * IOVEC_BYTES), i * MMSGHDR_BYTES + MSG_IOV_AT);
      this.headers.writeBigUInt64LE(1n, i * MMSGHDR_BYTES + MSG_IOVLEN_AT);
    }
  }

  length(i: number): number {
    return this.headers.readUInt32LE(i * MMSGHDR_BYTES + MSG_LEN_AT);
  }
}

export interface OpenOptions {
  /** SO_RCVBUF(FORCE) in bytes: large so a burst fits; small in a test that wants loss. */
  receiveBufferBytes: number;
}

export class ProcConnectorSocket {
  readonly fd: number;
  private readonly libc: Libc;
  private readonly koffi: typeof Koffi;
  private closed = false;

  constructor(fd: number, libc: Libc, koffi: typeof Koffi) {
    this.fd = fd;
    this.libc = libc;
    this.koffi = koffi;
  }

  /** Reads one datagram (it may hold several messages) into buffer without blocking. */
  read(buffer: Buffer): ReadResult {
    for (;;) {
      const n = this.libc.recv(this.fd, buffer, buffer.length, MSG_DONTWAIT);
      if (n >= 0) return { kind: 'data', length: Number(n) };
      const errno = this.koffi.errno();
      if (errno === EINTR) continue;
      if (errno === EAGAIN) return { kind: 'empty' };
      if (errno === ENOBUFS) return { kind: 'overflow' };
      return { kind: 'error', message: `recv on the proc connector failed: ${this.libc.strerror(errno)}` };
    }
  }

  /** A batch of buffers for readBatch, or null where recvmmsg is not bound (read one datagram at a time then). */
  batch(): DatagramBatch | null {
    return this.libc.recvmmsg ? new DatagramBatch(this.koffi) : null;
  }

  /** Reads every datagram waiting, up to the batch's size, in one call and without blocking. */
  readBatch(batch: DatagramBatch): BatchResult {
    for (;;) {
      const n = this.libc.recvmmsg!(this.fd, batch.headers, BATCH_DATAGRAMS, MSG_DONTWAIT, null);
      // Fewer than asked: the socket had no more, so the caller need not ask again (a call saved per wake-up).
      if (n >= 0) return n === 0 ? { kind: 'empty' } : { kind: 'data', count: n, drained: n < BATCH_DATAGRAMS };
      const errno = this.koffi.errno();
      if (errno === EINTR) continue;
      if (errno === EAGAIN) return { kind: 'empty' };
      if (errno === ENOBUFS) return { kind: 'overflow' };
      return { kind: 'error', message: `recvmmsg on the proc connector failed: ${this.libc.strerror(errno)}` };
    }
  }

  /** The receive buffer the kernel granted (it doubles what was asked, within its limits). */
  receiveBufferBytes(): number {
    const value = Buffer.alloc(4);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(4);
    return this.libc.getsockopt(this.fd, SOL_SOCKET, SO_RCVBUF, value, length) === 0 ? value.readInt32LE(0) : -1;
  }

  /**
   * Watches the socket on the calling thread's libuv loop (not its thread pool); null where koffi has no poller.
   * The watch is level-triggered: pause it while the data it announced waits to be read, or it fires again at once.
   */
  watch(onReadable: () => void): SocketWatch | null {
    const poll = this.koffi.node?.poll;
    if (typeof poll !== 'function') return null;
    const callback = (): void => onReadable();
    const handle = poll(this.fd, { readable: true }, callback);
    handle.unref();
    return {
      pause: () => handle.stop(),
      resume: () => handle.start({ readable: true }, callback),
      close: () => handle.close(),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.libc.close(this.fd);
  }
}

/** Opens, sizes, binds and subscribes a proc connector socket, or says why it cannot. */
export function openProcConnector(options: OpenOptions): ConnectorOpen {
  const b = bindings();
  if ('error' in b) return { ok: false, reason: b.error };
  const { libc, koffi } = b;
  const fail = (what: string, fd: number): ConnectorOpen => {
    const message = libc.strerror(koffi.errno());
    if (fd >= 0) libc.close(fd);
    return { ok: false, reason: `${what} failed: ${message}` };
  };
  const fd = libc.socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
  if (fd < 0) return fail('socket(AF_NETLINK, NETLINK_CONNECTOR)', -1);
  const size = Buffer.alloc(4);
  size.writeInt32LE(Math.max(4096, Math.min(options.receiveBufferBytes, 0x3fffffff)));
  // FORCE passes net.core.rmem_max for root (CAP_NET_ADMIN); otherwise the capped size is what we get.
  if (libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) !== 0) libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
  // Port id 0: the kernel picks a free one, so several sockets in one process (probe, sampler, CLI) never collide.
  const address = netlinkAddress(0, CN_IDX_PROC);
  if (libc.bind(fd, address, address.length) !== 0) return fail('bind to the proc connector group', fd);
  const listen = listenMessage(0);
  if (libc.send(fd, listen, listen.length, 0) !== listen.length) return fail('PROC_CN_MCAST_LISTEN', fd);
  return { ok: true, socket: new ProcConnectorSocket(fd, libc, koffi) };
}

/** CLOCK_BOOTTIME minus CLOCK_MONOTONIC in ns: what suspend added. Event stamps are monotonic, start times boot-based. */
export function bootMinusMonotonicNs(): bigint | null {
  const b = bindings();
  if ('error' in b) return null;
  const mono = Buffer.alloc(16);
  const boot = Buffer.alloc(16);
  if (b.libc.clock_gettime(CLOCK_MONOTONIC, mono) !== 0 || b.libc.clock_gettime(CLOCK_BOOTTIME, boot) !== 0) return null;
  const ns = (t: Buffer): bigint => t.readBigInt64LE(0) * 1_000_000_000n + t.readBigInt64LE(8);
  return ns(boot) - ns(mono);
}
