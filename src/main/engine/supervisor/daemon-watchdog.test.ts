import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { descendantsOf } from '../../../shared/analysis/tree';
import { readProcess, readProcessTable } from '../sampler';
import { isAlive, killLeftovers, watchdogOf, type Identity } from './__fixtures__/alive';
import { startOwner, type Owner } from './__fixtures__/run-owner';
import { Supervisor } from './supervisor';

const started: Identity[] = [];
const owners: Owner[] = [];
let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.dispose(200);
  supervisor = undefined;
  for (const owner of owners.splice(0)) owner.process.kill('SIGKILL');
  killLeftovers(started);
});

/** Each daemon with its descendants, once every daemon has at least one. */
function families(daemons: Identity[]): Promise<Identity[]> {
  return waitFor('each daemon to have a child', () => {
    const table = readProcessTable();
    const found = daemons.map((d) => [d, ...descendantsOf(table, d.pid)]);
    return found.every((f) => f.length >= 2) && found.flat();
  });
}

// Daemons that ignore TERM: the watchdog must escalate to KILL. `trap "" TERM` is inherited across
// fork and exec, so the background sleep ignores it too.
const stubbornDaemon = { mode: 'daemon' as const, command: 'sh', args: ['-c', 'trap "" TERM; sleep 30 & exec sleep 31'] };
const quickGrace = { FORKSCOPE_WATCHDOG_GRACE_MS: '300' };

describe('daemon children', () => {
  it('die with their children when the owner is SIGKILLed', async () => {
    const owner = await startOwner([stubbornDaemon, { mode: 'daemon', workload: 'fork-tree', args: ['1', '1', '30'] }], 'stay', quickGrace);
    owners.push(owner);
    started.push(...owner.children);
    const family = await families(owner.children);
    started.push(...family);
    const ownerGroup = readProcess(owner.pid)!.pgid;
    for (const daemon of owner.children) {
      // Its own group, so the watchdog's group kill can never reach the owner.
      expect(readProcess(daemon.pid)?.pgid).toBe(daemon.pid);
      expect(daemon.pid).not.toBe(ownerGroup);
    }
    const watchdog = watchdogOf(owner.pid)!;
    expect(watchdog).toBeDefined();
    started.push(watchdog);

    owner.process.kill('SIGKILL');
    await owner.exited;
    await waitFor('the daemons, their children and the watchdog to be gone', () => [...family, watchdog].every((p) => !isAlive(p)), 2500);
  });

  it('stay guarded when the watchdog itself is killed from outside', async () => {
    const owner = await startOwner([stubbornDaemon], 'stay', quickGrace);
    owners.push(owner);
    const family = await families(owner.children);
    started.push(...family);
    const first = watchdogOf(owner.pid)!;
    process.kill(first.pid, 'SIGKILL');
    const second = await waitFor('a new watchdog', () => {
      const w = watchdogOf(owner.pid);
      return w && w.pid !== first.pid && w;
    });
    started.push(second);
    expect(family.every(isAlive)).toBe(true);
    // Give the new watchdog a moment to read its registrations; nothing else tells the owner it has.
    await new Promise((resolve) => setTimeout(resolve, 200));
    owner.process.kill('SIGKILL');
    await waitFor('the daemon and its child to be gone', () => family.every((p) => !isAlive(p)), 2500);
  });

  it('end with their children on dispose, and the watchdog is refused as a target', async () => {
    supervisor = new Supervisor();
    const [daemon] = await supervisor.spawn({ mode: 'daemon', command: 'sh', args: ['-c', 'sleep 30 & exec sleep 31'] });
    const family = await families([daemon!]);
    started.push(...family);
    const watchdog = watchdogOf(process.pid)!;
    // Named as itself in the tree and ps (Linux), not as the runtime's "node".
    if (process.platform === 'linux') await waitFor('the watchdog named', () => readProcess(watchdog.pid)?.name === 'daemon-watchdog');
    await expect(supervisor.signal(watchdog, 'SIGTERM')).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/helper/) });
    await expect(supervisor.kill(watchdog)).rejects.toMatchObject({ kind: 'refused' });
    await supervisor.dispose(200);
    supervisor = undefined;
    await waitFor('the daemon, its child and the watchdog to be gone', () => [...family, watchdog].every((p) => !isAlive(p)), 2500);
  });
});

describe('a missing watchdog', () => {
  it('makes a daemon spawn fail with a named error, and starts nothing', async () => {
    supervisor = new Supervisor({ workloadsDir: '/nonexistent-forkscope-workloads' });
    await expect(supervisor.spawn({ mode: 'daemon', command: 'sleep', args: ['30'] })).rejects.toThrow(
      /daemon watchdog .* exited before it was ready/,
    );
    expect(supervisor.children()).toEqual([]);
  });
});
