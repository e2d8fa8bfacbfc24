/**
 * What a recording (or an export) keeps of a value it did not make, such as a request a client
 * sent: at most RECORDED_VALUE_DEPTH levels deep and about RECORDED_VALUE_BYTES of JSON. What
 * goes past a limit is replaced by a string saying what was cut, so the value always serializes.
 */
export const RECORDED_VALUE_DEPTH = 12;
export const RECORDED_VALUE_BYTES = 16 * 1024;
/** Longest string kept whole inside such a value. */
const STRING_CHARS = 2048;

export interface ValueLimits {
  depth: number;
  bytes: number;
}

const DEFAULT_LIMITS: ValueLimits = { depth: RECORDED_VALUE_DEPTH, bytes: RECORDED_VALUE_BYTES };

/**
 * A copy of `value` within the limits, made of plain JSON values. Never throws: a value that
 * cannot be read at all (a throwing getter) becomes a string saying so.
 */
export function boundValue(value: unknown, limits: ValueLimits = DEFAULT_LIMITS): unknown {
  try {
    const budget = { left: limits.bytes };
    return copy(value, limits.depth, budget);
  } catch (error) {
    return `[cut: the value could not be read (${error instanceof Error ? error.message : 'unknown error'})]`;
  }
}

/** JSON text of a value within the limits; never throws. */
export function boundedJson(value: unknown, limits: ValueLimits = DEFAULT_LIMITS): string {
  try {
    return JSON.stringify(boundValue(value, limits)) ?? 'null';
  } catch {
    return '"[cut: the value could not be written]"';
  }
}

function copy(value: unknown, depth: number, budget: { left: number }): unknown {
  switch (typeof value) {
    case 'string': {
      const kept = value.length > STRING_CHARS ? `${value.slice(0, STRING_CHARS)}…[cut: ${value.length - STRING_CHARS} more characters]` : value;
      budget.left -= kept.length + 2;
      return kept;
    }
    case 'number':
      budget.left -= 8;
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      budget.left -= 5;
      return value;
    case 'bigint':
      budget.left -= 20;
      return String(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) {
    budget.left -= 4;
    return null;
  }
  if (depth <= 0) return cut(`deeper than ${RECORDED_VALUE_DEPTH} levels`, budget);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    budget.left -= 2;
    for (let i = 0; i < value.length; i++) {
      if (budget.left <= 0) {
        out.push(cut(`${value.length - i} more items past the ${RECORDED_VALUE_BYTES / 1024} KiB limit`, budget));
        break;
      }
      const item = copy(value[i], depth - 1, budget);
      out.push(item === undefined ? null : item);
      budget.left -= 1;
    }
    return out;
  }
  const entries: Array<[string, unknown]> = [];
  const keys = Object.keys(value as object);
  budget.left -= 2;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (budget.left <= 0) {
      entries.push(['[cut]', cut(`${keys.length - i} more keys past the ${RECORDED_VALUE_BYTES / 1024} KiB limit`, budget)]);
      break;
    }
    const shortKey = key.length > 256 ? `${key.slice(0, 256)}…` : key;
    budget.left -= shortKey.length + 3;
    const item = copy((value as Record<string, unknown>)[key], depth - 1, budget);
    if (item !== undefined) entries.push([shortKey, item]);
  }
  // fromEntries defines own properties, so a key named __proto__ stays a key, never a prototype.
  return Object.fromEntries(entries);
}

function cut(what: string, budget: { left: number }): string {
  budget.left -= what.length + 10;
  return `[cut: ${what}]`;
}
