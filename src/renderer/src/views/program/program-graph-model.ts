import { pythonProcessLabel, type ProgramPython, type PythonManager } from '../../../../shared/python-program';
import type { ProgramQueueStats } from '../../../../shared/events';

export type GraphNodeKind = 'process' | 'queue' | 'pipe' | 'lock' | 'pool' | 'manager';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  detail: string;
  /** A process blocked on one of the objects right now. */
  blocked: boolean;
  ended: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Operations over the last interval per second, or the count when there is no earlier reading. */
  rate: number;
  /** What one end waits for at the other. */
  waiting: boolean;
}

/** Processes drawn at most: a Pool with maxtasksperchild starts one per task; the ended ones go first. */
export const GRAPH_PROCESS_LIMIT = 40;

const key = (kind: GraphNodeKind, id: string | number): string => `${kind}:${id}`;

/** A box shows a site by its file name (`app.py:12`); the full path is in the queue view below. */
export function shortSites(text: string): string {
  return text.replace(/\S*[/\\]([^/\\\s]+:\d+)/g, '$1');
}

/**
 * The Program view's graph: processes and the queues, pipes, locks and pools between them. Edges
 * point the way data or work flows (a put goes process → queue, a get queue → process); a lock
 * edge goes from the process to the lock, a proxy call from the process to its manager, which
 * points to its server process. Rates come from the change since `before`.
 */
export function programGraph(
  python: ProgramPython,
  queues: ProgramQueueStats[],
  before: { python: ProgramPython; t: number } | null,
  t: number,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const seconds = before ? Math.max(0.001, (t - before.t) / 1000) : 0;
  const previous = new Map<string, number>();
  const remember = (edgeKey: string, count: number): number => {
    const earlier = previous.get(edgeKey);
    return before && earlier !== undefined ? Math.max(0, count - earlier) / seconds : count;
  };
  if (before) {
    for (const u of before.python.queueUsers) previous.set(`q${u.id}:${u.pid}:o`, u.out).set(`q${u.id}:${u.pid}:i`, u.in);
    for (const l of before.python.locks) for (const u of l.users) previous.set(`l${l.id}:${u.pid}`, u.out);
    for (const p of before.python.pipes) for (const u of p.users) previous.set(`p${p.id}:${u.pid}:o`, u.out).set(`p${p.id}:${u.pid}:i`, u.in);
    for (const p of before.python.pools) for (const w of p.perWorker) previous.set(`w${p.id}:${w.pid}`, w.tasksStarted);
    for (const m of before.python.managers ?? []) for (const [pid, calls] of callsByPid(m)) previous.set(`m${m.id}:${pid}`, calls);
  }
  const blocked = new Set<number>();
  for (const u of [...python.queueUsers, ...python.locks.flatMap((l) => l.users), ...python.pipes.flatMap((p) => p.users)])
    if (u.blockedNow) blocked.add(u.pid);
  const running = python.processes.filter((p) => p.exitcode === null);
  const ended = python.processes.filter((p) => p.exitcode !== null);
  const shown = [...running, ...ended.slice(-Math.max(0, GRAPH_PROCESS_LIMIT - running.length))].slice(0, GRAPH_PROCESS_LIMIT);
  const shownPids = new Set(shown.map((p) => p.pid));
  const nodes: GraphNode[] = shown.map((p) => ({
    id: key('process', p.pid),
    kind: 'process',
    label: shortSites(pythonProcessLabel(p)),
    detail: `pid ${p.pid}${p.exitcode !== null ? ` · exit ${p.exitcode}` : ''}`,
    blocked: blocked.has(p.pid),
    ended: p.exitcode !== null,
  }));
  const edges: GraphEdge[] = [];
  const edge = (from: string, to: string, rate: number, waiting = false): void => {
    edges.push({ from, to, rate, waiting });
  };
  for (const q of queues) {
    nodes.push({
      id: key('queue', q.id),
      kind: 'queue',
      label: shortSites(`${q.manager ? 'manager ' : ''}${q.kind} ${q.id}`),
      detail: `depth ${q.depth}`,
      blocked: false,
      ended: false,
    });
  }
  for (const u of python.queueUsers) {
    if (!shownPids.has(u.pid)) continue;
    if (u.out > 0) edge(key('process', u.pid), key('queue', u.id), remember(`q${u.id}:${u.pid}:o`, u.out), u.blockedNow);
    if (u.in > 0) edge(key('queue', u.id), key('process', u.pid), remember(`q${u.id}:${u.pid}:i`, u.in), u.blockedNow);
  }
  for (const p of python.pipes) {
    nodes.push({
      id: key('pipe', p.id),
      kind: 'pipe',
      label: shortSites(`Pipe ${p.id}`),
      detail: p.duplex ? 'duplex' : 'one-way',
      blocked: false,
      ended: false,
    });
    for (const u of p.users) {
      if (!shownPids.has(u.pid)) continue;
      if (u.out > 0) edge(key('process', u.pid), key('pipe', p.id), remember(`p${p.id}:${u.pid}:o`, u.out));
      if (u.in > 0) edge(key('pipe', p.id), key('process', u.pid), remember(`p${p.id}:${u.pid}:i`, u.in), u.blockedNow);
    }
  }
  for (const l of python.locks) {
    const held = l.holderPid !== null ? ` · held by ${l.holderPid}` : '';
    nodes.push({
      id: key('lock', l.id),
      kind: 'lock',
      label: shortSites(`${l.kind} ${l.id}`),
      detail: `${l.contended}/${l.acquires} waited${held}`,
      blocked: false,
      ended: false,
    });
    for (const u of l.users)
      if (shownPids.has(u.pid)) edge(key('process', u.pid), key('lock', l.id), remember(`l${l.id}:${u.pid}`, u.out), u.blockedNow);
  }
  for (const p of python.pools) {
    nodes.push({
      id: key('pool', p.id),
      kind: 'pool',
      label: shortSites(`${p.kind} ${p.id}`),
      detail: `${p.tasksCompleted}/${p.tasksSubmitted} done · ${p.workers} workers`,
      blocked: false,
      ended: false,
    });
    if (shownPids.has(p.ownerPid)) edge(key('process', p.ownerPid), key('pool', p.id), p.tasksSubmitted);
    for (const w of p.perWorker)
      if (shownPids.has(w.pid)) edge(key('pool', p.id), key('process', w.pid), remember(`w${p.id}:${w.pid}`, w.tasksStarted));
  }
  for (const m of python.managers ?? []) {
    const types = Object.entries(m.byType).map(([type, n]) => `${type} ${n.calls}`);
    nodes.push({
      id: key('manager', m.id),
      kind: 'manager',
      label: shortSites(`${m.kind ?? 'Manager'} ${m.id}`),
      detail: `${m.serverPid !== null ? `server ${m.serverPid}` : 'remote'}${types.length ? ` · ${types.join(' · ')}` : ''}`,
      blocked: false,
      ended: false,
    });
    const inCall = new Set(m.proxies.flatMap((p) => p.users.filter((u) => u.blockedNow).map((u) => u.pid)));
    for (const [pid, calls] of callsByPid(m))
      if (shownPids.has(pid)) edge(key('process', pid), key('manager', m.id), remember(`m${m.id}:${pid}`, calls), inCall.has(pid));
    if (m.serverPid !== null && shownPids.has(m.serverPid)) edge(key('manager', m.id), key('process', m.serverPid), 0);
  }
  return { nodes, edges };
}

/** Proxy calls each process made to one manager, all its shared objects summed. */
function callsByPid(manager: PythonManager): Map<number, number> {
  const calls = new Map<number, number>();
  for (const proxy of manager.proxies) for (const u of proxy.users) calls.set(u.pid, (calls.get(u.pid) ?? 0) + u.out);
  return calls;
}
