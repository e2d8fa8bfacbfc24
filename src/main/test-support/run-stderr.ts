/**
 * `forkscope run --json` writes its records to stderr, where the program's own stderr goes too: the JSON records, and
 * the program's lines apart. A program may print a traceback of its own (multiprocessing at exit unlinks a queue's
 * semaphores before it terminates a daemon worker that is still starting, and that worker's unpickling fails); a
 * traceback raised inside Forkscope's probe is the probe's fault, and is thrown here.
 */
export function runRecords(stderr: string): { records: Array<{ type: string } & Record<string, unknown>>; programLines: string[] } {
  const records: Array<{ type: string } & Record<string, unknown>> = [];
  const programLines: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('{"type":')) records.push(JSON.parse(line) as { type: string });
    else if (line !== '') programLines.push(line);
  }
  const frames = programLines.filter((line) => /^\s*File "/.test(line));
  const innermost = frames.at(-1);
  if (innermost && /[\\/]probe[\\/]forkscope_[a-z_]+\.py"/.test(innermost))
    throw new Error(`a traceback raised in Forkscope's Python probe:\n${programLines.join('\n')}`);
  return { records, programLines };
}
