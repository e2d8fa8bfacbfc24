import type { Command } from 'commander';
import { ForkscopeError } from '../../../shared/result';
import { enginesOf, findLesson, lessonFile, LESSONS, type Lesson } from '../../engine/lessons/catalog';
import { runLesson } from '../../engine/lessons/run-lesson';
import { LESSON_ENGINES, LESSON_LANGUAGES, type LessonEngine, type LessonLanguage, type LessonResult } from '../../engine/lessons/types';
import { evidenceText, lessonText } from '../../../shared/lesson-text/format';
import { exitWithUsageError } from '../usage-error';
import { becomeChildSubreaperOrWarn } from '../../engine/supervisor/subreaper';

interface ListOptions {
  lang: string;
  json?: boolean;
}

interface RunOptions {
  engine: string;
  lang: string;
  json?: boolean;
  timeScale: string;
  output?: boolean;
}

function language(value: string): LessonLanguage {
  if (!LESSON_LANGUAGES.includes(value as LessonLanguage))
    exitWithUsageError(`--lang must be ${LESSON_LANGUAGES.join(' or ')}, not ${JSON.stringify(value)}`);
  return value as LessonLanguage;
}

function enginesLabel(lesson: Lesson): string {
  const engines = enginesOf(lesson);
  return engines.length === 1 ? `${engines[0]} only` : engines.join(', ');
}

/** `forkscope lesson list` and `forkscope lesson run NAME`: the multiprocessing lessons, run headless and checked. */
export function registerLessonCommand(program: Command): void {
  const lesson = program.command('lesson').description('the multiprocessing lessons: run one headless and check it against what Forkscope observed');

  lesson
    .command('list')
    .description('one lesson per line: name, title, and the engines it can run on')
    .option('--lang <lang>', 'en or zh-CN', 'en')
    .option('--json', 'print one JSON array')
    .action((options: ListOptions) => {
      const lang = language(options.lang);
      if (options.json) {
        const lessons = LESSONS.map((l) => ({
          number: l.number,
          name: l.name,
          title: l.text[lang].title,
          explanation: l.text[lang].explanation,
          engines: enginesOf(l),
        }));
        process.stdout.write(`${JSON.stringify(lessons)}\n`);
        return;
      }
      const width = Math.max(...LESSONS.map((l) => l.name.length));
      for (const l of LESSONS) {
        process.stdout.write(`${String(l.number).padStart(2)}  ${l.name.padEnd(width)}  ${l.text[lang].title}  (${enginesLabel(l)})\n`);
      }
    });

  lesson
    .command('run')
    .description('run a lesson headless and print what Forkscope observed and the outcome check; exit 0 when the check passes, 1 when not')
    .argument('<name>', "the lesson's name, as `forkscope lesson list` shows it")
    .option('--engine <engine>', 'python or node (where the lesson has a node version)', 'python')
    .option('--lang <lang>', 'en or zh-CN: the language of the text printed (--json keeps English text beside the messages)', 'en')
    .option('--time-scale <factor>', 'multiplies every pause in the lesson (0.1 runs it ten times faster)', '1')
    .option('--output', "also print the program's own output")
    .option('--json', 'print one JSON object: lesson, engine, passed, observations, evidence')
    .action(async (name: string, options: RunOptions) => {
      const lang = language(options.lang);
      if (!LESSON_ENGINES.includes(options.engine as LessonEngine))
        exitWithUsageError(`--engine must be python or node, not ${JSON.stringify(options.engine)}`);
      const engine = options.engine as LessonEngine;
      const timeScale = Number(options.timeScale);
      if (!Number.isFinite(timeScale) || timeScale <= 0 || timeScale > 10)
        exitWithUsageError(`--time-scale must be a number above 0 and at most 10, not ${JSON.stringify(options.timeScale)}`);
      let chosen: Lesson;
      try {
        chosen = findLesson(name);
        lessonFile(chosen, engine);
      } catch (error) {
        exitWithUsageError(error instanceof Error ? error.message : String(error));
      }

      // The lesson's orphans come to this process, which reaps them, wherever it runs (see the orphan lesson).
      becomeChildSubreaperOrWarn();
      const abort = new AbortController();
      const onInterrupt = (): void => {
        process.stderr.write("forkscope: interrupted; ending the lesson's processes\n");
        abort.abort();
      };
      process.on('SIGINT', onInterrupt);
      process.on('SIGTERM', onInterrupt);
      if (!options.json) {
        const text = chosen.text[lang];
        const heading = lessonText(lang, { key: 'cli.heading', params: { number: chosen.number, title: text.title, engine } });
        process.stdout.write(`${heading}\n${text.explanation}\n\n`);
      }
      let result: LessonResult;
      try {
        result = await runLesson(chosen.name, { engine, timeScale, signal: abort.signal });
      } catch (error) {
        if (error instanceof ForkscopeError) {
          process.stderr.write(`forkscope: ${error.message}\n`);
          process.exitCode = abort.signal.aborted ? 130 : 1;
          return;
        }
        throw error;
      } finally {
        process.off('SIGINT', onInterrupt);
        process.off('SIGTERM', onInterrupt);
      }

      if (options.json) {
        const { lesson: lessonName, engine: used, passed, observations, evidence, evidenceLines, timedOut } = result;
        process.stdout.write(
          `${JSON.stringify({ lesson: lessonName, engine: used, passed, observations, evidence, evidenceLines, timedOut, timeScale: result.timeScale, ...(options.output ? { output: result.output } : {}) })}\n`,
        );
      } else {
        process.stdout.write(formatResult(result, options.output ?? false, lang));
      }
      process.exitCode = result.passed ? 0 : 1;
    });
}

function formatResult(result: LessonResult, withOutput: boolean, lang: LessonLanguage): string {
  const say = (key: string, params?: Record<string, string | number>): string => lessonText(lang, { key, params });
  const lines: string[] = [];
  if (withOutput)
    lines.push(
      say('cli.output'),
      ...result.output
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
      '',
    );
  if (result.timeScale !== 1) lines.push(say(result.timeScale < 1 ? 'cli.shortened' : 'cli.lengthened', { scale: result.timeScale }), '');
  const start = result.observations[0]?.t ?? 0;
  const runs = new Set(result.observations.map((o) => o.run));
  lines.push(say('cli.observed'));
  for (const o of result.observations) {
    const run = runs.size > 1 ? `${o.run}: ` : '';
    const at = say('at', { s: ((o.t - start) / 1000).toFixed(2).padStart(5) });
    const text = o.message ? lessonText(lang, o.message) : o.text;
    lines.push(`  ${at}  ${`[${say(`source.${o.source}`)}]`.padEnd(11)} ${run}${text}`);
  }
  const evidence = result.evidenceLines.map((line) => evidenceText(lang, line));
  lines.push('', say('cli.outcome'), ...evidence.map((e) => `  ${e}`), '', say(result.passed ? 'cli.passed' : 'cli.failed'), '');
  return lines.join('\n');
}
