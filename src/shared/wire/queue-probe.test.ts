import { describe, expect, it } from 'vitest';
import { parseProbeFile, PROBE_FILE_BYTES } from './queue-probe';

/** A probe file as the Python probe lays it out (see the layout in queue-probe.ts). */
function probeFile(
  queues: { id: string; kind: number; maxsize: number; counts: number[] }[],
  header: { magic?: string; version?: number; used?: number; objects?: number } = {},
): Uint8Array {
  const bytes = new Uint8Array(PROBE_FILE_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(header.magic ?? 'FSQP'), 0);
  view.setUint32(4, header.version ?? 2, true);
  view.setUint32(8, 4242, true);
  view.setUint32(12, header.used ?? queues.length, true);
  view.setUint32(16, header.objects ?? 0, true);
  view.setUint32(20, 1024, true);
  queues.forEach((q, i) => {
    const at = 64 + i * 256;
    const id = new TextEncoder().encode(q.id);
    view.setUint16(at, id.length, true);
    view.setUint8(at + 2, q.kind);
    view.setUint32(at + 4, q.maxsize, true);
    q.counts.forEach((c, n) => view.setBigUint64(at + 8 * (n + 1), BigInt(c), true));
    bytes.set(id, at + 72);
  });
  return bytes;
}

describe('queue probe files', () => {
  it('reads every slot the header counts', () => {
    const parsed = parseProbeFile(
      probeFile([
        { id: 'app.py:12', kind: 0, maxsize: 3, counts: [10, 9, 0, 1, 0, 2, 0] },
        { id: 'app.py:13#2 ✓', kind: 1, maxsize: 0, counts: [5, 5, 5, 0, 1, 0, 3] },
      ]),
    );
    expect(parsed).toEqual({
      ok: true,
      pid: 4242,
      objects: [],
      events: [],
      queues: [
        { id: 'app.py:12', kind: 'Queue', maxsize: 3, puts: 10, gets: 9, taskDone: 0, putting: 1, getting: 0, raisedFull: 2, raisedEmpty: 0 },
        {
          id: 'app.py:13#2 ✓',
          kind: 'JoinableQueue',
          maxsize: 0,
          puts: 5,
          gets: 5,
          taskDone: 5,
          putting: 0,
          getting: 1,
          raisedFull: 0,
          raisedEmpty: 3,
        },
      ],
    });
  });

  it('names what is wrong with a file that breaks the layout', () => {
    expect(parseProbeFile(new Uint8Array(10))).toEqual({ ok: false, error: '10 bytes is shorter than the 64-byte header' });
    expect(parseProbeFile(probeFile([], { magic: 'ELF!' }))).toMatchObject({ ok: false, error: expect.stringMatching(/not a queue probe file/) });
    expect(parseProbeFile(probeFile([], { version: 1 }))).toMatchObject({ ok: false, error: 'queue probe version 1; this Forkscope reads 2' });
    expect(parseProbeFile(probeFile([], { objects: 193 }))).toMatchObject({
      ok: false,
      error: 'claims 193 objects and 1024 events, more than the file holds',
    });
    expect(parseProbeFile(probeFile([]).subarray(0, 20_000))).toMatchObject({ ok: false, error: expect.stringMatching(/more than the file holds/) });
    expect(parseProbeFile(probeFile([], { used: 64 }))).toMatchObject({ ok: false, error: 'claims 64 queues, more than the file holds' });
  });

  it('reads object slots and takes only the ring entries whose two sequence words agree', () => {
    const bytes = probeFile([], { objects: 1 });
    const view = new DataView(bytes.buffer);
    const at = 16384;
    const label = new TextEncoder().encode('Process-1\x1f__main__.work\x1fapp.py:3');
    view.setUint16(at, label.length, true);
    view.setUint8(at + 2, 2);
    view.setUint8(at + 3, 5);
    view.setUint32(at + 4, 777, true);
    view.setBigInt64(at + 8 * 9, -15n, true);
    bytes.set(label, at + 128);
    const entry = (i: number, seq: number, last: number, kind: number): void => {
      const e = 65536 + i * 48;
      view.setBigUint64(e, BigInt(seq), true);
      view.setBigUint64(e + 8, 1_700_000_000_000_000_000n, true);
      view.setUint32(e + 16, kind, true);
      view.setUint32(e + 20, i === 2 ? 0xffffffff : 0, true);
      view.setBigInt64(e + 24, 777n, true);
      view.setBigInt64(e + 32, -15n, true);
      view.setBigUint64(e + 40, BigInt(last), true);
    };
    entry(1, 1026, 1026, 6); // the newer one, in the slot of the oldest
    entry(0, 1025, 0, 3); // being written: skipped
    entry(2, 3, 3, 1);
    const parsed = parseProbeFile(bytes);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.objects).toEqual([
      {
        index: 0,
        kind: 2,
        flags: 5,
        extra: 777,
        words: [0, 0, 0, 0, 0, 0, 0, 0, -15, 0, 0, 0, 0, 0, 0],
        label: 'Process-1\x1f__main__.work\x1fapp.py:3',
      },
    ]);
    expect(parsed.events).toEqual([
      { seq: 3, t: 1_700_000_000_000, kind: 1, slot: -1, a: 777, b: -15 },
      { seq: 1026, t: 1_700_000_000_000, kind: 6, slot: 0, a: 777, b: -15 },
    ]);
  });
});
