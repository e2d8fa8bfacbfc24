import type { CommandHandlers, ContractProvider } from '../../src/main/engine/dispatch';
import type { StreamName, StreamPayload } from '../../src/shared/contract';
import { processInfo } from '../../src/shared/__fixtures__/process-info';
import type { EngineEvent } from '../../src/shared/events';
import type { ProcessInfo } from '../../src/shared/model';
import { ForkscopeError } from '../../src/shared/result';
import { SettingsSchema } from '../../src/shared/settings';

/**
 * A feed of the real contract with a made-up machine of N processes, for the UI benchmark:
 * the renderer cannot tell it from the engine, and the bench decides when each update comes.
 */
export class SyntheticHost implements ContractProvider {
  readonly processes: ProcessInfo[];
  private readonly listeners = new Set<(payload: StreamPayload<'engine:events'>) => void>();
  private t = Date.now();
  readonly handlers: CommandHandlers;

  constructor(count: number) {
    this.processes = Array.from({ length: count }, (_, i) => {
      const pid = i + 1;
      // A tree of fan-out 40: deep enough to indent, wide enough to scroll.
      const ppid = pid === 1 ? 0 : Math.max(1, Math.floor((pid - 2) / 40) + 1);
      return processInfo(pid, ppid, `worker-${pid % 97}`, {
        cmd: `/usr/bin/worker --id ${pid} --pool ${pid % 13}`,
        user: pid % 5 ? 'ada' : 'root',
        startedAt: this.t - pid * 1000,
        startTime: pid * 7,
        cpuPercent: 0,
        rssBytes: 1_000_000 + pid * 1000,
        pgid: pid,
        sid: pid,
        threads: 1,
        formerParent: null,
      });
    });
    const unsupported = async (): Promise<never> => {
      throw new ForkscopeError('unsupported', 'the synthetic benchmark host has no engine behind it');
    };
    this.handlers = {
      'app:info': async () => ({ name: 'forkscope', version: 'bench', platform: 'linux', enginePid: 1, shell: 'host' }),
      'settings:get': async () => SettingsSchema.parse({}),
      'settings:set': async () => SettingsSchema.parse({}),
      'sampler:snapshot': async () => this.snapshot(),
      'sampler:details': async () => ({ exe: null, cwd: null, env: null }),
      'sampler:demand': async () => ({ viewers: 1, expiresInMs: 15_000 }),
      'supervisor:workloads': async () => [],
      'supervisor:spawn': unsupported,
      'supervisor:join': unsupported,
      'supervisor:signal': unsupported,
      'supervisor:kill': unsupported,
      'supervisor:renice': unsupported,
      'supervisor:ionice': unsupported,
      'supervisor:affinity': unsupported,
      'supervisor:log': unsupported,
      'supervisor:kill-plan': unsupported,
      'queue:start': unsupported,
      'queue:stop': unsupported,
      'session:status': async () => ({ recording: null, replay: null, sampler: null }),
      'recorder:start': unsupported,
      'recorder:stop': unsupported,
      'replay:upload': unsupported,
      'replay:open': unsupported,
      'replay:close': unsupported,
      'replay:seek': unsupported,
      'replay:play': unsupported,
      'replay:pause': unsupported,
      'replay:jump': unsupported,
      'replay:markers': unsupported,
      'replay:export': unsupported,
      'replay:export-piece': unsupported,
      'replay:upload-cancel': unsupported,
      'lesson:list': async () => [],
      'lesson:source': unsupported,
      'lesson:run': unsupported,
      'lesson:stop': unsupported,
    };
  }

  subscribe<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void {
    if (stream === 'session:status') {
      (listener as (payload: StreamPayload<'session:status'>) => void)({ recording: null, replay: null, sampler: null });
      return () => {};
    }
    const typed = listener as (payload: StreamPayload<'engine:events'>) => void;
    this.listeners.add(typed);
    typed({ events: [{ type: 'keyframe', t: this.t, snapshot: this.snapshot() }] });
    return () => this.listeners.delete(typed);
  }

  /** One tick in which `share` of the processes change CPU and memory, the first rows always among them. */
  update(share: number): void {
    this.tick(share, 0);
  }

  /**
   * One tick in which `share` of the processes change, all of them far down the table (the last tenth by pid, which
   * the tree shows at its bottom): nothing in view changes.
   */
  idleUpdate(share: number): void {
    this.tick(share, Math.floor(this.processes.length * 0.9));
  }

  private tick(share: number, from: number): void {
    this.t += 1000;
    const changes = [];
    const step = Math.max(1, Math.round(1 / share));
    const count = Math.max(1, Math.round(this.processes.length * share));
    for (let i = from, n = 0; i < this.processes.length && n < count; i += from === 0 ? step : 1, n++) {
      const p = this.processes[i]!;
      p.cpuPercent = Math.round(Math.random() * 1000) / 10;
      p.rssBytes = (p.rssBytes ?? 0) + 4096;
      changes.push({ pid: p.pid, startTime: p.startTime, cpuPercent: p.cpuPercent, rssBytes: p.rssBytes });
    }
    const events: EngineEvent[] = [{ type: 'sample', t: this.t, changes }];
    for (const listener of this.listeners) listener({ events });
  }

  private snapshot() {
    return { takenAt: this.t, platform: 'linux' as const, processes: this.processes, zombies: [], orphans: [] };
  }
}
