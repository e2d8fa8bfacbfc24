import type { ProgramQueueStats } from '../../shared/events';

/** One line per queue of a watched Python program, for `forkscope run --queues`. */
export function describeQueues(queues: ProgramQueueStats[]): string[] {
  if (queues.length === 0)
    return ['no multiprocessing queue reported (is the command a Python 3 program that uses multiprocessing.Queue or JoinableQueue?)'];
  return queues.map((q) => {
    const bound = q.maxsize > 0 ? `maxsize ${q.maxsize}` : 'unbounded';
    const parts = [`${q.puts} put`, `${q.gets} got`, `${q.depth} left`, `max depth ${q.maxDepth}`];
    if (q.kind === 'JoinableQueue') parts.push(`${q.taskDone} task_done`);
    if (q.raisedFull) parts.push(`Full raised ${q.raisedFull}×`);
    if (q.raisedEmpty) parts.push(`Empty raised ${q.raisedEmpty}×`);
    parts.push(`used by ${q.processes} process${q.processes === 1 ? '' : 'es'}`);
    return `queue ${q.id} (${q.kind}, ${bound}): ${parts.join(', ')}`;
  });
}
