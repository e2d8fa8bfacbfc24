import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processKey } from '../../../shared/model';
import { LinuxProcessReader, linuxSystemFacts } from './linux';
import { SamplingSession } from './session';
import type { ProcessRow } from './types';

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore' });
  started.push(child);
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  return child;
}

/** `ps` is the independent oracle: the same fields for the same pids, as procps reads and prints them. */
type PsRow = Record<'pid' | 'ppid' | 'pgid' | 'sid' | 'ni' | 'priority' | 'vsz' | 'rss' | 'nlwp' | 'stat' | 'time', string>;
function ps(pids: number[]): Map<number, PsRow> {
  const columns = ['pid', 'ppid', 'pgid', 'sid', 'ni', 'priority', 'vsz', 'rss', 'nlwp', 'stat', 'time'];
  const text = execFileSync('ps', ['-o', columns.join(','), '--no-headers', '-p', pids.join(',')], { encoding: 'utf8' });
  const rows = new Map<number, PsRow>();
  for (const line of text.trim().split('\n')) {
    const values = line.trim().split(/\s+/);
    rows.set(Number(values[0]), Object.fromEntries(columns.map((c, i) => [c, values[i]!])) as PsRow);
  }
  return rows;
}

/** ps's TIME ([DD-]HH:MM:SS, whole seconds, rounded down) from a cumulative CPU time in ms. */
function psTime(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

describe("htop's columns from /proc, against ps", () => {
  it('PPID, PGID, SID, NI, PRI, VIRT, RES, threads, state letter and TIME+ agree with ps for the same processes', async () => {
    const niced = await start('nice', ['-n', '7', 'sleep', '30']);
    // Spends 1.2 s of CPU (however long that takes on a busy machine), then sleeps: its TIME stays put for the comparison.
    const busy = await start(process.execPath, ['-e', 'while (process.cpuUsage().user < 1.2e6); setInterval(() => {}, 1000)']);
    const pids = [process.pid, niced.pid!, busy.pid!];
    const probe = new LinuxProcessReader();
    for (let i = 0; i < 200 && (probe.readOne(busy.pid!)?.state !== 'sleeping' || probe.readOne(busy.pid!)!.cpuTimeMs! < 1200); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rows = new LinuxProcessReader().read().filter((r) => pids.includes(r.pid));
    const oracle = ps(pids);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const expected = oracle.get(row.pid)!;
      const label = `pid ${row.pid}`;
      expect(String(row.ppid), label).toBe(expected.ppid);
      expect(String(row.pgid), label).toBe(expected.pgid);
      expect(String(row.sid), label).toBe(expected.sid);
      expect(String(row.nice), label).toBe(expected.ni);
      expect(String(row.priority), label).toBe(expected.priority);
      // This test's own process allocates and runs between the two reads: its sizes, threads and state are compared on the children.
      if (row.pid !== process.pid) {
        expect(String(Math.floor(row.virtBytes! / 1024)), label).toBe(expected.vsz);
        // Node's heap moves on its own; a sleeping sleep's does not, but stat's resident count lags status's (ps's)
        // by the pages the kernel still caches per thread (SPLIT_RSS_COUNTING, up to 64 page faults' worth).
        if (row.pid === niced.pid) expect(Math.abs(row.rssBytes! / 1024 - Number(expected.rss)), label).toBeLessThanOrEqual(64 * 4 + 4);
        expect(String(row.threads), label).toBe(expected.nlwp);
        expect(expected.stat.startsWith(row.stateLetter!), `${label}: ${row.stateLetter} vs ${expected.stat}`).toBe(true);
      } else expect(row.stateLetter).toBe('R');
      if (row.pid === busy.pid) expect(psTime(row.cpuTimeMs!), label).toBe(expected.time);
    }
    expect(rows.find((r) => r.pid === niced.pid)).toMatchObject({ nice: 7, priority: 27 });
    expect(rows.find((r) => r.pid === busy.pid)!.cpuTimeMs).toBeGreaterThan(1000);
  });

  it('reads statm and io only for the rows asked for, and SHR agrees with statm', async () => {
    const child = await start('sleep', ['30']);
    const reader = new LinuxProcessReader();
    const target = reader.readOne(child.pid!)!;
    const rows = reader.read({ shr: true, io: true, rows: new Set([processKey(target)]) });
    const mine = rows.find((r) => r.pid === child.pid)!;
    const shared = Number(execFileSync('cat', [`/proc/${child.pid}/statm`], { encoding: 'utf8' }).split(' ')[2]);
    expect(mine.shrBytes).toBe(shared * linuxSystemFacts().pageSize);
    expect(mine.ioReadBytes).toEqual(expect.any(Number));
    expect(mine.ioWriteBytes).toEqual(expect.any(Number));
    const others = rows.filter((r) => r.pid !== child.pid);
    expect(others.length).toBeGreaterThan(0);
    // Not asked: not read (the field is absent, not zero).
    expect(others.filter((r) => 'shrBytes' in r || 'ioReadBytes' in r)).toEqual([]);
    expect(reader.read().filter((r: ProcessRow) => 'shrBytes' in r || 'ioReadBytes' in r)).toEqual([]);
  });

  it('a session sends a column only while it is demanded, and gives I/O write rates of a process writing to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkscope-io-'));
    dirs.push(dir);
    const file = join(dir, 'out');
    // Writes and syncs 1 MiB every 100 ms: storage writes that /proc/PID/io counts as write_bytes.
    const writer = await start(process.execPath, [
      '-e',
      `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(file)}, 'w'); const b = Buffer.alloc(1 << 20, 1);
       setInterval(() => { fs.writeSync(fd, b, 0, b.length, 0); fs.fsyncSync(fd); }, 100);`,
    ]);
    const session = new SamplingSession(new LinuxProcessReader(), { platform: 'linux', reaperPids: new Set([1]), keyframeEvery: 1000 });
    const first = session.tick().snapshot.processes.find((p) => p.pid === writer.pid)!;
    expect(first).not.toHaveProperty('nice');
    expect(first).not.toHaveProperty('ioWriteBps');
    session.setDemand({ columns: ['nice', 'io'], rows: [processKey(first)] });
    // The first tick with io demanded has one reading; from the second on there is a rate. Disk writes land in bursts.
    let tick = session.tick();
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      tick = session.tick();
      if ((tick.snapshot.processes.find((p) => p.pid === writer.pid)?.ioWriteBps ?? 0) > 100_000) break;
    }
    const row = tick.snapshot.processes.find((p) => p.pid === writer.pid)!;
    expect(row).toMatchObject({ nice: 0, ioReadable: true });
    expect(row.ioWriteBps).toBeGreaterThan(100_000);
    const change = tick.events.flatMap((e) => (e.type === 'sample' ? e.changes : [])).find((c) => c.pid === writer.pid);
    expect(change?.ioWriteBps).toBe(row.ioWriteBps);
    // A row not in view: its cheap column is there, its per-row one is not read.
    const other = tick.snapshot.processes.find((p) => p.pid === process.pid)!;
    expect(other.nice).toEqual(expect.any(Number));
    expect(other).not.toHaveProperty('ioWriteBps');
    session.setDemand({ columns: [], rows: [] });
    const hidden = session.tick().snapshot.processes.find((p) => p.pid === writer.pid)!;
    expect(hidden).not.toHaveProperty('nice');
    expect(hidden).not.toHaveProperty('ioWriteBps');
  });
});
