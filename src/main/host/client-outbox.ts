import type { EngineEvent, ProcessChange } from '../../shared/events';
import type { ServerMessage } from '../../shared/ws-envelope';

/** What the outbox needs of a socket: ws's WebSocket fits. */
export interface OutboxSocket {
  readonly bufferedAmount: number;
  send(text: string, done: (error?: Error) => void): void;
}

export interface OutboxLimits {
  /** Bytes a client may have waiting (the socket's bufferedAmount plus what the outbox keeps for it) before it is closed. */
  maxBufferedBytes: number;
  /** Below this bufferedAmount a message goes out at once; above it, it waits here and metrics coalesce. */
  watermarkBytes: number;
}

/** Figures for one client, for tests and diagnostics. */
export interface OutboxStats {
  bufferedAmount: number;
  /** Bytes of what cannot be coalesced (results, lifecycle events) waiting in the outbox. */
  keptBytes: number;
  /** Messages and events merged into later ones or replaced by them since the client connected. */
  coalesced: number;
  /** The client was closed for holding more than the limit. */
  overflowed: boolean;
}

type Coalescible = Extract<EngineEvent, { type: 'sample' | 'system' | 'keyframe' }>;
const isCoalescible = (event: EngineEvent): event is Coalescible => event.type === 'sample' || event.type === 'system' || event.type === 'keyframe';

/**
 * What one client has not been sent yet. A client that reads as fast as we send gets every
 * message as it comes. A slow one gets, when it can take more, one batch in which `sample`
 * events are merged (the latest value of each metric wins), only the latest `system` and
 * `keyframe` remain, and the latest message of any other stream (`session:status`) replaces older ones. Lifecycle events and
 * results are never dropped: if they alone exceed the limit, `overflow` is called and the
 * caller closes the client.
 */
export class ClientOutbox {
  private kept: string[] = [];
  private events: EngineEvent[] = [];
  private reset = false;
  /** Other streams carry a state (session:status): the latest of each replaces the ones before. */
  private latest = new Map<string, ServerMessage>();
  private keptBytes = 0;
  private coalesced = 0;
  private closed = false;
  private overflowed = false;

  constructor(
    private readonly socket: OutboxSocket,
    private readonly limits: OutboxLimits,
    private readonly overflow: (held: number) => void,
  ) {}

  push(message: ServerMessage): void {
    if (this.closed) return;
    if (this.empty() && this.socket.bufferedAmount < this.limits.watermarkBytes) {
      this.write(JSON.stringify(message));
      return;
    }
    if (message.type === 'event' && message.stream === 'engine:events') this.addEvents(message.payload as { events: EngineEvent[]; reset?: boolean });
    else if (message.type === 'event') {
      if (this.latest.has(message.stream)) this.coalesced++;
      this.latest.set(message.stream, message);
    } else this.keep(JSON.stringify(message));
    if (this.socket.bufferedAmount + this.keptBytes > this.limits.maxBufferedBytes) {
      const held = this.socket.bufferedAmount + this.keptBytes;
      this.clear();
      this.overflowed = true;
      this.overflow(held);
      return;
    }
    this.flush();
  }

  stats(): OutboxStats {
    return { bufferedAmount: this.socket.bufferedAmount, keptBytes: this.keptBytes, coalesced: this.coalesced, overflowed: this.overflowed };
  }

  /** Drops everything held, for good: the client is going away. */
  clear(): void {
    this.closed = true;
    this.kept = [];
    this.events = [];
    this.latest.clear();
    this.keptBytes = 0;
  }

  private empty(): boolean {
    return this.kept.length === 0 && this.events.length === 0 && this.latest.size === 0 && !this.reset;
  }

  private keep(text: string): void {
    this.kept.push(text);
    this.keptBytes += text.length;
  }

  private addEvents(payload: { events: EngineEvent[]; reset?: boolean }): void {
    if (payload.reset) {
      // The receiver forgets everything before a reset, so nothing before it needs sending.
      this.coalesced += this.events.length;
      this.events = [];
      this.keptBytes = this.kept.reduce((n, text) => n + text.length, 0);
      this.reset = true;
    }
    for (const event of payload.events) {
      if (!isCoalescible(event)) {
        this.events.push(event);
        this.keptBytes += JSON.stringify(event).length;
        continue;
      }
      const latest = this.supersede(event); // reassigns this.events, so not inline in the push
      this.events.push(latest);
    }
  }

  /**
   * The pending events without those `event` makes stale: a keyframe replaces the earlier table
   * state (keyframes, samples, system figures) but not the lifecycle events before it; a sample
   * takes in the earlier sample's changes where it has none of its own, and moves to the end.
   * Returns what to append; the engine's event objects are shared by every client and never changed.
   */
  private supersede(event: Coalescible): EngineEvent {
    const stale = (e: EngineEvent): boolean => (event.type === 'keyframe' ? isCoalescible(e) : e.type === event.type);
    const earlier = this.events.find((e): e is Extract<EngineEvent, { type: 'sample' }> => e.type === 'sample');
    const kept = this.events.filter((e) => !stale(e));
    this.coalesced += this.events.length - kept.length;
    this.events = kept;
    if (event.type === 'sample' && earlier) return { ...event, changes: mergeChanges(earlier.changes, event.changes) };
    return event;
  }

  private flush(): void {
    if (this.closed || this.socket.bufferedAmount >= this.limits.watermarkBytes) return;
    for (const text of this.kept) this.write(text);
    for (const message of this.latest.values()) this.write(JSON.stringify(message));
    if (this.events.length > 0 || this.reset) {
      const payload = { events: this.events, ...(this.reset ? { reset: true } : {}) };
      this.write(JSON.stringify({ type: 'event', stream: 'engine:events', payload } satisfies ServerMessage));
    }
    this.kept = [];
    this.events = [];
    this.latest.clear();
    this.reset = false;
    this.keptBytes = 0;
  }

  private write(text: string): void {
    // Each write's callback runs once ws has handed the bytes to the kernel: the moment to send what waited.
    this.socket.send(text, () => this.flush());
  }
}

/** Newer values win; a process only in the older sample keeps its older values. */
function mergeChanges(older: ProcessChange[], newer: ProcessChange[]): ProcessChange[] {
  const byKey = new Map<string, ProcessChange>();
  for (const change of older) byKey.set(`${change.pid}:${change.startTime}`, change);
  for (const change of newer) {
    const key = `${change.pid}:${change.startTime}`;
    byKey.set(key, { ...byKey.get(key), ...change });
  }
  return [...byKey.values()];
}
