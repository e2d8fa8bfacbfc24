import type { EngineEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';

/** Births are forgotten beyond this many, oldest first (a process that lived that long ago is not in a tree being killed). */
const MAX_BIRTHS = 100_000;

/**
 * Who was born of whom, as the event stream told it: a `started` event names the parent a
 * process had when it appeared (its real parent at the fork when the kernel's fork events feed
 * the stream; its parent at the first sample otherwise). Kept after the parent exits, so a
 * double-forked descendant that was re-parented away is still known to belong to the tree.
 */
export class Lineage {
  private readonly parentOf = new Map<string, string>();
  private readonly children = new Map<string, Set<string>>();
  private readonly liveByPid = new Map<number, string>();

  observe(events: readonly EngineEvent[]): void {
    // Parents first: a batch may name a child before its parent.
    for (const event of events) {
      if (event.type === 'keyframe') {
        this.liveByPid.clear();
        for (const p of event.snapshot.processes) this.liveByPid.set(p.pid, processKey(p));
      } else if (event.type === 'started') this.liveByPid.set(event.process.pid, processKey(event.process));
    }
    for (const event of events) {
      if (event.type === 'keyframe') for (const p of event.snapshot.processes) if (!this.parentOf.has(processKey(p))) this.birth(p);
      if (event.type === 'started') this.birth(event.process);
    }
    for (const event of events) if (event.type === 'ended' && this.liveByPid.get(event.pid) === processKey(event)) this.liveByPid.delete(event.pid);
  }

  /** Every process born in the subtree of `root`, however it was re-parented since (keys: pid@startTime). */
  descendants(root: { pid: number; startTime: number }): string[] {
    const found: string[] = [];
    const queue = [processKey(root) as string];
    const seen = new Set(queue);
    while (queue.length > 0) {
      for (const child of this.children.get(queue.shift()!) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        found.push(child);
        queue.push(child);
      }
    }
    return found;
  }

  private birth(p: { pid: number; startTime: number; ppid: number }): void {
    const key = processKey(p) as string;
    const parent = this.liveByPid.get(p.ppid);
    if (!parent || parent === key) return;
    this.parentOf.set(key, parent);
    let set = this.children.get(parent);
    if (!set) this.children.set(parent, (set = new Set()));
    set.add(key);
    if (this.parentOf.size > MAX_BIRTHS) {
      const [oldest, itsParent] = this.parentOf.entries().next().value!;
      this.parentOf.delete(oldest);
      this.children.get(itsParent)?.delete(oldest);
    }
  }
}
