import { ForkscopeError } from '../../../shared/result';
import type { SignalInfo, SignalSpec } from '../../../shared/signals';
import { supervisorPlatform } from './platform';

let table: SignalInfo[] | undefined;

/** This platform's signals, by number: what the signal menu lists. */
export function platformSignals(): SignalInfo[] {
  table ??= supervisorPlatform.signals();
  return table;
}

/** A requested signal (name or number) as this platform knows it, or a refusal naming what it has. */
export function resolveSignal(spec: SignalSpec): SignalInfo {
  const found = platformSignals().find((s) => (typeof spec === 'number' ? s.number === spec : s.name === spec));
  if (found) return found;
  const have = platformSignals();
  throw new ForkscopeError(
    'unsupported',
    `${typeof spec === 'number' ? `signal ${spec}` : spec} does not exist on this platform; it has ${have.length} signals, ` +
      `${have[0]!.number}–${have[have.length - 1]!.number} (${have.map((s) => s.name).join(', ')})`,
  );
}
