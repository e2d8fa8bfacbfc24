import { basename, join } from 'node:path';
import { ForkscopeError } from '../../../shared/result';
import type { WorkloadInfo } from '../../../shared/supervision';
import { supervisorPlatform } from './platform';

interface ScriptWorkload extends WorkloadInfo {
  script: string;
  /** Refuses arguments that would hurt the machine rather than teach something. */
  check?: (args: readonly string[]) => void;
}
interface ShellWorkload extends WorkloadInfo {
  shell: (args: readonly string[]) => string;
}

const seconds = (value: string | undefined, fallback: number): string => {
  const n = Number(value ?? fallback);
  if (!Number.isFinite(n) || n < 0) throw new ForkscopeError('invalid-request', `expected a number of seconds, got ${JSON.stringify(value)}`);
  return String(n);
};
const count = (value: string | undefined, fallback: number, max = 1000): number => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ForkscopeError('invalid-request', `expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
};
const MAX_TREE_NODES = 256;

/** Processes in a fork-tree of this depth and breadth; counting stops past MAX_TREE_NODES. */
function treeNodes(depth: number, breadth: number): number {
  let nodes = 1;
  for (let level = 1, width = 1; level <= depth && nodes <= MAX_TREE_NODES; level++) nodes += width *= breadth;
  return nodes;
}

/** The built-in workloads Forkscope can spawn with one click. */
export const WORKLOADS: ReadonlyArray<ScriptWorkload | ShellWorkload> = [
  { name: 'sleep', script: 'sleep.js', description: 'waits, then exits 0', usage: '[seconds=60]' },
  { name: 'cpu-burn', script: 'cpu-burn.js', description: 'keeps one core busy', usage: '[seconds=30]' },
  {
    name: 'memory-hog',
    script: 'memory-hog.js',
    description: 'holds resident memory',
    usage: '[megabytes=100] [seconds=60]',
    check: (args) => {
      count(args[0], 100, 65_536);
      seconds(args[1], 60);
    },
  },
  {
    name: 'fork-tree',
    script: 'fork-tree.js',
    description: 'a tree of sleeping processes',
    usage: '[depth=2] [breadth=2] [seconds=60]',
    check: (args) => {
      const depth = count(args[0], 2);
      const breadth = count(args[1], 2);
      seconds(args[2], 60);
      // Every node is a Node runtime (~40 MB): a typo like depth 10 must not fork-bomb the machine.
      if (treeNodes(depth, breadth) > MAX_TREE_NODES) {
        throw new ForkscopeError(
          'invalid-request',
          `fork-tree ${depth} × ${breadth} would start more than ${MAX_TREE_NODES} processes; choose a smaller depth or breadth`,
          { limit: 'MAX_TREE_NODES', value: MAX_TREE_NODES },
        );
      }
    },
  },
  {
    name: 'zombie-maker',
    description: 'a parent that never reaps its exited children',
    usage: '[children=1] [seconds=60]',
    // `exec` turns the shell into sleep, which never calls wait() on the children the shell started.
    shell: (args) => `for i in $(seq ${count(args[0], 1)}); do sleep 0.1 & done; exec sleep ${seconds(args[1], 60)}`,
  },
  {
    name: 'orphan-maker',
    script: 'orphan-maker.js',
    description: 'a parent that exits, leaving its child running',
    usage: '[seconds=60] [parent-seconds=1]',
  },
  { name: 'crash', script: 'crash.js', description: 'exits non-zero or by a signal', usage: '[code-or-signal=3] [delay-ms=200]' },
];

export function findWorkload(name: string): ScriptWorkload | ShellWorkload {
  const workload = WORKLOADS.find((w) => w.name === name);
  if (!workload)
    throw new ForkscopeError(
      'invalid-request',
      `no built-in workload named ${JSON.stringify(name)}; there are ${WORKLOADS.map((w) => w.name).join(', ')}`,
    );
  return workload;
}

/** How to run a workload: Forkscope's own runtime for scripts, the shell for shell ones. */
export function workloadCommand(
  name: string,
  args: readonly string[],
  workloadsDir: string,
): { command: string; args: string[]; ownRuntime: boolean } {
  const workload = findWorkload(name);
  if ('script' in workload) {
    workload.check?.(args);
    return { command: process.execPath, args: [join(workloadsDir, workload.script), ...args], ownRuntime: true };
  }
  const shell = supervisorPlatform.shell(workload.shell(args));
  if (!shell) throw new ForkscopeError('unsupported', `the ${name} workload needs a POSIX shell; Windows has no zombies to make`);
  return { ...shell, ownRuntime: false };
}

/** What one copy of a workload asks of the machine, for the run limits: the processes it starts and the megabytes it holds. */
export function workloadDemand(name: string, args: readonly string[]): { processes: number; memoryMb: number } {
  const n = (value: string | undefined, fallback: number): number => {
    const parsed = Number(value ?? fallback);
    return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
  };
  switch (name) {
    case 'fork-tree':
      return { processes: treeNodes(n(args[0], 2), n(args[1], 2)), memoryMb: 0 };
    case 'zombie-maker':
      return { processes: 1 + n(args[0], 1), memoryMb: 0 };
    case 'orphan-maker':
      return { processes: 2, memoryMb: 0 };
    case 'memory-hog':
      return { processes: 1, memoryMb: n(args[0], 100) };
    default:
      return { processes: 1, memoryMb: 0 };
  }
}

/** What a running child was started as, when it is a built-in workload script (its script and arguments say so). */
export function childDemand(child: { args: readonly string[] }): { processes: number; memoryMb: number } {
  const [script, ...args] = child.args;
  const workload = script ? WORKLOADS.find((w) => 'script' in w && basename(script) === w.script) : undefined;
  return workload ? workloadDemand(workload.name, args) : { processes: 1, memoryMb: 0 };
}
