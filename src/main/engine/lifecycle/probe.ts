import { readFileSync } from 'node:fs';
import type { LifecycleStatus } from '../../../shared/model';
import { spawnSyncOwn } from '../supervisor/own-spawns';
import { ConnectorSource } from './connector';

export interface ProbeOptions {
  receiveBufferBytes: number;
  /** 'sampled' forces sampling alone (tests, comparisons); FORKSCOPE_LIFECYCLE=sampled does the same. */
  lifecycle?: 'auto' | 'sampled';
}

const PROBE_WAIT_MS = 1000;
/**
 * The probe listens with at least this much receive buffer: a knob set small (to force loss in a test) must not make
 * the probe's own fork and exec messages drop on a busy machine and turn events off for the wrong reason.
 */
const PROBE_RECEIVE_BUFFER_BYTES = 1 << 20;

/** More than one NSpid entry: this process lives in a PID namespace, where the kernel's events carry the host's pids. */
export function pidNamespaceDepth(statusText: string): number {
  const line = /^NSpid:\s*(.*)$/m.exec(statusText);
  return line ? line[1]!.trim().split(/\s+/).filter(Boolean).length : 1;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Decides at start-up whether kernel process events are true here: not forced off, Linux, not in
 * a PID namespace, the proc connector opens, and a child forked now (/bin/true) shows up in a fork
 * and an exec event under the pid we see. Returns the open source when events are on.
 */
export function probeLifecycle(options: ProbeOptions): { status: LifecycleStatus; source: ConnectorSource | null } {
  const sampled = (reason: string): { status: LifecycleStatus; source: null } => ({ status: { mode: 'sampled', reason }, source: null });
  if (options.lifecycle === 'sampled') return sampled('sampling only, as asked (lifecycle: sampled)');
  if (process.env.FORKSCOPE_LIFECYCLE === 'sampled') return sampled('sampling only, as asked (FORKSCOPE_LIFECYCLE=sampled)');
  if (process.platform !== 'linux')
    return sampled(`kernel process events come from Linux's proc connector; on ${process.platform} Forkscope samples`);
  let depth = 1;
  try {
    depth = pidNamespaceDepth(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    // no /proc/self/status: the connector probe below still decides
  }
  if (depth > 1) return sampled(`Forkscope runs in a PID namespace (${depth} NSpid levels): the kernel's events carry the host's pids`);
  const opened = ConnectorSource.open(Math.max(options.receiveBufferBytes, PROBE_RECEIVE_BUFFER_BYTES));
  if (!opened.ok) return sampled(`the proc connector is not available: ${opened.reason}`);
  let source = opened.source;
  const child = spawnSyncOwn('/bin/true', [], { stdio: 'ignore' });
  const pid = child.pid;
  let forked = false;
  let execed = false;
  const deadline = Date.now() + PROBE_WAIT_MS;
  while (pid && !(forked && execed) && Date.now() < deadline) {
    const { events, error } = source.drain();
    if (error) break;
    for (const event of events) {
      if (event.kind === 'fork' && event.childTgid === pid) forked = true;
      if (event.kind === 'exec' && event.tgid === pid) execed = true;
    }
    if (!(forked && execed)) sleepSync(5);
  }
  if (!pid || !forked || !execed) {
    source.close();
    const what = !pid ? 'the probe child /bin/true could not start' : `no ${forked ? 'exec' : 'fork'} event named the probe child's pid ${pid}`;
    return sampled(`kernel process events are not true here: ${what}`);
  }
  if (options.receiveBufferBytes < PROBE_RECEIVE_BUFFER_BYTES) {
    // The events are true here; listen from now on with the receive buffer asked for.
    source.close();
    const asked = ConnectorSource.open(options.receiveBufferBytes);
    if (!asked.ok) return sampled(`the proc connector is not available: ${asked.reason}`);
    source = asked.source;
  }
  return { status: { mode: 'events', reason: 'kernel process events (proc connector), checked by a probe fork at start' }, source };
}
