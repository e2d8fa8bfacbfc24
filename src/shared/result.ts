import { z } from 'zod';

/**
 * Every error that crosses a process boundary has one of these kinds; callers never see raw errno.
 * The sampler and supervisor translate OS errors at their edge, the way psutil's wrap_exceptions does.
 */
export const ERROR_KINDS = [
  'invalid-request',
  'unknown-command',
  'too-large',
  'not-json',
  'disconnected',
  'no-such-process',
  'access-denied',
  'zombie-process',
  'pid-reused',
  'refused',
  'unsupported',
  'timeout',
  'internal',
] as const;
export const ErrorKindSchema = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

/** Why a failure happened (a refusal's reason, or what was wrong with a request), when the UI words it itself. */
export const REFUSAL_REASONS = [
  'init',
  'kernel-thread',
  'limit',
  'self',
  'helper',
  'ancestor',
  'thread',
  'replay',
  'recording',
  'not-found',
  'not-executable',
  'no-folder',
  'not-a-folder',
  /** Permission needs a capability this user lacks (CAP_SYS_NICE…), though the process is its own. */
  'privilege',
  /** The process is another user's. */
  'other-user',
  /** A CPU this machine does not have (its number is the value). */
  'no-such-cpu',
] as const;

/**
 * The things a failure names, so a client can say it in the person's language (the message is
 * the fallback, in English): the process, its parent, the limit that was reached and its value.
 */
export const FailureFactsSchema = z
  .object({
    pid: z.number().int().optional(),
    name: z.string().max(4096).optional(),
    parent: z.number().int().optional(),
    owner: z.string().max(4096).optional(),
    /** The process a thread id belongs to. */
    process: z.number().int().optional(),
    /** The file or folder the failure is about. */
    path: z.string().max(4096).optional(),
    reason: z.enum(REFUSAL_REASONS).optional(),
    /** The limit's name as the code and docs spell it (MAX_TREE_NODES…). */
    limit: z.string().max(200).optional(),
    value: z.number().optional(),
    /** How many there would have been (a limit's refusal). */
    count: z.number().optional(),
  })
  .strict();
export type FailureFacts = z.infer<typeof FailureFactsSchema>;

export const FailureSchema = z.object({ kind: ErrorKindSchema, message: z.string(), facts: FailureFactsSchema.optional() });
export type Failure = z.infer<typeof FailureSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: ErrorKind, message: string, facts?: FailureFacts): Result<T> {
  return { ok: false, error: { kind, message, ...(facts ? { facts } : {}) } };
}

/** An error that knows its kind, thrown inside the engine and turned into a Result at the boundary. */
export class ForkscopeError extends Error {
  readonly kind: ErrorKind;
  readonly facts: FailureFacts | undefined;
  constructor(kind: ErrorKind, message: string, facts?: FailureFacts) {
    super(message);
    this.name = 'ForkscopeError';
    this.kind = kind;
    this.facts = facts;
  }
}

/** Turns anything thrown into a Failure, keeping the kind of a ForkscopeError. */
export function toFailure(error: unknown): Failure {
  if (error instanceof ForkscopeError) return { kind: error.kind, message: error.message, ...(error.facts ? { facts: error.facts } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}
