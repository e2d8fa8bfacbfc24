import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { supervisorPerTest } from './__fixtures__/per-test';
import { readProcess, readProcessTable } from '../sampler';
import { workloadCommand } from './workloads';

const each = supervisorPerTest();
const linux = process.platform === 'linux';
if (!linux) console.log('workload names test skipped: thread ids and /proc/PID/comm are Linux notions; this is', process.platform);

describe('built-in workloads', () => {
  it('run to their normal end', async () => {
    const children = [
      ...(await each.supervisor.spawn({ workload: 'sleep', args: ['0.1'] })),
      ...(await each.supervisor.spawn({ workload: 'cpu-burn', args: ['0.2'] })),
      ...(await each.supervisor.spawn({ workload: 'memory-hog', args: ['8', '0.2'] })),
      ...(await each.supervisor.spawn({ workload: 'fork-tree', args: ['1', '2', '0.3'] })),
      ...(await each.supervisor.spawn({ workload: 'zombie-maker', args: ['2', '0.3'] })),
    ];
    for (const child of children) expect(await each.supervisor.join(child, 10_000), child.args.join(' ')).toMatchObject({ timedOut: false, code: 0 });
  });

  it('orphan-maker leaves a running child behind', async () => {
    const [maker] = await each.supervisor.spawn({ workload: 'orphan-maker', args: ['5', '0.1'] });
    const orphan = await waitFor('its child', () => readProcessTable().find((p) => p.ppid === maker!.pid && p.cmd.includes('sleep.js')));
    each.started.push(orphan);
    expect(await each.supervisor.join(maker!, 5000)).toMatchObject({ timedOut: false, code: 0 });
    await waitFor('the orphan re-parented and still running', () => {
      const now = readProcess(orphan.pid);
      return now?.startTime === orphan.startTime && now.ppid !== maker!.pid && now.state !== 'zombie';
    });
  });

  it('crash exits with the code or signal asked for', async () => {
    const [byCode] = await each.supervisor.spawn({ workload: 'crash', args: ['42', '0'] });
    const [bySignal] = await each.supervisor.spawn({ workload: 'crash', args: ['SIGTERM', '0'] });
    expect(await each.supervisor.join(byCode!)).toMatchObject({ code: 42, signal: null });
    expect(await each.supervisor.join(bySignal!)).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('refuses arguments that would swamp the machine, and unknown names', () => {
    expect(() => workloadCommand('fork-tree', ['10', '10'], '/w')).toThrow(/more than 256 processes/);
    expect(() => workloadCommand('memory-hog', ['lots'], '/w')).toThrow(/whole number/);
    expect(() => workloadCommand('nope', [], '/w')).toThrow(/no built-in workload named "nope"/);
  });

  it.skipIf(!linux)('name their processes after themselves, as the table and ps show them, keeping the command line', async () => {
    const runs: Array<[string, string[]]> = [
      ['sleep', ['30']],
      ['cpu-burn', ['30']],
      ['memory-hog', ['4', '30']],
      ['fork-tree', ['1', '1', '30']],
      ['orphan-maker', ['30', '30']],
      ['crash', ['3', '30000']],
    ];
    const pids = new Map<string, number>();
    for (const [workload, args] of runs) {
      const [child] = await each.supervisor.spawn({ workload, args });
      pids.set(workload, child!.pid);
      const row = await waitFor(`${workload} named in the table`, () => {
        const now = readProcess(child!.pid);
        return now?.name === workload ? now : undefined;
      });
      expect(row.cmd, workload).toContain(`${workload}.js ${args.join(' ')}`);
      expect(execFileSync('ps', ['-o', 'comm=', '-p', String(child!.pid)], { encoding: 'utf8' }).trim(), workload).toBe(workload);
    }
    // A fork-tree's child and orphan-maker's child (a sleep) are named too.
    const childNames = (parent: string) =>
      readProcessTable()
        .filter((p) => p.ppid === pids.get(parent))
        .map((p) => p.name);
    await waitFor('the fork-tree child named', () => childNames('fork-tree').includes('fork-tree'));
    await waitFor("orphan-maker's child named sleep", () => childNames('orphan-maker').includes('sleep'));
  });
});
