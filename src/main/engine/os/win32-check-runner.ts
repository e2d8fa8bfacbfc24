// What the Windows check programs (win32-job-check.ts, supervisor/windows-jobs-check.ts) share: a list of named checks
// whose failures are notes instead of exceptions, a bounded wait, the machine's process table through the native
// reader, and the one JSON line the Windows phase of npm test reads.
import { win32Api } from './win32-api';
import { readSystemProcesses } from './win32-processes';

export interface CheckResult {
  name: string;
  ok: boolean;
  note: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `get` until it gives a value; throws naming `what` after `ms`. */
export async function until<T>(what: string, get: () => T | null | undefined | false, ms: number, everyMs: number): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(everyMs)) {
    const value = get();
    if (value) return value;
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

/** The processes of the machine, by pid, as the native reader sees them. */
export function processTable(): Map<number, { ppid: number; name: string }> {
  const bound = win32Api();
  if (!('api' in bound)) throw new Error(bound.reason);
  const read = readSystemProcesses(bound.api);
  if (!read.ok) throw new Error(read.message);
  return new Map(read.entries.map((e) => [e.pid, { ppid: e.ppid, name: e.imageName }]));
}

/** A list of checks: each `check` runs one and keeps its note, or its error's message as a failure. */
export function checkList(): { results: CheckResult[]; check: (name: string, fn: () => Promise<string>) => Promise<void> } {
  const results: CheckResult[] = [];
  const check = async (name: string, fn: () => Promise<string>) => {
    try {
      results.push({ name, ok: true, note: await fn() });
    } catch (error) {
      results.push({ name, ok: false, note: (error as Error).message });
    }
  };
  return { results, check };
}

/** Runs the checks and prints their one JSON line; a throw outside every check is one failed check named `what`. */
export function printChecks(what: string, run: () => Promise<CheckResult[]>): void {
  void run().then(
    (results) => process.stdout.write(`${JSON.stringify(results)}\n`),
    (error: Error) => process.stdout.write(`${JSON.stringify([{ name: what, ok: false, note: error.message }])}\n`),
  );
}
