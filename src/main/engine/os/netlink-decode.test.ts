import { describe, expect, it } from 'vitest';
import { SequenceGaps } from '../lifecycle/sequence-gaps';
import { decodeBatch, decodeWaitStatus, listenMessage, NLMSG_DONE, NLMSG_OVERRUN, PROC_EVENT } from './netlink-decode';

/** One netlink message laid out as cn_proc.h says, field by field (not through the decoder's own offsets). */
function message(what: number, fields: number[], options: { cpu?: number; seq?: number; ts?: bigint; comm?: string; type?: number } = {}): Buffer {
  const data = Buffer.alloc(40);
  data.writeUInt32LE(what >>> 0, 0);
  data.writeUInt32LE(options.cpu ?? 0, 4);
  data.writeBigUInt64LE(options.ts ?? 123_456_789n, 8);
  fields.forEach((value, index) => data.writeInt32LE(value | 0, 16 + 4 * index));
  if (options.comm !== undefined) data.write(options.comm, 24, 'utf8');
  const cn = Buffer.alloc(20);
  cn.writeUInt32LE(1, 0); // CN_IDX_PROC
  cn.writeUInt32LE(1, 4); // CN_VAL_PROC
  cn.writeUInt32LE(options.seq ?? 0, 8);
  cn.writeUInt16LE(data.length, 16);
  const nl = Buffer.alloc(16);
  nl.writeUInt32LE(16 + cn.length + data.length, 0);
  nl.writeUInt16LE(options.type ?? NLMSG_DONE, 4);
  return Buffer.concat([nl, cn, data]);
}

describe('proc connector decoding', () => {
  it('decodes a datagram at an offset of a batch buffer into a shared array, as a recvmmsg slot is', () => {
    const first = message(PROC_EVENT.FORK, [100, 100, 101, 101], { cpu: 0, seq: 1 });
    const second = message(PROC_EVENT.EXIT, [101, 101, 0, 17, 100, 100], { cpu: 0, seq: 2 });
    const slots = Buffer.alloc(1024);
    first.copy(slots, 0);
    second.copy(slots, 512);
    const events: ReturnType<typeof decodeBatch>['events'] = [];
    decodeBatch(slots, first.length, 0, events);
    const { overrun } = decodeBatch(slots, second.length, 512, events);
    expect(overrun).toBe(false);
    expect(events.map((e) => [e.kind, e.seq])).toEqual([
      ['fork', 1],
      ['exit', 2],
    ]);
    // A slot read short (a cut datagram) is an overrun, never read past its end.
    expect(decodeBatch(slots, second.length - 4, 512).overrun).toBe(true);
  });

  it('reads fork, exec, exit, comm, sid, uid and the ack from one datagram', () => {
    const buffer = Buffer.concat([
      message(PROC_EVENT.NONE, [0], { seq: 0 }),
      message(PROC_EVENT.FORK, [100, 100, 101, 101], { cpu: 1, seq: 7, ts: 9_000_000_000n }),
      message(PROC_EVENT.EXEC, [101, 101], { cpu: 1, seq: 8 }),
      message(PROC_EVENT.COMM, [101, 101], { seq: 1, comm: 'worker-1' }),
      message(PROC_EVENT.SID, [101, 101], { seq: 2 }),
      message(PROC_EVENT.UID, [101, 101, 1000, 0], { seq: 3 }),
      message(PROC_EVENT.EXIT, [101, 101, 3 << 8, 17, 100, 100], { seq: 4 }),
    ]);
    const { events, overrun, skipped } = decodeBatch(buffer, buffer.length);
    expect(overrun).toBe(false);
    expect(skipped).toBe(0);
    expect(events.map((e) => e.kind)).toEqual(['ack', 'fork', 'exec', 'comm', 'sid', 'uid', 'exit']);
    expect(events[1]).toMatchObject({ parentPid: 100, parentTgid: 100, childPid: 101, childTgid: 101, cpu: 1, seq: 7, timestampNs: 9_000_000_000n });
    expect(events[3]).toMatchObject({ kind: 'comm', comm: 'worker-1' });
    expect(events[5]).toMatchObject({ kind: 'uid', real: 1000, effective: 0 });
    expect(events[6]).toMatchObject({ kind: 'exit', pid: 101, status: 768, exitSignal: 17, parentPid: 100 });
  });

  it('tells a thread from a process by pid and tgid', () => {
    const buffer = message(PROC_EVENT.FORK, [200, 200, 205, 200]);
    const [event] = decodeBatch(buffer, buffer.length).events;
    expect(event).toMatchObject({ kind: 'fork', childPid: 205, childTgid: 200 });
  });

  it('stops at a cut message and reports the overrun instead of reading past the data', () => {
    const whole = Buffer.concat([message(PROC_EVENT.EXEC, [1, 1]), message(PROC_EVENT.EXEC, [2, 2])]);
    const cut = decodeBatch(whole, whole.length - 10);
    expect(cut.events).toHaveLength(1);
    expect(cut.overrun).toBe(true);
    const overrun = message(PROC_EVENT.EXEC, [3, 3], { type: NLMSG_OVERRUN });
    expect(decodeBatch(overrun, overrun.length).overrun).toBe(true);
  });

  it('skips messages of other connector users', () => {
    const other = message(PROC_EVENT.EXEC, [1, 1]);
    other.writeUInt32LE(7, 16); // another connector index
    expect(decodeBatch(other, other.length)).toMatchObject({ events: [], skipped: 1 });
  });

  it('decodes the exit field as a wait status, not as the exit_signal sent to the parent', () => {
    expect(decodeWaitStatus(0)).toEqual({ code: 0, signal: null, core: false });
    expect(decodeWaitStatus(42 << 8)).toEqual({ code: 42, signal: null, core: false });
    expect(decodeWaitStatus(15)).toEqual({ code: null, signal: 'SIGTERM', core: false });
    expect(decodeWaitStatus(11 | 0x80)).toEqual({ code: null, signal: 'SIGSEGV', core: true });
  });

  it('builds the PROC_CN_MCAST_LISTEN message as the header lays it out', () => {
    const b = listenMessage(0);
    expect(b.length).toBe(40);
    expect(b.readUInt32LE(0)).toBe(40);
    expect(b.readUInt16LE(4)).toBe(NLMSG_DONE);
    expect([b.readUInt32LE(16), b.readUInt32LE(20), b.readUInt16LE(32), b.readUInt32LE(36)]).toEqual([1, 1, 4, 1]);
  });
});

describe('losses from the per-CPU sequence numbers', () => {
  it('counts each CPU gap once and nothing for the first message of a CPU', () => {
    const gaps = new SequenceGaps();
    expect([gaps.note(0, 10), gaps.note(1, 500), gaps.note(0, 11), gaps.note(0, 15), gaps.note(1, 501), gaps.note(1, 503)]).toEqual([
      0, 0, 0, 3, 0, 1,
    ]);
    expect(gaps.lost).toBe(4);
  });

  it('counts across the u32 wrap and not for a counter that went back', () => {
    const gaps = new SequenceGaps();
    gaps.note(0, 0xfffffffe);
    expect(gaps.note(0, 1)).toBe(2);
    expect(gaps.note(0, 0)).toBe(0);
  });
});
