import type { ProcessInfo } from '../../../shared/model';
import { decodeWaitStatus, type ProcConnectorEvent } from '../os/netlink-decode';
import type { LinuxProcessReader } from '../sampler/linux';
import { toProcessInfo } from '../sampler/to-snapshot';
import { EventClock } from './event-clock';

export interface EventLine {
  text: string;
  json: Record<string, unknown>;
  /** The process the line is about, as the filter language sees it. */
  subject: ProcessInfo;
}

const NO_REAPERS: ReadonlySet<number> = new Set();
/** What is shown of a process gone before /proc could be read, with no parent known either. */
const UNKNOWN: ProcessInfo = {
  pid: 0,
  ppid: 0,
  name: '?',
  cmd: '?',
  state: 'dead',
  user: null,
  startedAt: 0,
  startTime: 0,
  cpuPercent: null,
  rssBytes: null,
  zombie: false,
  orphan: false,
};
const pad = (word: string): string => word.padEnd(6);

/**
 * One line per kernel process event, as forkstat prints them: fork (parent → child), exec with its
 * argv (read from /proc at once), exit with its code or signal and core flag, uid/gid/sid/comm changes.
 * Threads are counted, not printed. What a process was is remembered, so its exit still has a name.
 */
export class EventLines {
  threads = 0;
  private readonly known = new Map<number, ProcessInfo>();
  private readonly clock = new EventClock();
  private readonly reader: LinuxProcessReader;

  constructor(reader: LinuxProcessReader) {
    this.reader = reader;
  }

  batch(events: readonly ProcConnectorEvent[]): EventLine[] {
    this.clock.measure();
    const lines: EventLine[] = [];
    for (const event of events) {
      const line = this.line(event);
      if (line) lines.push(line);
    }
    return lines;
  }

  private line(event: ProcConnectorEvent): EventLine | null {
    const t = this.clock.epochMs(event.timestampNs);
    const time = new Date(t).toISOString().slice(11, 23);
    switch (event.kind) {
      case 'fork': {
        if (event.childPid !== event.childTgid) {
          this.threads++;
          return null;
        }
        const parent = this.look(event.parentTgid);
        const child = this.look(event.childTgid, parent);
        return {
          text: `${time} ${pad('fork')} ${event.parentTgid} (${parent.name}) → ${event.childTgid}`,
          json: { type: 'fork', t, pid: event.childTgid, ppid: event.parentTgid, parentName: parent.name },
          subject: child,
        };
      }
      case 'exec': {
        const p = this.look(event.tgid, undefined, true);
        return {
          text: `${time} ${pad('exec')} ${event.tgid} ${p.cmd}`,
          json: { type: 'exec', t, pid: event.tgid, name: p.name, cmd: p.cmd },
          subject: p,
        };
      }
      case 'exit': {
        if (event.pid !== event.tgid) return null;
        const p = this.known.get(event.tgid) ?? this.look(event.tgid);
        this.known.delete(event.tgid);
        const { code, signal, core } = decodeWaitStatus(event.status);
        const how = signal ? `killed by ${signal}${core ? ' (core dumped)' : ''}` : `exited with code ${code}`;
        return {
          text: `${time} ${pad('exit')} ${event.tgid} (${p.name}) ${how}`,
          json: { type: 'exit', t, pid: event.tgid, ppid: event.parentTgid, name: p.name, code, signal, core },
          subject: p,
        };
      }
      case 'uid':
      case 'gid':
      case 'sid': {
        if (event.pid !== event.tgid) return null;
        const p = this.look(event.tgid, undefined, true);
        const detail = event.kind === 'sid' ? `new session ${event.tgid}` : `real ${event.real} effective ${event.effective}`;
        const extra = event.kind === 'sid' ? { sid: event.tgid } : { real: event.real, effective: event.effective };
        return {
          text: `${time} ${pad(event.kind)} ${event.tgid} (${p.name}) ${detail}`,
          json: { type: event.kind, t, pid: event.tgid, name: p.name, ...extra },
          subject: p,
        };
      }
      case 'comm': {
        if (event.pid !== event.tgid) return null;
        const p = this.look(event.tgid);
        const renamed = { ...p, name: event.comm };
        this.known.set(event.tgid, renamed);
        return {
          text: `${time} ${pad('comm')} ${event.tgid} ${p.name} → ${event.comm}`,
          json: { type: 'comm', t, pid: event.tgid, name: event.comm },
          subject: renamed,
        };
      }
      case 'coredump':
        return {
          text: `${time} ${pad('core')} ${event.tgid} (${this.look(event.tgid).name}) dumping core`,
          json: { type: 'coredump', t, pid: event.tgid },
          subject: this.look(event.tgid),
        };
      default:
        return null;
    }
  }

  /** The process as /proc shows it now (read again after an exec), or as remembered, or as its parent was. */
  private look(pid: number, parent?: ProcessInfo, fresh = false): ProcessInfo {
    const cached = this.known.get(pid);
    if (cached && !fresh) return cached;
    const row = this.reader.readOne(pid);
    const info: ProcessInfo = row
      ? toProcessInfo(row, null, undefined, NO_REAPERS)
      : (cached ?? { ...(parent ?? UNKNOWN), pid, ppid: parent?.pid ?? 0 });
    this.known.set(pid, info);
    return info;
  }
}
