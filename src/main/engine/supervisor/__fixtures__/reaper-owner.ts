// A stand-in for an entry point (run, serve): a separate process that makes itself a child
// subreaper, as they do, then runs children through its Supervisor while their orphans exit
// around them, and prints one JSON line: each child's exit as Node reported it, and every
// adoption event. usage: node --import tsx reaper-owner.ts
import { execFileSync, spawnSync } from 'node:child_process';
import type { SupervisorEvent } from '../../../../shared/events';
import { Sampler } from '../../sampler';
import { becomeChildSubreaper } from '../subreaper';
import { Supervisor } from '../supervisor';

const why = becomeChildSubreaper();
if (why) {
  process.stdout.write(`${JSON.stringify({ error: why })}\n`);
  process.exit(0);
}
const supervisor = new Supervisor();
// As `run` does: the sampler's events tell the reaper which parent each orphan lost.
const sampler = new Sampler({ intervalMs: 100 });
sampler.onEvents((events) => supervisor.observe(events));
await sampler.nextTick();
const adoptions: SupervisorEvent[] = [];
const childPids = new Set<number>();
supervisor.onEvent((event) => {
  if (event.type === 'adopted' || ((event.type === 'exited' || event.type === 'reaped') && !childPids.has(event.pid))) adoptions.push(event);
});
// Each child exits with its own code and leaves an orphan behind that exits with 40 + i.
const children = await Promise.all(
  Array.from({ length: 8 }, async (_, i) => {
    const [child] = await supervisor.spawn({ command: 'sh', args: ['-c', `(sleep 0.6; exit ${40 + i}) & sleep 0.3; exit ${i}`] });
    childPids.add(child!.pid);
    return child!;
  }),
);
// Sync helpers meanwhile: Node waits for these itself, and the reaper must not take their statuses.
const sync = [spawnSync('sh', ['-c', 'exit 3']).status, execFileSync('sh', ['-c', 'echo ok'], { encoding: 'utf8' }).trim()];
const exits = await Promise.all(children.map(async (c) => ({ ...(await supervisor.join(c, 5000)), pid: c.pid })));
// Until every orphan is reaped (or 5 s).
for (let waited = 0; adoptions.filter((e) => e.type === 'reaped').length < 8 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
process.stdout.write(`${JSON.stringify({ pid: process.pid, exits, sync, adoptions })}\n`);
await sampler.stop();
await supervisor.dispose(200);
process.exit(0);
