import {
  commands,
  isCommandName,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type StreamName,
  type StreamPayload,
} from '../../shared/contract';
import { fail, ok, toFailure, type Result } from '../../shared/result';

/** What the engine does for each command; may throw ForkscopeError, which becomes a Result here. */
export type CommandHandlers = {
  [K in CommandName]: (request: CommandRequest<K>) => Promise<CommandResponse<K>>;
};

/** What a shell binds: the engine, or a synthetic feed of the same contract (the UI benchmark). */
export interface ContractProvider {
  readonly handlers: CommandHandlers;
  subscribe<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void;
}

/**
 * The receiving side of the contract, shared by every shell: checks the command name and the
 * request against the contract's schema, runs the handler, and never throws.
 */
export async function dispatchCommand(handlers: CommandHandlers, command: unknown, request: unknown): Promise<Result<unknown>> {
  if (!isCommandName(command)) {
    return fail('unknown-command', `unknown command ${JSON.stringify(command)}; this version knows ${Object.keys(commands).join(', ')}`);
  }
  const parsed = commands[command].request.safeParse(request ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    return fail('invalid-request', `${command}: ${issues}`);
  }
  try {
    const handler = handlers[command] as (r: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    return { ok: false, error: toFailure(error) };
  }
}
