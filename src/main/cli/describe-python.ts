import { pythonExitText, pythonProcessLabel, type ProgramPython } from '../../shared/python-program';

const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

/** One line per process (and later pool, lock, pipe, manager) of a probed Python program, for `forkscope run --python`. */
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
  if (program.eventsDropped > 0)
    lines.push(`${program.eventsDropped} timeline events were overwritten before they were read (the counts are complete)`);
  return lines;
}
