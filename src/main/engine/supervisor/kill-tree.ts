import type { ChildProcess } from 'node:child_process';
import { readProcess } from '../sampler';
import type { ProcessRow } from '../sampler/types';
import { signalExactly } from './exact-signal';
import { isIdentityDead } from './identities';
import { supervisorPlatform } from './platform';
import { treeOf } from './tree-members';
import { translateKillError, zombieError } from './signal';
import type { KillOutcome, KillReport, KillReportEntry, ProcessTarget } from '../../../shared/supervision';
import { confirmIdentity, protectionOf, validateTargetPid } from './target';

export interface KillOptions {
  tree?: boolean;
  /** How long TERM gets before KILL (default 3000 ms). */
  graceMs?: number;
  /** Forkscope's own child handles, which cannot hit a reused pid. */
  handleFor?: (target: ProcessTarget) => ChildProcess | undefined;
  /** Descendants by birth (process keys), however re-parented since: from fork events, or the samples (see lineage.ts). */
  lineage?: (root: ProcessTarget) => string[];
  /** Called before each signal this kill sends (a restart policy hears that the person ended the process). */
  beforeSignal?: (target: ProcessTarget, signal: NodeJS.Signals) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Still the same process and not yet dead (a zombie has died; only its parent's wait() is missing). */
function aliveAs(row: { pid: number; startTime: number }): ProcessRow | null {
  if (isIdentityDead(row)) return null;
  const now = readProcess(row.pid);
  return now && now.startTime === row.startTime && now.state !== 'zombie' ? now : null;
}

/**
 * TERM, then KILL after a grace period, verifying each step; for a tree, freeze it first
 * (SIGSTOP top-down, then rescan) so nothing forks or respawns while it is being walked.
 */
export async function killProcess(target: ProcessTarget, options: KillOptions = {}): Promise<KillReport> {
  const graceMs = options.graceMs ?? 3000;
  const tree = options.tree ?? false;
  validateTargetPid(target.pid);
  const root = confirmIdentity(target);
  if (root.state === 'zombie') throw zombieError(root, 'killing cannot remove a zombie, killing its parent can');
  const refused: KillReportEntry[] = [];
  const members = new Map<number, ProcessRow>([[root.pid, root]]);
  /** How a member that left the parent chain was found, for its report entry. */
  const details = new Map<number, string>();

  const addDescendants = (): ProcessRow[] => {
    const added: ProcessRow[] = [];
    for (const { row, detail } of treeOf(root, options.lineage?.(root) ?? [])) {
      if (members.has(row.pid) || refused.some((r) => r.pid === row.pid)) continue;
      if (detail) details.set(row.pid, detail);
      const protection = protectionOf(row.pid);
      if (protection) {
        refused.push({
          pid: row.pid,
          startTime: row.startTime,
          name: row.name,
          outcome: 'refused',
          escapedSession: false,
          detail: `not signalled: it is ${protection}`,
        });
        continue;
      }
      members.set(row.pid, row);
      added.push(row);
    }
    return added;
  };

  if (supervisorPlatform.isWindows) return killOnWindows(root, members, tree, graceMs, addDescendants, refused, options.beforeSignal);

  const denied = new Map<number, string>();
  const send = (row: ProcessRow, signal: NodeJS.Signals): void => {
    options.beforeSignal?.(row, signal);
    signalExactly(row, signal, options.handleFor?.(row));
  };
  /** True when sent; false when the process is gone or refuses us (recorded in `denied`). */
  const trySend = (row: ProcessRow, signal: NodeJS.Signals): boolean => {
    try {
      send(row, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      const translated = translateKillError(error, row.pid, row.name, row.user);
      if (row.pid === root.pid) throw translated;
      denied.set(row.pid, translated.message);
      return false;
    }
  };

  const stopped: ProcessRow[] = [];
  if (tree) {
    // Parent first, so a stopped parent cannot fork a child we have not seen yet.
    trySend(root, 'SIGSTOP');
    stopped.push(root);
    for (let round = 0; round < 8; round++) {
      const added = addDescendants();
      if (added.length === 0) break;
      for (const row of added) if (row.state !== 'zombie' && trySend(row, 'SIGSTOP')) stopped.push(row);
    }
  }

  const entries = new Map<number, KillReportEntry>();
  for (const row of members.values()) {
    entries.set(row.pid, {
      pid: row.pid,
      startTime: row.startTime,
      name: row.name,
      outcome: row.state === 'zombie' ? 'zombie' : 'already-gone',
      escapedSession: row.sid !== null && root.sid !== null && row.sid !== root.sid,
      ...(details.has(row.pid) ? { detail: details.get(row.pid) } : {}),
    });
  }
  const targets = [...members.values()].filter((row) => row.state !== 'zombie');
  const sentTerm = targets.filter((row) => trySend(row, 'SIGTERM'));
  // Stopped processes act on TERM only once continued: the ones we froze and the ones found frozen.
  for (const row of sentTerm) if (row.state === 'stopped' && !stopped.includes(row)) stopped.push(row);
  for (const row of stopped) trySend(row, 'SIGCONT');

  let survivors = sentTerm;
  const deadline = Date.now() + graceMs;
  while (survivors.length > 0 && Date.now() < deadline) {
    await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
    survivors = survivors.filter((row) => aliveAs(row));
  }
  for (const row of sentTerm) if (!survivors.includes(row)) entries.get(row.pid)!.outcome = 'terminated';

  const killed = survivors.filter((row) => trySend(row, 'SIGKILL'));
  let stubborn = killed;
  const killDeadline = Date.now() + 2000;
  while (stubborn.length > 0 && Date.now() < killDeadline) {
    await sleep(25);
    stubborn = stubborn.filter((row) => aliveAs(row));
  }
  for (const row of killed) entries.get(row.pid)!.outcome = stubborn.includes(row) ? 'survived' : 'killed';
  for (const [pid, message] of denied) {
    const entry = entries.get(pid)!;
    if (entry.outcome === 'already-gone') Object.assign(entry, { outcome: 'refused', detail: message });
  }
  for (const row of stubborn) entries.get(row.pid)!.detail = 'still alive after SIGKILL (stuck in the kernel, or in uninterruptible sleep)';
  return { pid: root.pid, tree, graceMs, entries: [...entries.values(), ...refused] };
}

async function killOnWindows(
  root: ProcessRow,
  members: Map<number, ProcessRow>,
  tree: boolean,
  graceMs: number,
  addDescendants: () => ProcessRow[],
  refused: KillReportEntry[],
  beforeSignal?: KillOptions['beforeSignal'],
): Promise<KillReport> {
  if (tree) addDescendants();
  for (const row of members.values()) beforeSignal?.(row, 'SIGTERM');
  const entry = (row: ProcessRow, outcome: KillOutcome): KillReportEntry => ({
    pid: row.pid,
    startTime: row.startTime,
    name: row.name,
    outcome,
    escapedSession: false,
  });
  // A child Forkscope started in a job of its own: the job holds its whole subtree, however re-parented, and ends it at once.
  if (tree && supervisorPlatform.terminateJobOf(root)) {
    const killDeadline = Date.now() + 5000;
    while (Date.now() < killDeadline && [...members.values()].some((row) => aliveAs(row))) await sleep(50);
    const entries = [...members.values()].map((row) => ({ ...entry(row, aliveAs(row) ? 'survived' : 'killed'), detail: 'ended by its job object' }));
    return { pid: root.pid, tree, graceMs, entries: [...entries, ...refused] };
  }
  supervisorPlatform.taskkillTree(root.pid, false);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && [...members.values()].some((row) => aliveAs(row))) await sleep(50);
  const survivors = [...members.values()].filter((row) => aliveAs(row));
  if (survivors.length > 0) supervisorPlatform.taskkillTree(root.pid, true);
  await sleep(200);
  const entries = [...members.values()].map((row) => entry(row, aliveAs(row) ? 'survived' : survivors.includes(row) ? 'killed' : 'terminated'));
  return { pid: root.pid, tree, graceMs, entries: [...entries, ...refused] };
}
