import { pythonExitText, pythonProcessLabel, type ProgramPython } from '../../shared/python-program';

const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

/** One line per process (and pool, lock, pipe, manager) of a probed Python program, for `forkscope run --python`. */
export function describePython(program: ProgramPython): string[] {
  const lines = program.processes.map((p) => {
    const parts = [`process ${p.pid} ${pythonProcessLabel(p)}`];
    if (p.startMethod) parts.push(`started by ${p.parentPid ?? '?'} (${p.startMethod})`);
    if (p.terminatedAt !== null) parts.push('terminate() called');
    if (p.killedAt !== null) parts.push('kill() called');
    const exit = pythonExitText(p.exitcode);
    if (exit !== null) parts.push(`exitcode ${exit}`);
    if (p.joinedBy !== null) parts.push(`joined by ${p.joinedBy} (${p.joins}×, ${ms(p.joinWaitMs)} waiting)`);
    return parts.join(', ');
  });
  for (const pool of program.pools) {
    const parts = [`${pool.workers} workers over its life (size ${pool.size})`, `${pool.tasksSubmitted} tasks submitted in ${pool.chunks} chunks`];
    parts.push(`${pool.tasksCompleted} completed`, `${pool.tasksFailed} failed`);
    const failures = Object.entries(pool.failedBy).map(([type, n]) => `${type} ${n}`);
    if (failures.length) parts.push(`(${failures.join(', ')})`);
    if (pool.backlog) parts.push(`${pool.backlog} never started`);
    const busiest = [...pool.perWorker].sort((a, b) => b.tasksStarted - a.tasksStarted)[0];
    if (busiest) parts.push(`busiest worker ${busiest.pid}: ${busiest.tasksStarted} tasks`);
    lines.push(`pool ${pool.id} (${pool.kind}): ${parts.join(', ')}`);
  }
  for (const lock of program.locks) {
    const parts = [`${lock.acquires} acquired`, `${lock.contended} had to wait (${ms(lock.waitMs)} in all, longest ${ms(lock.maxWaitMs)})`];
    if (lock.waits) parts.push(`${lock.waits} wait() calls (${ms(lock.waitCallMs)})`);
    if (lock.kind === 'Event') parts.push(`set ${lock.sets}×, cleared ${lock.clears}×`);
    if (lock.holderPid !== null) parts.push(`held by ${lock.holderPid}`);
    lines.push(`${lock.kind} ${lock.id}: ${parts.join(', ')}, used by ${lock.users.length} process${lock.users.length === 1 ? '' : 'es'}`);
  }
  for (const pipe of program.pipes) {
    const way = (d: { messages: number; bytes: number }): string => `${d.messages} messages (${d.bytes} bytes)`;
    lines.push(
      `pipe ${pipe.id} (${pipe.duplex ? 'duplex' : 'one-way'}): a→b ${way(pipe.aToB)}, b→a ${way(pipe.bToA)}, ${ms(pipe.recvBlockedMs)} blocked in recv`,
    );
  }
  for (const manager of program.managers ?? []) {
    const server =
      manager.serverPid !== null ? `server ${manager.serverPid}${manager.serverName ? ` (${manager.serverName})` : ''}` : 'connected to, not started';
    const types = Object.entries(manager.byType).map(([type, n]) => `${type} ${n.proxies}× (${n.calls} calls)`);
    lines.push(
      `manager ${manager.id}${manager.kind ? ` (${manager.kind})` : ''}: ${server}, ${manager.calls} proxy calls${types.length ? `: ${types.join(', ')}` : ''}`,
    );
    for (const proxy of manager.proxies)
      lines.push(
        `  ${proxy.type} ${proxy.id}: ${proxy.calls} calls (${ms(proxy.callMs)}, longest ${ms(proxy.maxCallMs)})${proxy.raised ? `, ${proxy.raised} raised` : ''}, from ${proxy.users.length} process${proxy.users.length === 1 ? '' : 'es'}`,
      );
  }
  if (program.eventsDropped > 0)
    lines.push(`${program.eventsDropped} timeline events were overwritten before they were read (the counts are complete)`);
  return lines;
}
