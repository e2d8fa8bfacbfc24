// A stand-in for Forkscope in tests: a separate process that owns a Supervisor, spawns what it is
// asked, prints the children as one JSON line, then stays (to be SIGKILLed) or disposes and exits.
// usage: node --import tsx owner.ts '{"requests":[SpawnRequest...],"then":"stay"|"exit"}'
import { Supervisor, type SpawnRequest } from '../supervisor';

const { requests, then } = JSON.parse(process.argv[2] ?? '{}') as { requests: SpawnRequest[]; then: 'stay' | 'exit' };
const supervisor = new Supervisor();
const children = [];
for (const request of requests) children.push(...(await supervisor.spawn(request)));
process.stdout.write(`${JSON.stringify({ pid: process.pid, children })}\n`);
if (then === 'exit') {
  await supervisor.dispose(200);
  process.exit(0);
} else {
  setInterval(() => {}, 60_000);
}
