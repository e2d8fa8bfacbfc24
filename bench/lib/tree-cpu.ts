import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's times: 100 on every Linux build Forkscope runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

interface ProcTimes {
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks: the process's own CPU and that of the children it has reaped. */
  ticks: number;
}

function readTable(): Map<number, ProcTimes> {
  const table = new Map<number, ProcTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // ended between readdir and read
    }
    // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    table.set(Number(entry), { ppid: Number(fields[1]), ticks });
  }
  return table;
}

/** Every live process of the tree rooted at `root` (the root included, if it lives). */
export function treePids(root: number, table = readTable()): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) {
    const list = children.get(p.ppid);
    if (list) list.push(pid);
    else children.set(p.ppid, [pid]);
  }
  const found: number[] = [];
  const stack = table.has(root) ? [root] : [];
  while (stack.length) {
    const pid = stack.pop()!;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * CPU seconds used so far by each named tree: the sum over its live processes of their own time and their reaped
 * children's, so a child that ended inside the tree still counts (as its parent's cutime/cstime).
 */
export function treeCpuSeconds(roots: Record<string, number>): Record<string, number> {
  const table = readTable();
  const out: Record<string, number> = {};
  for (const [name, root] of Object.entries(roots)) {
    out[name] = treePids(root, table).reduce((sum, pid) => sum + table.get(pid)!.ticks, 0) / CLOCK_TICKS_PER_SECOND;
  }
  return out;
}

/** How many processes the machine has now. */
export function processCount(): number {
  return readTable().size;
}
