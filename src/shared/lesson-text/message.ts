import { z } from 'zod';

/**
 * A sentence of a lesson's timeline or outcome check as a key into the lesson text tables (en.ts,
 * zh-CN.ts) and its parameters, so the UI and `lesson run --lang` say it in their language.
 * A parameter is a value shown as it is (a pid, a name), `{ code }` (a command line, a value the
 * program wrote: shown as code), another message, or a list (joined the language's way; empty is "none").
 */
export type LessonParam = string | number | { code: string } | LessonMessage | LessonParam[];
export interface LessonMessage {
  key: string;
  params?: Record<string, LessonParam>;
}

export const LessonParamSchema: z.ZodType<LessonParam> = z.lazy(() =>
  z.union([z.string(), z.number(), z.object({ code: z.string() }), LessonMessageSchema, z.array(LessonParamSchema)]),
);
export const LessonMessageSchema: z.ZodType<LessonMessage> = z.lazy(() =>
  z.object({ key: z.string().max(100), params: z.record(z.string(), LessonParamSchema).optional() }),
);

export function msg(key: string, params?: Record<string, LessonParam>): LessonMessage {
  return params ? { key, params } : { key };
}

export const code = (text: string): { code: string } => ({ code: text });

/** Where a check's sentence got its evidence. */
export const EVIDENCE_SOURCES = ['engine', 'program', 'engine + program', 'probe', 'probe + program'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** One sentence of an outcome check: a criterion that held or failed, or a note that decides nothing. */
export const EvidenceLineSchema = z.object({
  verdict: z.enum(['pass', 'fail', 'note']),
  source: z.enum(EVIDENCE_SOURCES),
  message: LessonMessageSchema,
});
export type EvidenceLine = z.infer<typeof EvidenceLineSchema>;
