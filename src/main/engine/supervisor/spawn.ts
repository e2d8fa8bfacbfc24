import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SpawnMode } from '../../../shared/events';
import { ForkscopeError } from '../../../shared/result';
import { spawnOwn } from './own-spawns';
import { supervisorPlatform } from './platform';
import { workloadCommand } from './workloads';

import type { SpawnRequest } from './spawn-request';

export type { SpawnRequest } from './spawn-request';

export interface SpawnContext {
  workloadsDir: string;
  /** Where detached children write their output. */
  logDir: string;
  /** Forkscope's environment plus the supervisor's additions; the request's env goes on top. */
  env: NodeJS.ProcessEnv;
}

/** A child about to start: what to run, how, and (detached) the file its output goes to. */
export interface PreparedSpawn {
  mode: SpawnMode;
  command: string;
  args: string[];
  options: SpawnOptions;
  logFile: string | null;
  /** Its own process group, so a group signal (the watchdog's, dispose's) reaches its subtree and never Forkscope. */
  ownGroup: boolean;
  /** Its group is registered with the watchdog, so it dies with Forkscope even when Forkscope is SIGKILLed. */
  guarded: boolean;
  /** Its output is copied to Forkscope's own stdout and stderr as it comes, besides the log. */
  tee: boolean;
}

export function prepareSpawn(request: SpawnRequest, context: SpawnContext): PreparedSpawn {
  const mode = request.mode ?? 'attached';
  // The schema made sure there is exactly one of workload and command.
  const resolved =
    request.workload !== undefined
      ? workloadCommand(request.workload, request.args ?? [], context.workloadsDir)
      : { command: request.command ?? '', args: request.args ?? [], ownRuntime: request.ownRuntime === true };

  checkCStrings(resolved.command, resolved.args, request);
  if (request.cwd !== undefined) checkCwd(request.cwd);

  const { ELECTRON_RUN_AS_NODE: _asked, ...requestEnv } = request.env ?? {};
  const env: NodeJS.ProcessEnv = { ...context.env, ...requestEnv };
  // Our runtime runs workloads as Node; anything else must not inherit that, or an Electron app it starts would run as bare Node.
  if (resolved.ownRuntime) env.ELECTRON_RUN_AS_NODE = '1';
  else delete env.ELECTRON_RUN_AS_NODE;

  // A built-in workload is Forkscope's own program: it never outlives Forkscope (unless asked to, as detached).
  const wantsGuard = mode !== 'detached' && (request.guard === true || request.workload !== undefined);
  const stdio: SpawnOptions['stdio'] = request.passthrough ? 'inherit' : request.tee ? ['inherit', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'];
  const options: SpawnOptions = { cwd: request.cwd, env, stdio };
  let logFile: string | null = null;
  if (mode === 'detached') {
    // A real daemon: new session, no terminal, output to a file that outlives Forkscope.
    mkdirSync(context.logDir, { recursive: true });
    // Named from nothing the request says; once the child runs it becomes <pid>-<start time>.log (see nameLogFile).
    logFile = join(context.logDir, `starting-${randomBytes(6).toString('hex')}.log`);
    Object.assign(options, supervisorPlatform.newSessionOptions());
  } else if (mode === 'daemon' || request.newSession || wantsGuard) {
    Object.assign(options, supervisorPlatform.newSessionOptions());
  }
  const ownGroup = supervisorPlatform.hasProcessGroups && options.detached === true;
  const guarded = ownGroup && (mode === 'daemon' || wantsGuard);
  return { mode, command: resolved.command, args: resolved.args, options, logFile, ownGroup, guarded, tee: request.tee === true };
}

/**
 * The contract refuses these already; callers inside the engine (the CLI, lessons) pass here too, and Node would
 * throw an untyped error on a NUL byte.
 */
function checkCStrings(command: string, args: readonly string[], request: SpawnRequest): void {
  const fields: Array<[string, string]> = [['command', command], ...args.map((a, i): [string, string] => [`args.${i}`, a])];
  if (request.cwd !== undefined) fields.push(['cwd', request.cwd]);
  for (const [name, value] of Object.entries(request.env ?? {})) fields.push([`env name ${JSON.stringify(name)}`, name], [`env.${name}`, value]);
  for (const [field, value] of fields) {
    if (value.includes('\0')) throw new ForkscopeError('invalid-request', `${field} must not contain a NUL byte (\\0); remove it`);
  }
}

/** A missing folder or a file given as the working folder is named here, not as a spawn failure about the command. */
function checkCwd(cwd: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(cwd).isDirectory();
  } catch {
    throw new ForkscopeError('invalid-request', `cwd ${cwd} does not exist or cannot be read; give an existing folder as the working folder`, {
      path: cwd,
      reason: 'no-folder',
    });
  }
  if (!isFolder)
    throw new ForkscopeError('invalid-request', `cwd ${cwd} is not a folder; give a folder as the working folder`, {
      path: cwd,
      reason: 'not-a-folder',
    });
}

/**
 * Starts the prepared child and resolves once it runs (after exec), or rejects naming what is
 * wrong with the command. `onStarted` runs synchronously right after the fork, before any other
 * callback, for work that must leave no window (the daemon watchdog's registration).
 */
export async function startChild(prepared: PreparedSpawn, onStarted?: (child: ChildProcess) => void): Promise<ChildProcess> {
  const { command, args, logFile } = prepared;
  let options = prepared.options;
  let logFd: number | undefined;
  if (logFile) {
    logFd = openSync(logFile, 'a');
    options = { ...options, stdio: ['ignore', logFd, logFd] };
  }
  let child: ChildProcess;
  try {
    child = spawnOwn(command, args, options);
    if (child.pid !== undefined) {
      // Windows: into its job in the same tick, before it can start much (see windows-jobs.ts); POSIX: nothing.
      const notPlaced = supervisorPlatform.placeInJob(child.pid, prepared.mode);
      if (notPlaced) process.emitWarning(`process ${child.pid} runs without a job object, so kill tree falls back to taskkill: ${notPlaced}`);
      onStarted?.(child);
    }
  } catch (error) {
    if (logFile) rmSync(logFile, { force: true });
    // Node refuses some requests before any fork (ERR_INVALID_ARG_VALUE and kin): the request is at fault, not Forkscope.
    if (String((error as NodeJS.ErrnoException).code ?? '').startsWith('ERR_INVALID_ARG'))
      throw new ForkscopeError('invalid-request', `cannot start ${command}: ${(error as Error).message}`);
    throw error;
  } finally {
    // The child holds its own copy; ours would only leak.
    if (logFd !== undefined) closeSync(logFd);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Nothing ran, so nothing was logged: a failed start leaves no file behind.
      if (logFile) rmSync(logFile, { force: true });
      const what =
        error.code === 'ENOENT'
          ? `${command} was not found (check the command name, PATH and the working folder)`
          : error.code === 'EACCES'
            ? `${command} is not executable`
            : error.message;
      const reason = error.code === 'ENOENT' ? 'not-found' : error.code === 'EACCES' ? 'not-executable' : undefined;
      reject(new ForkscopeError('invalid-request', `cannot start ${command}: ${what}`, reason ? { name: command, reason } : undefined));
    });
  });
  return child;
}

/**
 * A detached child's log file, named by its identity (pid and start time) only, once it runs: a name taken from the
 * command would carry whatever the request put there. The child keeps writing to it through its descriptor.
 * Where the rename fails (a file system that refuses it), the neutral starting name stays.
 */
export function nameLogFile(file: string, pid: number, startTime: number): string {
  const named = join(dirname(file), `${pid}-${startTime}.log`);
  try {
    renameSync(file, named);
    return named;
  } catch {
    return file;
  }
}
