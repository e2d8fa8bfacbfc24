import { z } from 'zod';
import { EvidenceLineSchema, LessonMessageSchema } from './lesson-text/message';

/** What the UI shows of a lesson before it runs: its text in both languages and where it can run. */
export const LessonInfoSchema = z.object({
  number: z.number().int(),
  name: z.string(),
  text: z.record(z.enum(['en', 'zh-CN']), z.object({ title: z.string(), explanation: z.string() })),
  engines: z.array(z.enum(['python', 'node'])),
});
export type LessonInfo = z.infer<typeof LessonInfoSchema>;

export const LessonObservationLineSchema = z.object({
  t: z.number(),
  run: z.string(),
  source: z.enum(['engine', 'program', 'forkscope']),
  pid: z.number().int().nullable(),
  /** In English, as recordings before messages kept it. */
  text: z.string(),
  /** The line as a key and parameters (lesson-text/), said in the UI's language; absent in older recordings. */
  message: LessonMessageSchema.optional(),
});
export type LessonObservationLine = z.infer<typeof LessonObservationLineSchema>;

export const LessonResultSchema = z.object({
  lesson: z.string(),
  engine: z.enum(['python', 'node']),
  timeScale: z.number(),
  passed: z.boolean(),
  observations: z.array(LessonObservationLineSchema),
  /** `✓`/`✗` lines count toward the outcome; `·` lines are notes. Each names where its evidence came from. */
  evidence: z.array(z.string()),
  /** The same lines as messages, said in the UI's language; absent in older recordings. */
  evidenceLines: z.array(EvidenceLineSchema).optional(),
  timedOut: z.boolean(),
  /** The program's own output, for display only: nothing is checked from it. */
  output: z.string(),
});
export type LessonResultView = z.infer<typeof LessonResultSchema>;
