import type { CommandInput, CommandName, CommandResponse } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { invoke, type Dispatchable } from '../engine/dispatch';

/**
 * A command through the contract, as a shell sends it (validated, refused in a replay if live), typed by the
 * contract: a misspelt command or a wrong request does not compile, and the value needs no cast.
 */
export function call<K extends CommandName>(engine: Dispatchable, command: K, request: CommandInput<K>): Promise<Result<CommandResponse<K>>> {
  return invoke(engine, command, request);
}

/** The value of a Result a test expects to succeed; a failure throws with its kind and message, so the test says why. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}
