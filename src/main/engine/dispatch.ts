import type { z } from 'zod';
import {
  commands,
  isCommandName,
  isLiveCommand,
  type CommandInput,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type StreamName,
  type StreamPayload,
} from '../../shared/contract';
import { fail, ok, toFailure, type Result } from '../../shared/result';
import { ChildInfoSchema } from '../../shared/supervision';
import { InternalSpawnRequestSchema } from './supervisor/spawn-request';

/** What the engine does for each command; may throw ForkscopeError, which becomes a Result here. */
export type CommandHandlers = {
  [K in CommandName]: (request: CommandRequest<K>) => Promise<CommandResponse<K>>;
};

/** What dispatch runs commands on: the handlers, and (an engine) why live commands are off just now. */
export interface Dispatchable {
  readonly handlers: CommandHandlers;
  /** Non-null while commands marked `live: true` must be refused (a replay is shown): the reason, for the person. */
  liveRefusal?(): string | null;
}

/** What a shell binds: the engine, or a synthetic feed of the same contract (the UI benchmark). */
export interface ContractProvider extends Dispatchable {
  subscribe<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void;
}

type Table = Record<string, { request: z.ZodType; response: z.ZodType }>;

async function dispatchIn(
  table: Table,
  handlers: Record<string, (r: never) => Promise<unknown>>,
  command: unknown,
  request: unknown,
  refusal: (command: string) => string | null = () => null,
): Promise<Result<unknown>> {
  if (typeof command !== 'string' || !Object.hasOwn(table, command)) {
    return fail('unknown-command', `unknown command ${JSON.stringify(command)}; this version knows ${Object.keys(table).join(', ')}`);
  }
  const parsed = table[command]!.request.safeParse(request ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    return fail('invalid-request', `${command}: ${issues}`);
  }
  const refused = refusal(command);
  if (refused !== null) return fail('refused', refused, { reason: 'replay' });
  try {
    const handler = handlers[command] as (r: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    return { ok: false, error: toFailure(error) };
  }
}

/**
 * The receiving side of the contract, shared by every shell: checks the command name and the
 * request against the contract's schema, runs the handler, and never throws.
 */
export async function dispatchCommand(provider: Dispatchable, command: unknown, request: unknown): Promise<Result<unknown>> {
  // A valid request for a live command is still refused while a replay is shown: it would act on the machine, not the recording.
  return dispatchIn(commands, provider.handlers, command, request, (name) =>
    isCommandName(name) && isLiveCommand(name) ? (provider.liveRefusal?.() ?? null) : null,
  );
}

/** dispatchCommand for callers in the engine's own process (the CLI, the desktop menu, tests): typed by the contract, checked the same way. */
export async function invoke<K extends CommandName>(
  provider: Dispatchable,
  command: K,
  request: CommandInput<K>,
): Promise<Result<CommandResponse<K>>> {
  return (await dispatchCommand(provider, command, request)) as Result<CommandResponse<K>>;
}

/**
 * Commands only the engine's own callers may send, with the fields a client may not set (`forkscope run` shares its
 * terminal with the child). No shell binds this table, so no window or browser can reach it.
 */
export const internalCommands = {
  'supervisor:spawn': { request: InternalSpawnRequestSchema, response: ChildInfoSchema.array() },
} as const;
type InternalName = keyof typeof internalCommands;
export type InternalHandlers = {
  [K in InternalName]: (request: z.output<(typeof internalCommands)[K]['request']>) => Promise<z.output<(typeof internalCommands)[K]['response']>>;
};

/** The internal table's dispatch: the same checks and Result as dispatchCommand. */
export async function dispatchInternal<K extends InternalName>(
  handlers: Pick<InternalHandlers, K>,
  command: K,
  request: z.input<(typeof internalCommands)[K]['request']>,
): Promise<Result<z.output<(typeof internalCommands)[K]['response']>>> {
  return (await dispatchIn(internalCommands, handlers, command, request)) as Result<z.output<(typeof internalCommands)[K]['response']>>;
}
