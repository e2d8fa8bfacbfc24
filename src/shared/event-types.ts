import type { EngineEvent } from './events';

export type EngineEventType = EngineEvent['type'];

/**
 * Event types a person sees named: in the event log (its type menu and each line) and on the replay's timeline.
 * Each has its words in the UI text tables (`events.type.*`, en and zh-CN); the internal name is never shown.
 */
export const NAMED_EVENT_TYPES = [
  'spawned',
  'started',
  'exec',
  'exit',
  'exited',
  'reaped',
  'ended',
  'signaled',
  'joined',
  'restart-scheduled',
  'restarted',
  'restart-ended',
  'reparented',
  'orphaned',
  'adopted',
  'became-zombie',
  'zombie-reaped',
  'state-changed',
  'queue-started',
] as const satisfies readonly EngineEventType[];

/**
 * The machine's process starts, execs, exits and state changes: the bulk of a busy machine's events. They can wait to
 * be posted and drawn (a storm's are batched), and a full event log drops them first; what Forkscope did or found cannot.
 */
export const CHURN_EVENT_TYPES: ReadonlySet<EngineEventType> = new Set<EngineEventType>(['started', 'ended', 'exec', 'exit', 'state-changed']);

/** The event log's types, in its menu's order: the lives of processes (see isLogEvent). */
export const LOG_EVENT_TYPES = NAMED_EVENT_TYPES.filter((type) => type !== 'queue-started');

/**
 * Event types never named to a person: metrics, table plumbing, and queue and lesson internals that their own
 * views draw. A new event type must be added here or to NAMED_EVENT_TYPES (a test walks the schema).
 */
export const UNNAMED_EVENT_TYPES = [
  'sample',
  'lifecycle',
  'events-lost',
  'system',
  'keyframe',
  'queue-processes',
  'queue-metrics',
  'queue-finished',
  'queue-failed',
  'program-queues',
  'lesson-started',
  'lesson-event',
  'lesson-observation',
  'lesson-finished',
  'lesson-failed',
  'sampler-failed',
] as const satisfies readonly EngineEventType[];
