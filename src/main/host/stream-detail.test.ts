import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EngineEvent } from '../../shared/events';
import { call, valueOf } from '../test-support/call';
import { waitFor } from '../test-support/wait-for';
import { Engine } from '../engine/engine';
import { openRecording } from '../engine/recorder/reader';
import { startHost, type RunningHost } from './server';
import { summaryPayload } from './stream-detail';

let engine: Engine;
let host: RunningHost;
let busy: ChildProcess;
const folder = mkdtempSync(join(tmpdir(), 'forkscope-detail-'));

beforeAll(async () => {
  engine = new Engine({ shell: 'host', intervalMs: 200 });
  host = await startHost({ engine, port: 0 });
  // A process that uses CPU every tick, so each full sample has a change of its cpuPercent.
  busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => busy.once('spawn', resolve).once('error', reject));
});

afterAll(async () => {
  busy.kill('SIGKILL');
  await host.close();
  await engine.close();
  rmSync(folder, { recursive: true, force: true });
});

function client(): { ws: WebSocket; events: EngineEvent[]; opened: Promise<void> } {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`);
  const events: EngineEvent[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; stream?: string; payload?: { events?: EngineEvent[] } };
    if (message.stream === 'engine:events') events.push(...(message.payload?.events ?? []));
  });
  const opened = new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  return { ws, events, opened };
}

const metricsOf = (events: EngineEvent[], pid: number) =>
  events
    .filter((e) => e.type === 'sample')
    .flatMap((e) => (e.type === 'sample' ? e.changes.filter((c) => c.pid === pid && c.cpuPercent !== undefined) : []));

describe('a hidden view asks for less', () => {
  it('gets the header and lifecycle, not metrics, while a recording keeps every sample; shown again, it gets the table and metrics', async () => {
    const view = client();
    await view.opened;
    view.ws.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events', detail: 'summary' }));
    await waitFor('the table it starts from', () => view.events.some((e) => e.type === 'keyframe'), 20_000);
    const file = join(folder, 'hidden.fsrec.gz');
    valueOf(await call(engine, 'recorder:start', { path: file }));
    // A process that starts and ends while the view is hidden: its lifecycle still reaches it.
    const short = spawn('sleep', ['0.5'], { stdio: 'ignore' });
    await new Promise((resolve) => short.once('exit', resolve));
    const systems = () => view.events.filter((e) => e.type === 'system').length;
    await waitFor('ten ticks of the system header', () => systems() >= 10, 20_000);
    await waitFor('the short process started and ended', () =>
      ['started', 'ended'].every((type) =>
        view.events.some((e) => e.type === type && (e.type === 'started' ? e.process.pid : (e as { pid: number }).pid) === short.pid),
      ),
    );
    expect(metricsOf(view.events, busy.pid!)).toEqual([]);
    valueOf(await call(engine, 'recorder:stop', {}));
    const recording = await openRecording(file);
    const recorded = recording.ok ? recording.value.records.flatMap((r) => (r.kind === 'event' ? [r.event] : [])) : [];
    expect(metricsOf(recorded, busy.pid!).length).toBeGreaterThan(3);

    // Shown: a keyframe of the live table, then the busy process's CPU tick by tick.
    const from = view.events.length;
    view.ws.send(JSON.stringify({ type: 'subscribe', stream: 'engine:events', detail: 'full' }));
    await waitFor('the live table', () =>
      view.events.slice(from).some((e) => e.type === 'keyframe' && e.snapshot.processes.some((p) => p.pid === busy.pid)),
    );
    await waitFor('the busy process CPU again', () => metricsOf(view.events.slice(from), busy.pid!).length >= 2, 20_000);
    view.ws.close();
  });

  it('keeps, of a sample, the orphan and exec changes alone, and drops a batch left empty', () => {
    const t = 1;
    const payload = {
      events: [
        {
          type: 'system',
          t,
          system: {
            cpuPerCore: [1],
            memTotalBytes: 1,
            memAvailableBytes: 1,
            swapTotalBytes: 0,
            swapFreeBytes: 0,
            loadAverage: [0, 0, 0],
            uptimeSeconds: 1,
          },
        },
        {
          type: 'sample',
          t,
          changes: [
            { pid: 1, startTime: 2, cpuPercent: 5 },
            { pid: 3, startTime: 4, cpuPercent: 1, orphan: true, name: 'x' },
          ],
        },
      ] as EngineEvent[],
    };
    expect(summaryPayload(payload)!.events).toEqual([
      payload.events[0],
      { type: 'sample', t, changes: [{ pid: 3, startTime: 4, orphan: true, name: 'x' }] },
    ]);
    expect(summaryPayload({ events: [{ type: 'sample', t, changes: [{ pid: 1, startTime: 2, rssBytes: 9 }] }] })).toBeNull();
  });
});
