import { PROCESS_STATES, type ProcessState } from './model';

// A `sample` carries one change per process that changed (a thousand a second at 20,000 processes). Where a page's
// Content-Security-Policy forbids eval, zod cannot compile its object parser and walks every optional field of every
// change: 2 µs each, most of an idle tick's script. This check reads only the fields a change holds. A test keeps it
// equal to ProcessChangeSchema (same fields, same verdicts).

type FieldCheck = (value: unknown) => boolean;

const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isInt = (value: unknown): boolean => Number.isSafeInteger(value);
const orNull =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === null || check(value);
const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
const isString = (value: unknown): boolean => typeof value === 'string';
const STATES = new Set<string>(PROCESS_STATES);
const isState = (value: unknown): value is ProcessState => typeof value === 'string' && STATES.has(value);

/** Every field a process change may hold, with what it must be (see ProcessChangeSchema in events.ts). */
export const PROCESS_CHANGE_FIELDS: Readonly<Record<string, FieldCheck>> = {
  pid: isInt,
  startTime: isNumber,
  cpuPercent: orNull(isNumber),
  rssBytes: orNull(isNumber),
  threads: orNull(isInt),
  orphan: isBoolean,
  cpuTimeMs: orNull(isNumber),
  nice: orNull(isInt),
  priority: orNull(isInt),
  virtBytes: orNull(isNumber),
  shrBytes: orNull(isNumber),
  stateLetter: orNull((value) => typeof value === 'string' && value.length <= 2),
  ioReadBps: orNull(isNumber),
  ioWriteBps: orNull(isNumber),
  ioReadable: isBoolean,
  name: isString,
  cmd: isString,
  state: isState,
  pgid: orNull(isInt),
  sid: orNull(isInt),
};

/**
 * What is wrong with a process change, or null when it is one. Fields it may not hold are removed from it, as zod
 * strips them, so a hostile change cannot set what a sample never carries (a process's `zombie` flag, say).
 */
export function processChangeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a process change is an object';
  const change = value as Record<string, unknown>;
  if (!('pid' in change) || !('startTime' in change)) return 'a process change names its process by pid and startTime';
  for (const key of Object.keys(change)) {
    // hasOwn: a key such as "constructor" would otherwise find Object's own function as its check.
    const check = Object.hasOwn(PROCESS_CHANGE_FIELDS, key) ? PROCESS_CHANGE_FIELDS[key] : undefined;
    if (!check) delete change[key];
    else if (!check(change[key])) return `a process change's ${key} is not valid (${JSON.stringify(change[key])?.slice(0, 40)})`;
  }
  return null;
}
