import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent, SupervisorEvent } from '../../../shared/events';
import { processKey, type ProcessInfo, type ProcessKey } from '../../../shared/model';
import type { ChildInfo, ExitInfo, JoinResult, KillPlan, KillReport, ProcessTarget } from '../../../shared/supervision';
import { ForkscopeError } from '../../../shared/result';
import { isReaper } from '../../../shared/analysis/reapers';
import { unpackedResourcesDir } from '../../paths';
import { reaperPidsFromEnv } from '../analysis/reapers';
import { readProcess } from '../sampler';
import type { ProcessRow } from '../sampler/types';
import { adoption } from './adoption';
import { Lineage } from './lineage';
import { acquireWatchdog, type WatchdogLease } from './daemon-watchdog';
import { EventStream } from './events';
import { waitForExit } from './join';
import { killProcess, type KillOptions } from './kill-tree';
import { planKill } from './kill-plan';
import { OutputLog } from './output-log';
import { readLogFile } from './log-file-read';
import type { OutputChunk, OutputRead } from '../../../shared/output';
import { supervisorPlatform } from './platform';
import { nameLogFile, prepareSpawn, startChild, type SpawnRequest } from './spawn';
import { followKernelIdentities, markIdentityDead, watchIdentity } from './identities';
import { sendSignal } from './signal';
import { resolveSignal } from './signal-names';
import type { SignalSpec } from '../../../shared/signals';
import { refuseThread } from './target';
import { Restarts } from './restarts';
import type { RestartChain } from './restart-policy';

export type { SpawnRequest } from './spawn';

interface ManagedChild {
  info: ChildInfo;
  handle: ChildProcess;
  log: OutputLog;
  /** Leads its own process group: dispose signals the group, so the daemon's children go too. */
  ownGroup: boolean;
  /** Resolves once the exit is known and the output read to the end (or shortly after the exit). */
  exited: Promise<ExitInfo>;
}

export interface SupervisorOptions {
  /** Where the workload scripts are (default: resources/workloads, unpacked when packaged). */
  workloadsDir?: string;
  /** Where detached children write their output (default: the OS temp folder's forkscope-logs). */
  logDir?: string;
  /** Added to Forkscope's own environment for every child (a request's env goes on top). */
  env?: Record<string, string>;
}

/** How long after an exit to wait for the rest of the output, when a grandchild still holds the pipe. */
const OUTPUT_TAIL_MS = 100;
/** What a detached child's log file shows of its end (its whole is on disk). */
const LOG_TAIL_BYTES = 256 * 1024;

/**
 * The children Forkscope owns: spawns them in three modes, reaps and reports them, joins,
 * signals and kills them. Every step is an event on one stream.
 */
export class Supervisor {
  private readonly workloadsDir: string;
  private readonly logDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly managed = new Map<ProcessKey, ManagedChild>();
  private readonly events = new EventStream<SupervisorEvent>();
  private readonly outputDone = new EventStream<ChildInfo>();
  private readonly lease: WatchdogLease;
  /** Leaves this process's reaper of adopted processes (which runs in a child subreaper or pid 1; idle otherwise). */
  private readonly stopAdoption: () => void;
  /** Who was born of whom, so kill tree finds a double-forked descendant that was re-parented away. */
  private readonly lineage = new Lineage();
  /** The restart policies of the children that have one. */
  private readonly restarts = new Restarts({
    spawn: (request, chain) => this.spawnOne(request, chain),
    emit: (event) => this.events.emit(event),
  });
  private disposed = false;

  constructor(options: SupervisorOptions = {}) {
    this.workloadsDir = options.workloadsDir ?? join(unpackedResourcesDir(), 'workloads');
    this.logDir = options.logDir ?? join(tmpdir(), 'forkscope-logs');
    this.env = { ...process.env, ...options.env };
    this.lease = acquireWatchdog(this.workloadsDir);
    followKernelIdentities();
    const stopAdoption = adoption().subscribe(
      (event) => this.events.emit(event),
      (sid) => [...this.managed.values()].some((m) => m.info.pid === sid),
    );
    const stopJobExits = supervisorPlatform.onJobExit((event) => this.events.emit(event));
    this.stopAdoption = () => {
      stopAdoption();
      stopJobExits();
    };
  }

  /** The sampler's (or the kernel source's) events: they tell the adoption who had which parent. */
  observe(events: readonly EngineEvent[]): void {
    adoption().observe(events);
    this.lineage.observe(events);
    for (const event of events) if (event.type === 'ended') markIdentityDead(event);
  }

  /** Every lifecycle step of every child; returns the unsubscribe function. */
  onEvent(listener: (event: SupervisorEvent) => void): () => void {
    return this.events.on(listener);
  }

  async spawn(request: SpawnRequest): Promise<ChildInfo[]> {
    if (this.disposed) throw new ForkscopeError('refused', 'the supervisor has shut down; it starts no more children');
    const started: ChildInfo[] = [];
    for (let i = 0; i < (request.count ?? 1); i++) started.push(await this.spawnOne(request));
    return started;
  }

  children(): ChildInfo[] {
    return [...this.managed.values()].map((m) => m.info);
  }

  /** The child's recent output after position `after` (stdout and stderr as they came; a detached child's log file tail). */
  log(target: ProcessTarget, after?: number): OutputRead {
    const child = this.ownChild(target);
    if (child.info.logFile) return readLogFile(child.info.logFile, LOG_TAIL_BYTES, after);
    return { ...child.log.read(after), source: 'memory', logFile: null };
  }

  /** The child's kept output as one text (a lesson's report). */
  logText(target: ProcessTarget): string {
    return this.log(target)
      .chunks.map((c) => c.text)
      .join('');
  }

  /** The newest `maxBytes` of a child's output with the time each piece came (what a recording keeps of it). */
  outputTail(target: ProcessTarget, maxBytes: number): { chunks: OutputChunk[]; dropped: number } {
    const child = this.ownChild(target);
    if (!child.info.logFile) return child.log.tail(maxBytes);
    const read = readLogFile(child.info.logFile, maxBytes);
    return { chunks: read.chunks, dropped: read.from };
  }

  /** Told when a child's output is complete (its pipes closed, or shortly after its exit); returns the unsubscribe function. */
  onOutputDone(listener: (child: ChildInfo) => void): () => void {
    return this.outputDone.on(listener);
  }

  private ownChild(target: ProcessTarget): ManagedChild {
    const child = this.managed.get(processKey(target));
    if (!child) throw new ForkscopeError('invalid-request', `process ${target.pid} is not one of Forkscope's children, so it has no log here`);
    return child;
  }

  /** Waits for a child of Forkscope to exit; with a timeout, says it is still running instead. */
  async join(target: ProcessTarget, timeoutMs?: number): Promise<JoinResult> {
    refuseThread(target.pid);
    const child = this.managed.get(processKey(target));
    if (!child) {
      throw new ForkscopeError(
        'invalid-request',
        `process ${target.pid} is not a child of Forkscope; only a parent can join (wait for) its own children`,
      );
    }
    const exit = await waitForExit(child.exited, timeoutMs);
    const base = { t: Date.now(), pid: target.pid, startTime: target.startTime, name: child.info.name };
    if (!exit) {
      this.events.emit({ type: 'joined', ...base, code: null, signal: null, timedOut: true });
      return { timedOut: true, pid: target.pid, startTime: target.startTime, runningMs: Date.now() - child.info.startedAt };
    }
    this.events.emit({ type: 'joined', ...base, code: exit.code, signal: exit.signal, timedOut: false });
    return { timedOut: false, pid: target.pid, startTime: target.startTime, ...exit };
  }

  async joinAll(timeoutMs?: number): Promise<JoinResult[]> {
    return Promise.all(this.children().map((c) => this.join(c, timeoutMs)));
  }

  /**
   * One signal to one process, after the safety checks; `group` signals the whole process group
   * the target leads instead.
   */
  async signal(target: ProcessTarget, spec: SignalSpec, options: { group?: boolean } = {}): Promise<void> {
    const handle = this.managed.get(processKey(target))?.handle;
    const signal = resolveSignal(spec);
    const row = sendSignal(target, signal, { handle, group: options.group });
    // After the send (which is synchronous) and before its exit can be heard: what the person signalled is not restarted.
    this.restarts.endedByPerson(target, signal.name);
    this.events.emit({
      type: 'signaled',
      t: Date.now(),
      pid: target.pid,
      startTime: target.startTime,
      name: row.name,
      signal: signal.name,
      outcome: options.group ? 'sent-to-group' : 'sent',
    });
  }

  /** TERM then KILL, for one process or (`tree`) its whole frozen subtree, with a report per process. */
  async kill(target: ProcessTarget, options: Omit<KillOptions, 'handleFor'> = {}): Promise<KillReport> {
    const report = await killProcess(target, {
      ...options,
      handleFor: (row) => this.managed.get(processKey(row))?.handle,
      // Before each member's first signal: what the person kills is not restarted, even if it exits during the grace period.
      beforeSignal: (row, signal) => this.restarts.endedByPerson(row, signal),
      lineage: (root) => this.lineage.descendants(root),
    });
    for (const entry of report.entries) {
      if (entry.outcome === 'terminated' || entry.outcome === 'killed') {
        this.events.emit({
          type: 'signaled',
          t: Date.now(),
          pid: entry.pid,
          startTime: entry.startTime,
          name: entry.name,
          signal: entry.outcome === 'killed' ? 'SIGKILL' : 'SIGTERM',
          outcome: entry.outcome,
        });
      }
    }
    return report;
  }

  /** What kill tree of `target` would end now, found as the kill finds it: what the confirmation lists. */
  killPlan(target: ProcessTarget): KillPlan {
    return planKill(target, this.lineage.descendants(target));
  }

  /**
   * Ends attached and daemon children (detached ones are meant to outlive Forkscope) and lets the watchdog go. An
   * attached child goes with its whole subtree (frozen, then TERM, then KILL), so its background children do not
   * live on under init; one in a group of its own has the group ended too, for what left the tree.
   */
  async dispose(graceMs = 1000): Promise<void> {
    this.disposed = true;
    // Nothing is started again from here; a restart under way finishes first, so its child is ended below too.
    await this.restarts.shutdown();
    const owned = [...this.managed.values()].filter((m) => m.info.mode !== 'detached' && m.info.exit === null);
    await Promise.all(
      owned.map(async (m) => {
        if (m.info.mode === 'attached') await this.endTree(m, graceMs);
        this.terminate(m, 'SIGTERM');
        const timer = setTimeout(() => this.terminate(m, 'SIGKILL'), graceMs);
        await m.exited;
        clearTimeout(timer);
        if (m.info.mode === 'attached' && m.ownGroup) this.terminate(m, 'SIGKILL');
      }),
    );
    await this.lease.release();
    this.stopAdoption();
  }

  private async endTree(m: ManagedChild, graceMs: number): Promise<void> {
    try {
      await killProcess(m.info, {
        tree: true,
        graceMs,
        handleFor: (row) => this.managed.get(processKey(row))?.handle,
        lineage: (root) => this.lineage.descendants(root),
      });
    } catch {
      // gone or a zombie already: its exit is on its way
    }
  }

  private terminate(m: ManagedChild, signal: NodeJS.Signals): void {
    if (m.ownGroup) {
      try {
        // Its own group by construction (a new session at spawn), so this cannot reach Forkscope.
        process.kill(-m.info.pid, signal);
        return;
      } catch {
        // group already empty or leader reaped: fall back to the handle
      }
    }
    m.handle.kill(signal);
  }

  private async spawnOne(request: SpawnRequest, chain?: RestartChain): Promise<ChildInfo> {
    const prepared = prepareSpawn(request, { workloadsDir: this.workloadsDir, logDir: this.logDir, env: this.env });
    const { mode } = prepared;
    const { guarded } = prepared;
    if (guarded) await this.lease.watchdog.ensureRunning();
    let row: ProcessRow | null = null;
    const handle = await startChild(prepared, (child) => {
      // In the same tick as the fork: no moment when the daemon runs unguarded by a live event loop.
      if (guarded) this.lease.watchdog.register(child.pid!);
      // Read now, before Node can reap an instant exit: the start time is the child's identity.
      row = readProcess(child.pid!);
      // A pidfd from the first sighting: signals reach this process and never a newcomer on its pid.
      if (row) watchIdentity(row);
    });
    const pid = handle.pid!;
    if (mode === 'detached') handle.unref();
    const seen = row as ProcessRow | null;
    if (!seen) {
      // Without its start time the child has no identity Forkscope could signal or join safely: do not keep it nameless.
      handle.kill('SIGKILL');
      if (prepared.logFile) rmSync(prepared.logFile, { force: true });
      throw new ForkscopeError(
        'internal',
        `started ${prepared.command} as process ${pid} but could not read its start time, so it was stopped; try again, and if it repeats the process table is unreadable here`,
      );
    }

    const info: ChildInfo = {
      pid,
      startTime: seen.startTime,
      name: seen.name,
      mode,
      command: prepared.command,
      args: prepared.args,
      startedAt: Date.now(),
      logFile: prepared.logFile && nameLogFile(prepared.logFile, pid, seen.startTime),
      exit: null,
      restarts: chain?.restarts ?? 0,
    };
    const log = new OutputLog();
    handle.stdout?.on('data', (data: Buffer) => {
      log.append('stdout', data);
      if (prepared.tee) process.stdout.write(data);
    });
    handle.stderr?.on('data', (data: Buffer) => {
      log.append('stderr', data);
      if (prepared.tee) process.stderr.write(data);
    });
    // After the start, Node reports a failed handle.kill() (EPERM) as an 'error' event: keep it, never crash on it.
    handle.on('error', (error) => log.append('stderr', `\n[forkscope] ${error.message}\n`));
    const exited = new Promise<ExitInfo>((resolve) => {
      handle.once('exit', (code, signal) => {
        const now = Date.now();
        const exit: ExitInfo = { code, signal, runMs: now - info.startedAt, reapedAt: now };
        info.exit = exit;
        markIdentityDead(info);
        const base = { t: now, pid, startTime: info.startTime, name: info.name };
        this.events.emit({ type: 'exited', ...base, code, signal, runMs: exit.runMs });
        this.events.emit({ type: 'reaped', ...base });
        this.restarts.exited(info, exit);
        // Output may still be in the pipe; a grandchild holding it open must not delay the join much.
        let told = false;
        const done = () => {
          clearTimeout(tail);
          if (told) return;
          told = true;
          resolve(exit);
          this.outputDone.emit(info);
        };
        const tail = setTimeout(done, OUTPUT_TAIL_MS);
        handle.once('close', done);
      });
    });
    this.managed.set(processKey(info), { info, handle, log, ownGroup: prepared.ownGroup, exited });
    this.restarts.track(info, request, chain);

    const processInfo: ProcessInfo = {
      pid,
      ppid: seen.ppid,
      name: seen.name,
      cmd: seen.cmd,
      state: seen.state,
      user: seen.user,
      startedAt: seen.startedAt,
      startTime: seen.startTime,
      cpuPercent: null,
      rssBytes: seen.rssBytes,
      zombie: false,
      orphan: false,
      pgid: seen.pgid,
      sid: seen.sid,
      threads: seen.threads,
      formerParent: null,
      reaper: isReaper(seen, reaperPidsFromEnv()),
    };
    this.events.emit({
      type: 'spawned',
      t: info.startedAt,
      pid,
      startTime: info.startTime,
      name: info.name,
      ppid: seen.ppid,
      mode,
      command: prepared.command,
      args: prepared.args,
      logFile: info.logFile,
      process: processInfo,
    });
    return info;
  }
}
