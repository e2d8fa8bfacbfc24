import type { TFunction } from 'i18next';
import type { Failure } from '../../../shared/result';

/** What the person reads for a failure: the engine's own words for now. */
export function failureText(_t: TFunction, failure: Failure): string {
  return failure.message;
}
