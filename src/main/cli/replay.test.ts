import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { appRoot } from '../paths';
import { waitFor } from '../test-support/wait-for';

const bin = join(appRoot(), 'bin', 'forkscope.js');
const folder = mkdtempSync(join(tmpdir(), 'forkscope-replay-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const forkscope = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('forkscope run --record, then forkscope replay', () => {
  const file = join(folder, 'zombie.fsrec.gz');

  it('records a zombie and summarises it with its parent, and exports Perfetto JSON and CSV', () => {
    const run = forkscope(['run', '--interval', '200', '--record', file, '--', 'sh', '-c', 'sleep 0.5 & exec sleep 2']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/recorded \d+ records to .*zombie\.fsrec\.gz/);

    const summary = forkscope(['replay', file, '--summary', '--json']);
    expect(summary.status).toBe(0);
    const parsed = JSON.parse(summary.stdout) as {
      complete: boolean;
      zombies: Array<{ name: string; parentName: string | null; reapedDt: number | null }>;
    };
    expect(parsed.complete).toBe(true);
    // The whole machine is recorded, so other zombies may be there too. The parent is the shell that
    // exec'd sleep: seen as sh or as sleep, depending on when it was first sampled.
    expect(parsed.zombies).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'sleep', parentName: expect.stringMatching(/^(sh|sleep)$/) })]),
    );

    const trace = join(folder, 'trace.json');
    const csv = join(folder, 'events.csv');
    const exported = forkscope(['replay', file, '--perfetto', trace, '--csv', csv]);
    expect(exported.status).toBe(0);
    const traceEvents = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: Array<{ ph: string; name: string }> }).traceEvents;
    expect(traceEvents.some((e) => e.ph === 'X')).toBe(true);
    expect(traceEvents.some((e) => e.ph === 'M' && e.name === 'process_name')).toBe(true);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('time_offset_ms,type,pid,name,ppid,details');
    expect(readFileSync(csv, 'utf8')).toMatch(/became-zombie,\d+,sleep/);
  });

  it('serve --replay shows the recording: the session stream says so, and a live action is refused with the reason', async () => {
    const serve = spawn(process.execPath, [bin, 'serve', '--port', '0', '--replay', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      serve.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const url = new URL(await waitFor('serve to print its URL', () => /http:\/\/\S+/.exec(out)?.[0], 20_000));
      const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
      const messages: Array<Record<string, unknown>> = [];
      ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'subscribe', stream: 'session:status' }));
      ws.send(JSON.stringify({ type: 'call', id: 1, command: 'supervisor:spawn', request: { workload: 'sleep' } }));
      const status = await waitFor('the session status', () => messages.find((m) => m.type === 'event' && m.stream === 'session:status'), 10_000);
      expect(status.payload).toMatchObject({ replay: { path: file, complete: true, positionMs: 0 }, recording: null });
      const refused = await waitFor('the refused spawn', () => messages.find((m) => m.type === 'result' && m.id === 1), 10_000);
      expect(refused.result).toMatchObject({ ok: false, error: { kind: 'refused', message: expect.stringMatching(/replay of zombie\.fsrec\.gz/) } });
      ws.close();
    } finally {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
  });

  it('says which problem a file has: not a recording, missing, or from a newer Forkscope', () => {
    const text = join(folder, 'notes.txt');
    writeFileSync(text, 'hello\n');
    expect(forkscope(['replay', text])).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a Forkscope recording/) });
    expect(forkscope(['replay', join(folder, 'missing.fsrec.gz')])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/there is no such file/),
    });
    const newer = join(folder, 'newer.ndjson');
    writeFileSync(
      newer,
      `${JSON.stringify({ kind: 'header', format: 'forkscope-recording', version: 9, forkscopeVersion: '9.0.0', platform: 'linux', host: 'h', startedAt: 0, intervalMs: 1000 })}\n`,
    );
    expect(forkscope(['replay', newer])).toMatchObject({ status: 2, stderr: expect.stringMatching(/version 9 is newer/) });
  });
});

describe('forkscope serve --record killed with SIGKILL', () => {
  it('leaves a recording that opens up to its last complete record, with a notice that it was cut short', async () => {
    const file = join(folder, 'killed.fsrec.gz');
    const serve = spawn(process.execPath, [bin, 'serve', '--port', '0', '--interval', '200', '--record', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    serve.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor('serve to print its URL', () => out.includes('http://'), 20_000);
    // Let it record a few ticks (each flushed as it is written), then kill it without warning.
    await waitFor(
      'a few seconds of recording',
      () => {
        const summary = forkscope(['replay', file, '--json']);
        return summary.status === 0 && (JSON.parse(summary.stdout) as { records: number }).records >= 10;
      },
      20_000,
    );
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGKILL');
    await exited;
    const summary = forkscope(['replay', file, '--json']);
    expect(summary.status).toBe(0);
    expect(summary.stderr).toMatch(/cut short/);
    expect(JSON.parse(summary.stdout)).toMatchObject({ complete: false });
  });

  it('serve --replay refuses a file that is not a recording before it listens', () => {
    const text = join(folder, 'notes2.txt');
    writeFileSync(text, '{"a":1}\n');
    const result = forkscope(['serve', '--port', '0', '--replay', text]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not a Forkscope recording/);
  });
});
