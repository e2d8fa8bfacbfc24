import type { ProcessInfo } from './model';

/**
 * The filter box's language: words match the name or command line; `key:value` terms match one
 * field (`state:zombie`, `user:root`, `pid:123`, `ppid:1`, `name:python`, `cmd:--port`,
 * `mode:daemon`); a leading `-` negates a term. All terms must hold.
 */
export type ProcessPredicate = (p: ProcessInfo, extra?: { mode?: string | undefined }) => boolean;

const FIELDS = ['state', 'user', 'pid', 'ppid', 'name', 'cmd', 'mode', 'is'] as const;

/** A term the filter could not read, with what the UI needs to say so in the person's language. */
export type FilterProblem = { kind: 'unknown-key'; key: string; known: readonly string[] };

export interface ParsedFilter {
  predicate: ProcessPredicate;
  problems: FilterProblem[];
  /** The problems in English (the UI words them from `problems`). */
  errors: string[];
}

export function parseFilter(text: string): ParsedFilter {
  const problems: FilterProblem[] = [];
  const tests: ProcessPredicate[] = [];
  for (const raw of text.trim().split(/\s+/).filter(Boolean)) {
    const negate = raw.startsWith('-') && raw.length > 1;
    const term = negate ? raw.slice(1) : raw;
    const colon = term.indexOf(':');
    let test: ProcessPredicate;
    if (colon > 0) {
      const key = term.slice(0, colon).toLowerCase();
      const value = term.slice(colon + 1).toLowerCase();
      if (!(FIELDS as readonly string[]).includes(key)) {
        problems.push({ kind: 'unknown-key', key, known: FIELDS });
        continue;
      }
      test = fieldTest(key as (typeof FIELDS)[number], value);
    } else {
      const needle = term.toLowerCase();
      test = (p) => p.name.toLowerCase().includes(needle) || p.cmd.toLowerCase().includes(needle);
    }
    tests.push(negate ? (p, extra) => !test(p, extra) : test);
  }
  const errors = problems.map((problem) => `unknown filter key "${problem.key}" (try ${problem.known.join(', ')})`);
  return { predicate: (p, extra) => tests.every((t) => t(p, extra)), problems, errors };
}

function fieldTest(key: (typeof FIELDS)[number], value: string): ProcessPredicate {
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
