import { describe, expect, it } from 'vitest';
import { decodeMessages, encodeFrame, encodeMessages, FrameReader, FrameType, HEADER_BYTES, measureRecords, MessageLedger, WireError } from './queue';

describe('queue wire protocol', () => {
  it('round-trips a batch of messages through frames split at every byte', () => {
    const messages = [0, 1, 2].map((seq) => ({ producer: 7, seq, sentAt: 1_795_000_000_000.25 + seq, payload: new Uint8Array(seq * 3).fill(seq) }));
    const bytes = encodeMessages(FrameType.put, messages);
    const reader = new FrameReader();
    const frames = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...reader.push(bytes.subarray(i, i + 1)));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.type).toBe(FrameType.put);
    expect(decodeMessages(frames[0]!.payload)).toEqual(messages);
  });

  it('refuses a frame that is not this protocol or this version, naming why', () => {
    expect(() => new FrameReader().push(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/bad magic/);
    const frame = encodeFrame(FrameType.done);
    frame[2] = 9;
    expect(() => new FrameReader().push(frame)).toThrow(WireError);
    expect(() => new FrameReader().push(frame)).toThrow(/version 9/);
  });

  it('tells one lost plus one duplicated message from exactly once', () => {
    const sent = new MessageLedger();
    const received = new MessageLedger();
    const faulty = new MessageLedger();
    for (let seq = 0; seq < 1000; seq++) {
      sent.add(1, seq);
      received.add(1, seq);
      if (seq !== 500) faulty.add(1, seq); // 500 lost
    }
    faulty.add(1, 10); // 10 duplicated: the count matches again
    expect(received.sum).toBe(sent.sum);
    expect(faulty.count).toBe(sent.count);
    expect(faulty.sum).not.toBe(sent.sum);
  });

  it('merges ledgers from several consumers into one total', () => {
    const all = new MessageLedger();
    const a = new MessageLedger();
    const b = new MessageLedger();
    for (let seq = 0; seq < 100; seq++) {
      all.add(2, seq);
      (seq % 2 ? a : b).add(2, seq);
    }
    const total = new MessageLedger();
    total.merge(a);
    total.merge(b);
    expect(total.sum).toBe(all.sum);
    expect(total.count).toBe(100);
  });
});

describe('measuring records in place', () => {
  it('counts the records of a batch, or measures the first n, and refuses a batch they do not tile', () => {
    const frame = encodeMessages(
      2,
      [0, 1, 2].map((seq) => ({ producer: 7, seq, sentAt: 1, payload: new Uint8Array(seq + 1) })),
    );
    const payload = frame.subarray(HEADER_BYTES);
    expect(measureRecords(payload)).toEqual({ count: 3, bytes: payload.length });
    expect(measureRecords(payload, 2)).toEqual({ count: 2, bytes: 20 + 1 + 20 + 2 });
    expect(() => measureRecords(payload.subarray(0, payload.length - 1))).toThrow(WireError);
    expect(() => measureRecords(payload.subarray(0, 10))).toThrow(/cut short at byte 0/);
  });
});
