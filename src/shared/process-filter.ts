import { split } from 'shlex';
import { PROCESS_STATES, type ProcessInfo } from './model';

/**
 * The filter box's language: words match the name or command line; `key:value` terms match one
 * field (`state:zombie`, `user:root`, `pid:123`, `ppid:1`, `name:python`, `cmd:--port`,
 * `mode:daemon`); a leading `-` negates a term. All terms must hold. Words are split as a POSIX
 * shell splits them (shlex), so a value with spaces is quoted: `cmd:"sleep 120"`, `"my app"`.
 */
export type ProcessPredicate = (p: ProcessInfo, extra?: { mode?: string | undefined }) => boolean;

export const FILTER_FIELDS = ['state', 'user', 'pid', 'ppid', 'name', 'cmd', 'mode', 'is'] as const;
type Field = (typeof FILTER_FIELDS)[number];

/**
 * A term the filter could not read, with what the UI needs to say so in the person's language.
 * `term` is the term as split (quotes removed). A term with a problem is left out; the others apply.
 */
export type FilterProblem =
  | { kind: 'unknown-key'; key: string; known: readonly string[] }
  | { kind: 'not-a-number'; term: string; key: 'pid' | 'ppid'; value: string }
  | { kind: 'unknown-state'; term: string; value: string; known: readonly string[] }
  | { kind: 'empty-value'; term: string; key: string }
  /** A quote (or a final backslash) left open: the text is read as if it closed at the end. */
  | { kind: 'unclosed-quote' };

export interface ParsedFilter {
  predicate: ProcessPredicate;
  problems: FilterProblem[];
  /** The problems in English (the UI words them from `problems`). */
  errors: string[];
}

/** The words of the filter text; an open quote or escape is closed at the end, and said so. */
export function splitFilterWords(text: string): { words: string[]; unclosed: boolean } {
  try {
    return { words: split(text), unclosed: false };
  } catch {
    // shlex throws only for an open quote or a final backslash: close whichever it was.
    for (const closed of [`${text}"`, `${text}'`, text.slice(0, -1)]) {
      try {
        return { words: split(closed), unclosed: true };
      } catch {
        // not this one
      }
    }
    return { words: text.trim().split(/\s+/).filter(Boolean), unclosed: true };
  }
}

export function parseFilter(text: string): ParsedFilter {
  const problems: FilterProblem[] = [];
  const tests: ProcessPredicate[] = [];
  const { words, unclosed } = splitFilterWords(text);
  if (unclosed) problems.push({ kind: 'unclosed-quote' });
  for (const raw of words.filter(Boolean)) {
    const negate = raw.startsWith('-') && raw.length > 1;
    const term = negate ? raw.slice(1) : raw;
    const colon = term.indexOf(':');
    let test: ProcessPredicate;
    if (colon > 0) {
      const key = term.slice(0, colon).toLowerCase();
      const value = term.slice(colon + 1).toLowerCase();
      const problem = checkTerm(raw, key, value);
      if (problem) {
        problems.push(problem);
        continue;
      }
      test = fieldTest(key as Field, value);
    } else {
      const needle = term.toLowerCase();
      test = (p) => p.name.toLowerCase().includes(needle) || p.cmd.toLowerCase().includes(needle);
    }
    tests.push(negate ? (p, extra) => !test(p, extra) : test);
  }
  return { predicate: (p, extra) => tests.every((t) => t(p, extra)), problems, errors: problems.map(describeFilterProblem) };
}

function checkTerm(term: string, key: string, value: string): FilterProblem | null {
  if (!(FILTER_FIELDS as readonly string[]).includes(key)) return { kind: 'unknown-key', key, known: FILTER_FIELDS };
  if (value === '') return { kind: 'empty-value', term, key };
  if ((key === 'pid' || key === 'ppid') && !/^\d+$/.test(value)) return { kind: 'not-a-number', term, key, value };
  if (key === 'state' && !PROCESS_STATES.some((state) => state.startsWith(value)))
    return { kind: 'unknown-state', term, value, known: PROCESS_STATES };
  return null;
}

/** One problem in English, for the CLI (`forkscope events --filter`). */
export function describeFilterProblem(problem: FilterProblem): string {
  switch (problem.kind) {
    case 'unknown-key':
      return `unknown filter key "${problem.key}" (try ${problem.known.join(', ')})`;
    case 'empty-value':
      return `"${problem.term}": ${problem.key} needs a value`;
    case 'not-a-number':
      return `"${problem.term}": ${problem.key} is a whole number, not "${problem.value}"`;
    case 'unknown-state':
      return `"${problem.term}": no state starts with "${problem.value}" (try ${problem.known.join(', ')})`;
    case 'unclosed-quote':
      return 'a quote is not closed (read as if it closed at the end)';
  }
}

function fieldTest(key: Field, value: string): ProcessPredicate {
  switch (key) {
    case 'state':
      return (p) => p.state.startsWith(value);
    case 'user':
      return (p) => (p.user ?? '').toLowerCase() === value;
    case 'pid':
      return (p) => String(p.pid) === value;
    case 'ppid':
      return (p) => String(p.ppid) === value;
    case 'name':
      return (p) => p.name.toLowerCase().includes(value);
    case 'cmd':
      return (p) => p.cmd.toLowerCase().includes(value);
    case 'mode':
      return (_p, extra) => extra?.mode === value;
    case 'is':
      return (p) => (value === 'zombie' ? p.zombie : value === 'orphan' ? p.orphan : value === 'stopped' ? p.state === 'stopped' : false);
  }
}
