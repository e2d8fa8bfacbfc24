import type { EngineEvent, ProcessChange } from '../../shared/events';

type Payload = { events: EngineEvent[]; reset?: boolean; lab?: boolean };

/** What a sample keeps for a hidden view: the changes Problems and the tree's names read (orphans, exec), nothing of metrics. */
function summaryChange(change: ProcessChange): ProcessChange | null {
  if (change.orphan === undefined && change.name === undefined && change.cmd === undefined) return null;
  const kept: ProcessChange = { pid: change.pid, startTime: change.startTime };
  if (change.orphan !== undefined) kept.orphan = change.orphan;
  if (change.name !== undefined) kept.name = change.name;
  if (change.cmd !== undefined) kept.cmd = change.cmd;
  return kept;
}

/**
 * engine:events as a hidden view asks for them ('summary'): every lifecycle event, the system figures, the lab and any
 * keyframe pass; samples keep only orphan and exec changes, so a background tab gets the header and Problems, not
 * per-process CPU and memory history. Null when nothing is left to send.
 */
export function summaryPayload(payload: Payload): Payload | null {
  let events: EngineEvent[] | undefined;
  for (let i = 0; i < payload.events.length; i++) {
    const event = payload.events[i]!;
    if (event.type !== 'sample') {
      events?.push(event);
      continue;
    }
    events ??= payload.events.slice(0, i);
    const changes = event.changes.map(summaryChange).filter((c): c is ProcessChange => c !== null);
    if (changes.length > 0) events.push({ ...event, changes });
  }
  if (!events) return payload;
  if (events.length === 0 && !payload.reset && !payload.lab) return null;
  return { ...payload, events };
}
