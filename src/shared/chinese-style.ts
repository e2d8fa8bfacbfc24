/** ASCII punctuation that a Chinese sentence writes full-width (，。：；？！（）). */
const HALF_WIDTH = /[,.:;?!()]/;
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—]/;

/**
 * What breaks the house style of a Chinese string: ASCII punctuation next to a Chinese character (spaces and
 * `{{placeholders}}` aside, so `state:zombie` or `v{{version}}` stay as they are), and 子回收者 for subreaper
 * (the one term is 子收割者). Returns one line per problem, quoting the place.
 */
export function chineseStyleProblems(text: string): string[] {
  const problems: string[] = [];
  if (/子回收者|子进程收割者/.test(text)) problems.push(`uses another term for subreaper (the one term is 子收割者): ${text}`);
  const plain = text.replace(/\{\{\w+\}\}/g, 'X');
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i]!;
    if (!HALF_WIDTH.test(c)) continue;
    // wait(), run(): a call in code, not a bracket of the sentence.
    if ((c === '(' && plain[i + 1] === ')') || (c === ')' && plain[i - 1] === '(')) continue;
    let before = i - 1;
    while (before >= 0 && plain[before] === ' ') before--;
    let after = i + 1;
    while (after < plain.length && plain[after] === ' ') after++;
    // A full stop between digits or letters is a number or a name (1.5, .log), not a sentence's end.
    const neighbours = `${plain[before] ?? ''}${plain[after] ?? ''}`;
    // In a Chinese string, a comma or semicolon glued to the next word (not 1,024) or a colon ending it is a sentence's too.
    const glued = CJK.test(plain) && ((/[,;]/.test(c) && after === i + 1 && !/^\d\d$/.test(neighbours)) || (c === ':' && after >= plain.length));
    if (CJK.test(neighbours) || glued)
      problems.push(`half-width ${JSON.stringify(c)} in a Chinese sentence: …${plain.slice(Math.max(0, i - 8), i + 8)}…`);
  }
  return problems;
}
