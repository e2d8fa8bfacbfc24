import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SignalName, SpawnMode, SupervisorEvent } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import { ForkscopeError } from '../../../shared/result';
import { unpackedResourcesDir } from '../../paths';
import { readProcess } from '../sampler';
import { DaemonWatchdog } from './daemon-watchdog';
import { killProcess, type KillOptions, type KillReport } from './kill-tree';
import { OutputLog } from './output-log';
import { supervisorPlatform } from './platform';
import { sendSignal } from './signal';
import type { ProcessTarget } from './target';
import { workloadCommand } from './workloads';

export interface SpawnRequest {
  /** A built-in workload (see workloads.ts), or else `command`. */
  workload?: string;
  command?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
  mode?: SpawnMode;
  /** How many to start at once (default 1). */
  count?: number;
  /** Share Forkscope's own stdin/stdout/stderr instead of logging the output (`forkscope run`). */
  passthrough?: boolean;
  /** Start an attached child in a session of its own, so its whole subtree can be told apart by session. */
  newSession?: boolean;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  runMs: number;
  /** Epoch ms when Forkscope reaped it (Node reaps a child as it reports the exit). */
  reapedAt: number;
}

export interface ChildInfo {
  pid: number;
  startTime: number;
  name: string;
  mode: SpawnMode;
  command: string;
  args: string[];
  startedAt: number;
  logFile: string | null;
  exit: ExitInfo | null;
}

export type JoinResult = ({ timedOut: false } & ExitInfo & { pid: number }) | { timedOut: true; pid: number; runningMs: number };

interface ManagedChild {
  info: ChildInfo;
  handle: ChildProcess;
  log: OutputLog;
  exited: Promise<ExitInfo>;
}

export interface SupervisorOptions {
  workloadsDir?: string;
  /** Where detached children write their output (default: the OS temp folder). */
  logDir?: string;
}

/**
 * The children Forkscope owns: spawns them in three modes, reaps and reports them, joins,
 * signals and kills them. Every step is an event on one stream.
 */
export class Supervisor {
  private readonly workloadsDir: string;
  private readonly logDir: string;
  private readonly managed = new Map<number, ManagedChild>();
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly watchdog: DaemonWatchdog;

  constructor(options: SupervisorOptions = {}) {
    this.workloadsDir = options.workloadsDir ?? join(unpackedResourcesDir(), 'workloads');
    this.logDir = options.logDir ?? join(tmpdir(), 'forkscope-logs');
    this.watchdog = new DaemonWatchdog(this.workloadsDir, process.env);
  }

  onEvent(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async spawn(request: SpawnRequest): Promise<ChildInfo[]> {
    const count = request.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 100) throw new ForkscopeError('invalid-request', `count must be a whole number from 1 to 100, got ${count}`);
    const started: ChildInfo[] = [];
    for (let i = 0; i < count; i++) started.push(await this.spawnOne(request));
    return started;
  }

  children(): ChildInfo[] {
    return [...this.managed.values()].map((m) => m.info);
  }

  isOwnChild(pid: number): boolean {
    return this.managed.has(pid);
  }

  /** The child's recent output (stdout and stderr interleaved as they came). */
  log(pid: number): string {
    const child = this.managed.get(pid);
    if (!child) throw new ForkscopeError('invalid-request', `process ${pid} is not one of Forkscope's children, so it has no log here`);
    return child.log.text();
  }

  async join(target: ProcessTarget, timeoutMs?: number): Promise<JoinResult> {
    const child = this.managed.get(target.pid);
    if (!child || child.info.startTime !== target.startTime) {
      throw new ForkscopeError('invalid-request', `process ${target.pid} is not a child of Forkscope; only a parent can join (wait for) its own children`);
    }
    const timeout = new Promise<null>((resolve) => {
      if (timeoutMs === undefined) return;
      setTimeout(() => resolve(null), timeoutMs).unref();
    });
    const exit = await Promise.race([child.exited, timeout]);
    const base = { t: Date.now(), pid: target.pid, startTime: target.startTime, name: child.info.name };
    if (!exit) {
      this.emit({ type: 'joined', ...base, code: null, signal: null, timedOut: true });
      return { timedOut: true, pid: target.pid, runningMs: Date.now() - child.info.startedAt };
    }
    this.emit({ type: 'joined', ...base, code: exit.code, signal: exit.signal, timedOut: false });
    return { timedOut: false, pid: target.pid, ...exit };
  }

  async joinAll(timeoutMs?: number): Promise<JoinResult[]> {
    return Promise.all(this.children().map((c) => this.join(c, timeoutMs)));
  }

  async signal(target: ProcessTarget, signal: SignalName): Promise<void> {
    const handle = this.managed.get(target.pid)?.handle;
    const row = readProcess(target.pid);
    sendSignal(target, signal, handle);
    this.emit({ type: 'signaled', t: Date.now(), pid: target.pid, startTime: target.startTime, name: row?.name ?? '?', signal, outcome: 'sent' });
  }

  async kill(target: ProcessTarget, options: Omit<KillOptions, 'handleFor'> = {}): Promise<KillReport> {
    const report = await killProcess(target, { ...options, handleFor: (pid) => this.managed.get(pid)?.handle });
    for (const entry of report.entries) {
      if (entry.outcome === 'terminated' || entry.outcome === 'killed') {
        this.emit({ type: 'signaled', t: Date.now(), pid: entry.pid, startTime: entry.startTime, name: entry.name, signal: entry.outcome === 'killed' ? 'SIGKILL' : 'SIGTERM', outcome: entry.outcome });
      }
    }
    return report;
  }

  /** Ends attached and daemon children (detached ones are meant to outlive Forkscope) and the watchdog. */
  async dispose(graceMs = 1000): Promise<void> {
    const owned = [...this.managed.values()].filter((m) => m.info.mode !== 'detached' && m.info.exit === null);
    await Promise.all(
      owned.map(async (m) => {
        m.handle.kill('SIGTERM');
        const timer = setTimeout(() => m.handle.kill('SIGKILL'), graceMs);
        await m.exited;
        clearTimeout(timer);
      }),
    );
    await this.watchdog.close();
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async spawnOne(request: SpawnRequest): Promise<ChildInfo> {
    const mode = request.mode ?? 'attached';
    const resolved = request.workload
      ? workloadCommand(request.workload, request.args ?? [], this.workloadsDir)
      : request.command
        ? { command: request.command, args: request.args ?? [], ownRuntime: false }
        : null;
    if (!resolved) throw new ForkscopeError('invalid-request', 'spawn needs a workload name or a command');

    const env: NodeJS.ProcessEnv = { ...process.env, ...request.env };
    // Our runtime runs workloads as Node; anything else must not inherit that, or an Electron app it starts would run as bare Node.
    if (resolved.ownRuntime) env.ELECTRON_RUN_AS_NODE = '1';
    else delete env.ELECTRON_RUN_AS_NODE;

    let logFile: string | null = null;
    let logFd: number | undefined;
    const options: SpawnOptions = { cwd: request.cwd, env, stdio: request.passthrough ? 'inherit' : ['ignore', 'pipe', 'pipe'] };
    if (mode === 'detached') {
      mkdirSync(this.logDir, { recursive: true });
      logFile = join(this.logDir, `${basename(resolved.command)}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`);
      logFd = openSync(logFile, 'a');
      Object.assign(options, supervisorPlatform.newSessionOptions(), { stdio: ['ignore', logFd, logFd] });
    } else if ((mode === 'daemon' || request.newSession) && supervisorPlatform.hasProcessGroups) {
      // Its own process group, so the watchdog's group kill can never reach Forkscope.
      Object.assign(options, supervisorPlatform.newSessionOptions());
    }

    const guarded = mode === 'daemon' && supervisorPlatform.hasProcessGroups;
    if (guarded) await this.watchdog.ensureRunning();
    const handle = spawn(resolved.command, resolved.args, options);
    if (guarded && handle.pid) this.watchdog.register(handle.pid);
    if (logFd !== undefined) closeSync(logFd);
    await new Promise<void>((resolve, reject) => {
      handle.once('spawn', resolve);
      handle.once('error', (error: NodeJS.ErrnoException) => {
        const what = error.code === 'ENOENT' ? `${resolved.command} was not found (check the command name and PATH)` : error.code === 'EACCES' ? `${resolved.command} is not executable` : error.message;
        reject(new ForkscopeError('invalid-request', `cannot start ${resolved.command}: ${what}`));
      });
    });
    const pid = handle.pid!;
    if (mode === 'detached') handle.unref();

    const row = readProcess(pid);
    const info: ChildInfo = {
      pid,
      startTime: row?.startTime ?? -1,
      name: row?.name ?? basename(resolved.command),
      mode,
      command: resolved.command,
      args: resolved.args,
      startedAt: Date.now(),
      logFile,
      exit: null,
    };
    const log = new OutputLog();
    handle.stdout?.on('data', (data: Buffer) => log.append('stdout', data));
    handle.stderr?.on('data', (data: Buffer) => log.append('stderr', data));
    const exited = new Promise<ExitInfo>((resolve) => {
      handle.once('exit', (code, signal) => {
        const now = Date.now();
        info.exit = { code, signal, runMs: now - info.startedAt, reapedAt: now };
        const base = { t: now, pid, startTime: info.startTime, name: info.name };
        this.emit({ type: 'exited', ...base, code, signal, runMs: info.exit.runMs });
        this.emit({ type: 'reaped', ...base });
        if (mode === 'daemon') this.watchdog.unregister(pid);
        resolve(info.exit);
      });
    });
    this.managed.set(pid, { info, handle, log, exited });

    const processInfo: ProcessInfo | null = row
      ? { pid, ppid: row.ppid, name: row.name, cmd: row.cmd, state: row.state, user: row.user, startedAt: row.startedAt, startTime: row.startTime, cpuPercent: null, rssBytes: row.rssBytes, zombie: false, orphan: false, pgid: row.pgid, sid: row.sid, threads: row.threads, formerParent: null }
      : null;
    this.emit({ type: 'spawned', t: info.startedAt, pid, startTime: info.startTime, name: info.name, ppid: row?.ppid ?? process.pid, mode, command: resolved.command, args: resolved.args, logFile, process: processInfo });
    return info;
  }
}
