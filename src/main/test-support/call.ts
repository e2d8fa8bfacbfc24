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
