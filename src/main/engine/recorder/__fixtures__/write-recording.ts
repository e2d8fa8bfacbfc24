import type { EngineEvent } from '../../../../shared/events';
import { RecordingWriter, type RecordingWriterOptions } from '../writer';
import { SyntheticSession } from './synthetic-session';

export const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

/** Writes `ticks` ticks of the synthetic session to `path` and closes it; returns the batches written. */
export async function writeSynthetic(path: string, ticks: number, options: RecordingWriterOptions & { intervalMs?: number } = {}): Promise<EngineEvent[][]> {
  const intervalMs = options.intervalMs ?? 1000;
  const session = new SyntheticSession(T0, intervalMs);
  const writer = await RecordingWriter.create(path, { forkscopeVersion: '0.1.0-test', platform: 'linux', host: 'testhost', intervalMs, startedAt: T0 }, { clock: () => session.t, ...options });
  const batches: EngineEvent[][] = [];
  for (let i = 0; i < ticks; i++) {
    const batch = session.next();
    batches.push(batch);
    writer.record(batch);
    if (i === 3) writer.action({ t: session.t, command: 'supervisor:kill', request: { pid: 4242, startTime: 42_002, tree: false }, outcome: { ok: false, error: { kind: 'no-such-process', message: 'process 4242 (sleep) has exited' } } });
  }
  await writer.close();
  if (writer.error) throw new Error(writer.error.message);
  return batches;
}
