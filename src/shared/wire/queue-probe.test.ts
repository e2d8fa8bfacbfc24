import { describe, expect, it } from 'vitest';
import { parseProbeFile } from './queue-probe';

/** A probe file as the Python probe lays it out (see the layout in queue-probe.ts). */
function probeFile(
  queues: { id: string; kind: number; maxsize: number; counts: number[] }[],
  header: { magic?: string; version?: number; used?: number } = {},
): Uint8Array {
  const bytes = new Uint8Array(64 + 63 * 256);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(header.magic ?? 'FSQP'), 0);
  view.setUint32(4, header.version ?? 1, true);
  view.setUint32(8, 4242, true);
  view.setUint32(12, header.used ?? queues.length, true);
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
    expect(parseProbeFile(probeFile([], { version: 2 }))).toMatchObject({ ok: false, error: 'queue probe version 2; this Forkscope reads 1' });
    expect(parseProbeFile(probeFile([], { used: 64 }))).toMatchObject({ ok: false, error: 'claims 64 queues, more than the file holds' });
  });
});
