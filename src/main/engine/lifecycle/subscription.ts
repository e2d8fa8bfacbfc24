import type { SamplerEvent } from '../../../shared/events';
import type { LifecycleStatus } from '../../../shared/model';

/** What the supervisor (pidfds from first sighting, dead identities) needs of kernel events, in kernel order. */
export type LifecycleNotice =
  | { kind: 'fork'; t: number; pid: number; startTime: number; ppid: number }
  | { kind: 'exit'; t: number; pid: number; startTime: number; code: number | null; signal: string | null; core: boolean };

type Listener = (notices: LifecycleNotice[]) => void;
const listeners = new Set<Listener>();
let status: LifecycleStatus | null = null;

/** Every fork and exit the kernel reports (events mode only), a few ms after it happens; returns the unsubscribe. */
export function onLifecycle(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The mode the last sampler to probe found, or null before any did. */
export function lifecycleMode(): LifecycleStatus | null {
  return status;
}

/** Called by the Sampler with the events its worker fused between ticks. */
export function publishLifecycle(events: readonly SamplerEvent[]): void {
  const notices: LifecycleNotice[] = [];
  for (const event of events) {
    if (event.type === 'lifecycle') status = { mode: event.mode, reason: event.reason };
    else if (event.type === 'started') {
      const { pid, startTime, ppid } = event.process;
      notices.push({ kind: 'fork', t: event.t, pid, startTime, ppid });
    } else if (event.type === 'exit') {
      const { t, pid, startTime, code, signal, core } = event;
      notices.push({ kind: 'exit', t, pid, startTime, code, signal, core });
    }
  }
  if (notices.length === 0) return;
  for (const listener of listeners) listener(notices);
}
