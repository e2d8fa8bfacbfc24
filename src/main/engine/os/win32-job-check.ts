// Checks of win32-job.ts on a real Windows API: bundled and run as a Windows program by the Windows phase of npm test
// (under Wine on Linux, directly on Windows). Prints one JSON line: [{ name, ok, note }]. Every process it starts is
// ended before it returns, by the job or by pid.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runningUnderWine } from './win32-api';
import { checkList, printChecks, processTable, sleep, until as untilFor, type CheckResult } from './win32-check-runner';
import { Win32Job, type JobEvent } from './win32-job';

const node = process.execPath;
const quote = (s: string) => `"${s}"`;
const sleeper = (ms: number) => `${quote(node)} -e "setTimeout(() => {}, ${ms})"`;

const until = <T>(what: string, get: () => T | null | undefined | false, ms = 15_000) => untilFor(what, get, ms, 100);
/** Image names by pid. */
const table = () => new Map([...processTable()].map(([pid, p]) => [pid, p.name]));

async function checks(): Promise<CheckResult[]> {
  const { results, check } = checkList();

  const created = Win32Job.create({ killOnClose: true });
  if (!created.ok) return [{ name: 'a job object with a completion port is created', ok: false, note: created.message }];
  const job = created.job;
  const events: JobEvent[] = [];
  const drain = () => events.push(...job.poll(0));
  try {
    let parent = 0;
    const names = new Map<number, string>();
    await check('a child started suspended in the job, and the grandchild it starts, arrive as new-process events', async () => {
      // cmd.exe starts a node.exe grandchild and waits for it: both must be in the job, since cmd ran its first
      // instruction there. (cmd, not Node: libuv would put the grandchild into a kill-on-close job of its own.)
      const script = join(tmpdir(), `forkscope-job-sleeper-${process.pid}.js`);
      writeFileSync(script, 'setTimeout(() => {}, 60000);\n');
      const started = job.spawn(`cmd.exe /d /s /c "${quote(node)} ${quote(script)}"`);
      if (!started.ok) throw new Error(started.message);
      parent = started.pid;
      // Wine also starts a conhost.exe for the console child, in the job as well.
      const news = await until('new-process events for the child and its node.exe grandchild', () => {
        drain();
        const names = table();
        const n = events.filter((e) => e.type === 'new-process');
        return n.some((e) => e.pid === parent) && n.some((e) => names.get(e.pid)?.toLowerCase() === 'node.exe') && n;
      });
      for (const [pid, name] of table()) names.set(pid, name);
      return news.map((e) => `${e.pid} ${names.get(e.pid)}`).join(', ');
    });

    await check('TerminateJobObject kills the tree; each exit arrives with the exit code, then the job is empty', async () => {
      const pids = events.filter((e) => e.type === 'new-process').map((e) => (e as { pid: number }).pid);
      if (!job.terminate(7)) throw new Error('TerminateJobObject failed');
      await until('ACTIVE_PROCESS_ZERO', () => (drain(), events.some((e) => e.type === 'empty')));
      // The exit messages may come after the empty-job message (seen under Wine): give them a moment.
      await until('exit messages', () => (drain(), pids.every((pid) => events.some((e) => e.type === 'exit' && e.pid === pid))), 2000).catch(
        () => {},
      );
      const exits = new Map(events.flatMap((e) => (e.type === 'exit' ? [[e.pid, e.exitCode] as const] : [])));
      const left = pids.filter((pid) => table().has(pid));
      if (left.length > 0) throw new Error(`still in the table: ${left.join(', ')}`);
      const wine = runningUnderWine();
      // Wine posts no exit message for what TerminateJobObject ends; the job reads those exits from the handles it kept.
      // Wine's conhost.exe is not opened in time at its new-process message, so it has neither.
      const missing = pids.filter((pid) => !exits.has(pid) && !(wine && names.get(pid)?.toLowerCase() === 'conhost.exe'));
      if (missing.length > 0) {
        throw new Error(`no exit event for ${missing.map((pid) => `${pid} ${names.get(pid)}`).join(', ')} (events: ${JSON.stringify(events)})`);
      }
      // Wine ends the job's processes one by one: a grandchild whose console (cmd.exe's) went first may exit with 0 by
      // itself before its turn. On Windows every process in the job gets the code given to TerminateJobObject.
      const wrong = [...exits].filter(([pid, code]) => code !== 7 && !(wine && pid !== parent && code === 0));
      if (wrong.length > 0) throw new Error(`exit codes ${JSON.stringify(wrong.map(([pid, code]) => [pid, names.get(pid), code]))}, not 7`);
      const byHandle = events.filter((e) => e.type === 'exit' && e.reported === 'handle').length;
      const codes = [...exits].map(([pid, code]) => `${names.get(pid)} ${code}`).join(', ');
      return `exit codes: ${codes}; ${exits.size - byHandle} exits by message, ${byHandle} read from handles`;
    });

    await check('a child that exits by itself reports its own exit code', async () => {
      const started = job.spawn(`${quote(node)} -e "process.exit(3)"`);
      if (!started.ok) throw new Error(started.message);
      const exit = await until('its exit event', () => (drain(), events.find((e) => e.type === 'exit' && e.pid === started.pid)));
      if (exit.type !== 'exit' || exit.exitCode !== 3) throw new Error(`exit ${JSON.stringify(exit)}`);
      return `pid ${started.pid}, start ${started.startTime}, code 3 (by ${exit.reported})`;
    });

    await check('daemon: a child in a KILL_ON_JOB_CLOSE job dies when its owner is killed; one outside the job survives', async () => {
      const file = join(tmpdir(), `forkscope-job-owner-${process.pid}.json`);
      rmSync(file, { force: true });
      const owner = spawn(node, [process.argv[1]!, '--owner', file], { stdio: 'ignore' });
      const { daemon, outside } = await until('the owner to start its children', () => {
        try {
          return JSON.parse(readFileSync(file, 'utf8')) as { daemon: number; outside: number };
        } catch {
          return null;
        }
      });
      try {
        await until('both children in the table', () => table().has(daemon) && table().has(outside));
        owner.kill('SIGKILL');
        await until('the daemon to die with its owner', () => !table().has(daemon));
        await sleep(1000);
        if (!table().has(outside)) throw new Error(`the child outside the job (${outside}) died too, so the job proved nothing`);
        return `daemon ${daemon} ended with the owner; ${outside} outside the job lived on`;
      } finally {
        owner.kill('SIGKILL');
        for (const pid of [daemon, outside]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
        rmSync(file, { force: true });
      }
    });
  } finally {
    job.terminate(1);
    job.close();
  }
  return results;
}

/** The owner in the daemon check: a KILL_ON_JOB_CLOSE job holding one sleeper, and one sleeper detached outside any job. */
async function owner(file: string): Promise<void> {
  const created = Win32Job.create({ killOnClose: true });
  if (!created.ok) throw new Error(created.message);
  const daemon = created.job.spawn(sleeper(120_000));
  if (!daemon.ok) throw new Error(daemon.message);
  // detached: libuv leaves it out of its own kill-on-close job (CREATE_BREAKAWAY_FROM_JOB), so it would outlive us.
  const outside = spawn(node, ['-e', 'setTimeout(() => {}, 120000)'], { detached: true, stdio: 'ignore' });
  outside.unref();
  writeFileSync(file, JSON.stringify({ daemon: daemon.pid, outside: outside.pid }));
  setInterval(() => {}, 60_000);
}

const ownerAt = process.argv.indexOf('--owner');
if (ownerAt > 0) void owner(process.argv[ownerAt + 1]!);
else printChecks('job checks ran', checks);
