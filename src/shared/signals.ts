import { z } from 'zod';

/**
 * Every signal name Forkscope knows on any platform, as `kill -l` spells them (no aliases such as SIGIOT or SIGPOLL):
 * POSIX and Linux's, macOS's own (SIGEMT, SIGINFO), Windows' SIGBREAK, and Linux's real-time signals as bash names
 * them (SIGRTMIN, SIGRTMIN+1 … SIGRTMIN+15, SIGRTMAX-14 … SIGRTMAX-1, SIGRTMAX). Which of them a machine has, and their
 * numbers, the engine says (`app:info` → signals); a request for one the platform lacks is refused there.
 */
const STANDARD = [
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGKILL',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGSTKFLT',
  'SIGCHLD',
  'SIGCONT',
  'SIGSTOP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
  'SIGEMT',
  'SIGINFO',
  'SIGBREAK',
] as const;
/** Real-time signals on Linux: numbers 34…64 under glibc, which keeps 32 and 33 for its threads. */
export const LINUX_RT_FIRST = 34;
export const LINUX_RT_LAST = 64;
export function realtimeName(number: number): string {
  const offset = number - LINUX_RT_FIRST;
  const fromTop = LINUX_RT_LAST - number;
  if (offset === 0) return 'SIGRTMIN';
  if (fromTop === 0) return 'SIGRTMAX';
  return offset <= 15 ? `SIGRTMIN+${offset}` : `SIGRTMAX-${fromTop}`;
}
const REALTIME = Array.from({ length: LINUX_RT_LAST - LINUX_RT_FIRST + 1 }, (_, i) => realtimeName(LINUX_RT_FIRST + i));

export const SIGNAL_NAMES: readonly [string, ...string[]] = [...STANDARD, ...REALTIME];
export const SignalNameSchema = z.enum(SIGNAL_NAMES, {
  error: (issue) =>
    `unknown signal ${JSON.stringify(issue.input)}: name one as kill -l does (SIGTERM, SIGUSR1, SIGRTMIN+3…) or give its number (1–${LINUX_RT_LAST})`,
});
export type SignalName = z.infer<typeof SignalNameSchema>;

const NUMBER_RANGE = `signal numbers are whole numbers from 1 to ${LINUX_RT_LAST} (SIGRTMAX on Linux); 0 only checks that a process exists`;
/** A signal as a request names it: by name, or by its number on the engine's platform (1…64). */
export const SignalSpecSchema = z.union(
  [
    SignalNameSchema,
    z
      .number()
      .int(NUMBER_RANGE)
      .min(1, { error: (issue) => `signal ${String(issue.input)} does not exist: ${NUMBER_RANGE}` })
      .max(LINUX_RT_LAST, { error: (issue) => `signal ${String(issue.input)} does not exist: ${NUMBER_RANGE}` }),
  ],
  // A union would say only "Invalid input" for a value of another type.
  {
    error: (issue) =>
      `unknown signal ${JSON.stringify(issue.input)}: name one as kill -l does (SIGTERM, SIGUSR1, SIGRTMIN+3…) or give its number (1–${LINUX_RT_LAST})`,
  },
);
export type SignalSpec = z.infer<typeof SignalSpecSchema>;

export const SignalInfoSchema = z.object({ name: SignalNameSchema, number: z.number().int() });
export type SignalInfo = z.infer<typeof SignalInfoSchema>;
