import type { z } from 'zod';
import { ExperimentConfigSchema, type ExperimentConfig } from '../../../shared/queue-lab';

/** The Queue Lab's number fields, as typed (strings): checked here before anything is sent. */
export const NUMBER_FIELDS = ['producers', 'consumers', 'capacity', 'messages', 'duration', 'timeoutMs', 'size', 'rate', 'workMs'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
/** Empty means "not set" for these: count messages; put waits forever. */
export const OPTIONAL_FIELDS: ReadonlySet<NumberField> = new Set(['duration', 'timeoutMs']);

export interface QueueForm {
  engine: string;
  termination: string;
  numbers: Record<NumberField, string>;
}

/** What is wrong with one field, as an i18n key (`queue.invalid.*`) and the numbers its sentence names. */
export interface FieldProblem {
  key: string;
  values?: Record<string, number>;
}

export type FormCheck = { ok: true; request: ExperimentConfig } | { ok: false; problems: Partial<Record<NumberField, FieldProblem>> };

/** With a duration set, producers put until time is up: the message count is not used, so it is not checked either. */
export const usesMessages = (form: QueueForm): boolean => form.numbers.duration.trim() === '';

function problemOf(issue: z.core.$ZodIssue): FieldProblem {
  switch (issue.code) {
    case 'too_small':
      return issue.inclusive
        ? { key: 'queue.invalid.atLeast', values: { min: Number(issue.minimum) } }
        : { key: 'queue.invalid.moreThan', values: { min: Number(issue.minimum) } };
    case 'too_big':
      return { key: 'queue.invalid.atMost', values: { max: Number(issue.maximum) } };
    case 'invalid_type':
      return { key: issue.expected === 'int' ? 'queue.invalid.whole' : 'queue.invalid.number' };
    default:
      return { key: 'queue.invalid.number' };
  }
}

/** Checks the form against the contract's own schema, field by field, and builds the `queue:start` request when all is well. */
export function checkForm(form: QueueForm): FormCheck {
  const problems: Partial<Record<NumberField, FieldProblem>> = {};
  const request: Record<string, unknown> = { engine: form.engine, termination: form.termination };
  for (const field of NUMBER_FIELDS) {
    if (field === 'messages' && !usesMessages(form)) continue;
    const text = form.numbers[field].trim();
    if (text === '') {
      if (OPTIONAL_FIELDS.has(field)) request[field] = null;
      else problems[field] = { key: 'queue.invalid.required' };
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) problems[field] = { key: 'queue.invalid.number' };
    else request[field] = value;
  }
  const parsed = ExperimentConfigSchema.safeParse(request);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as NumberField;
      if (NUMBER_FIELDS.includes(field)) problems[field] ??= problemOf(issue);
    }
  return Object.keys(problems).length === 0 && parsed.success ? { ok: true, request: parsed.data } : { ok: false, problems };
}
