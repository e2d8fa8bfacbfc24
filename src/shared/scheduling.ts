import { z } from 'zod';
import { TargetSchema } from './supervision';

/**
 * I/O priority and CPU affinity, as Linux's ioprio_set and sched_setaffinity take them (ionice and taskset).
 * `none` is the class a process has until one is set: its I/O priority follows its CPU nice value.
 */
export const IO_CLASSES = ['none', 'realtime', 'best-effort', 'idle'] as const;
export const IoClassSchema = z.enum(IO_CLASSES, {
  error: (issue) =>
    `unknown I/O class ${JSON.stringify(issue.input)}: ionice's classes are idle, best-effort (level 0–7) and realtime (level 0–7), or none to follow the nice value`,
});
export type IoClass = z.infer<typeof IoClassSchema>;
/** Levels 0 (first served) to 7 (last), within the best-effort and realtime classes. */
export const IO_LEVEL_MAX = 7;
/** The best-effort level a process with nice 0 gets, and ionice's default. */
export const IO_LEVEL_DEFAULT = 4;

/** A process's I/O priority: `level` is null for the classes that have none (idle). */
export const IoPrioritySchema = z.object({ class: IoClassSchema, level: z.number().int().min(0).max(IO_LEVEL_MAX).nullable() });
export type IoPriority = z.infer<typeof IoPrioritySchema>;

export const IoniceRequestSchema = TargetSchema.extend({
  class: IoClassSchema,
  /** For best-effort and realtime; 4 when left out. idle and none take none. */
  level: z
    .number()
    .int(`an I/O level is a whole number from 0 to ${IO_LEVEL_MAX}`)
    .min(0, `an I/O level is a whole number from 0 to ${IO_LEVEL_MAX}`)
    .max(IO_LEVEL_MAX, `an I/O level is a whole number from 0 to ${IO_LEVEL_MAX} (0 is served first)`)
    .optional(),
})
  .strict()
  .refine((r) => r.level === undefined || r.class === 'best-effort' || r.class === 'realtime', {
    error: (issue) => `the ${(issue.input as { class: string }).class} I/O class has no levels; leave the level out`,
    path: ['level'],
  });

/** The most CPUs a mask holds here (glibc's cpu_set_t). */
export const MAX_CPUS = 1024;
export const AffinityRequestSchema = TargetSchema.extend({
  /** The CPUs the process may run on, by number (as taskset -c and /proc/PID/status Cpus_allowed_list count them). */
  cpus: z
    .array(
      z
        .number()
        .int('a CPU is named by its whole number')
        .min(0, 'CPU numbers start at 0')
        .max(MAX_CPUS - 1, `CPU numbers go up to ${MAX_CPUS - 1}`),
    )
    .min(1, 'name at least one CPU: a process must be allowed to run somewhere')
    .max(MAX_CPUS),
}).strict();
export const AffinitySchema = z.object({ cpus: z.array(z.number().int()) });

/**
 * A CPU list as taskset -c and Cpus_allowed_list write it ("0-3,6"), as sorted unique numbers; a string that is not
 * one gives the reason instead.
 */
export function parseCpuList(text: string): { ok: true; cpus: number[] } | { ok: false; reason: string } {
  const cpus = new Set<number>();
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) return { ok: false, reason: 'empty' };
  for (const part of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return { ok: false, reason: `"${part}" is not a CPU number or a range such as 0-3` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return { ok: false, reason: `${part} runs backwards` };
    if (to >= MAX_CPUS) return { ok: false, reason: `CPU numbers go up to ${MAX_CPUS - 1}` };
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return { ok: true, cpus: [...cpus].sort((a, b) => a - b) };
}

/** The shortest CPU list for a set of CPUs: [0, 1, 2, 5] is "0-2,5". */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(',');
}
