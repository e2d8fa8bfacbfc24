/** ASCII punctuation that a Chinese sentence writes full-width (，。：；？！（）). */
const HALF_WIDTH = /[,.:;?!()]/;
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—]/;

/**
 * What breaks the house style of a Chinese string: ASCII punctuation next to a Chinese character (spaces and
 * `{{placeholders}}` aside, so `state:zombie` or `v{{version}}` stay as they are), and 子回收者 for subreaper
 * (the one term is 子收割者). Returns one line per problem, quoting the place.
 */
export function chineseStyleProblems(text: string): string[] {
  const problems: string[] = [];
  if (/子回收者|子进程收割者/.test(text)) problems.push(`uses another term for subreaper (the one term is 子收割者): ${text}`);
  const plain = text.replace(/\{\{\w+\}\}/g, 'X');
  // A bracket pair belongs to the sentence when its opening one stands next to Chinese; else it is code, as in put(timeout=…) 抛出.
  const open: boolean[] = [];
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    if (!HALF_WIDTH.test(c)) continue;
    let before = i - 1;
    while (before >= 0 && plain[before] === ' ') before--;
    let after = i + 1;
    while (after < plain.length && plain[after] === ' ') after++;
    const neighbours = `${plain[before] ?? ''}${plain[after] ?? ''}`;
    let wrong: boolean;
    if (c === '(') {
      wrong = CJK.test(neighbours) && plain[i + 1] !== ')';
      open.push(wrong);
    } else if (c === ')') {
      const opening = open.pop();
      wrong = opening ?? CJK.test(neighbours);
    } else {
      // In a Chinese string, a comma or semicolon glued to the next word (not 1,024) or a colon ending it is a sentence's too.
      const glued = CJK.test(plain) && ((/[,;]/.test(c) && after === i + 1 && !/^\d\d$/.test(neighbours)) || (c === ':' && after >= plain.length));
      wrong = CJK.test(neighbours) || glued;
    }
    if (wrong) problems.push(`half-width ${JSON.stringify(c)} in a Chinese sentence: …${plain.slice(Math.max(0, i - 8), i + 8)}…`);
  }
  return problems;
}

/**
 * Runs of two or more Latin words in text meant to be Chinese: what a translation left in English.
 * Words that are names (`allow`: Forkscope, Python…) do not count, nor anything glued to digits,
 * paths or brackets (pids, units, `python3`, `/usr/bin/node`, `join()`); code is for the caller to leave out.
 */
export function latinWordRuns(text: string, allow: readonly string[]): string[] {
  const allowed = new Set(allow.map((w) => w.toLowerCase()));
  const masked = text.replace(/[A-Za-z][A-Za-z'’]*/g, (word) => (allowed.has(word.toLowerCase()) ? '§' : word));
  return [...masked.matchAll(/(?<![\w./\\-])[A-Za-z][A-Za-z'’]*(?:\s+[A-Za-z][A-Za-z'’]*)+(?![\w./(\\-])/g)].map((m) => m[0]);
}
