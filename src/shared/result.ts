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

export const FailureSchema = z.object({ kind: ErrorKindSchema, message: z.string() });
export type Failure = z.infer<typeof FailureSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: ErrorKind, message: string): Result<T> {
  return { ok: false, error: { kind, message } };
}

/** An error that knows its kind, thrown inside the engine and turned into a Result at the boundary. */
export class ForkscopeError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'ForkscopeError';
    this.kind = kind;
  }
}

/** Turns anything thrown into a Failure, keeping the kind of a ForkscopeError. */
export function toFailure(error: unknown): Failure {
  if (error instanceof ForkscopeError) return { kind: error.kind, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}
