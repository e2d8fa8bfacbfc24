import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonInfo } from '../../../shared/lessons';
import type { LessonRunView } from '../store/lesson-run-view';
import { useStoreSelector } from '../store/use-store-selector';
import { ErrorNotice } from '../components/ErrorNotice';
import { LessonMessage } from '../components/LessonMessage';
import { lessonText } from '../../../shared/lesson-text/format';
import { useActions, useStore } from '../state/app-context';
import { LAB_LIMITS } from '../../../shared/lab-limits';

interface Props {
  /** Why Run is off (a replay is shown), or null. */
  liveOff: string | null;
}

/** The multiprocessing lessons: read, run for real, and see what the engine observed checked against the expected outcome. */
export function Lessons({ liveOff }: Props) {
  const { t } = useTranslation();
  const actions = useActions();
  const store = useStore();
  // Runs are folded in place: the view redraws when a lesson event arrived.
  useStoreSelector((s) => s.revisions.lessons);
  const [lessons, setLessons] = useState<LessonInfo[]>([]);
  const [chosen, setChosen] = useState('separate');
  const [engine, setEngine] = useState<'python' | 'node'>('python');
  const [source, setSource] = useState<{ file: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void actions.call('lesson:list', {}).then((r) => (r.ok ? setLessons(r.value) : setError(r.text)));
  }, [actions]);
  const lesson = lessons.find((l) => l.name === chosen);
  const engines = lesson?.engines ?? ['python'];
  const shownEngine = engines.includes(engine) ? engine : 'python';
  useEffect(() => {
    void actions.call('lesson:source', { name: chosen, engine: shownEngine }).then((r) => (r.ok ? setSource(r.value) : setError(r.text)));
  }, [actions, chosen, shownEngine]);

  const runs = [...store.lessonRuns.values()].filter((r) => r.lesson === chosen);
  const latest = runs[runs.length - 1];
  const running = [...store.lessonRuns.values()].find((r) => !r.result && !r.failure);
  const language = i18next.language === 'zh-CN' ? 'zh-CN' : 'en';
  const titleOf = (name: string): string => lessons.find((l) => l.name === name)?.text[language]?.title ?? name;

  const run = async (): Promise<void> => {
    setError(null);
    const result = await actions.call('lesson:run', { name: chosen, engine: shownEngine });
    if (!result.ok) setError(result.text);
  };

  return (
    <section className="lessons" aria-label={t('lessons.title')}>
      <nav className="lesson-list" aria-label={t('lessons.list')}>
        <ol>
          {lessons.map((l) => (
            <li key={l.name}>
              <button type="button" aria-current={l.name === chosen} data-lesson={l.name} onClick={() => setChosen(l.name)}>
                <span className="num">{l.number}.</span> {l.text[language]?.title ?? l.name}
                {l.engines.length === 1 && <small className="muted"> {t('lessons.pythonOnly')}</small>}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {lesson && (
        <div className="lesson">
          <header>
            <h2>
              {lesson.number}. {lesson.text[language]?.title}
            </h2>
            <p>{lesson.text[language]?.explanation}</p>
            <div className="buttons">
              <label>
                {t('lessons.engine')}
                <select name="engine" value={shownEngine} onChange={(e) => setEngine(e.target.value as 'python' | 'node')}>
                  {engines.map((e) => (
                    <option key={e} value={e}>
                      {e}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="primary"
                disabled={Boolean(running) || liveOff !== null}
                title={liveOff ?? undefined}
                onClick={() => void run()}
              >
                {running?.lesson === chosen ? t('lessons.running') : t('lessons.run')}
              </button>
              {running && (
                <button type="button" onClick={() => void actions.call('lesson:stop', { run: running.run })}>
                  {t('lessons.stop')}
                </button>
              )}
              {running && running.lesson !== chosen && (
                <span className="muted" data-testid="lesson-running-other">
                  {t('lessons.runningOther', { run: running.run, lesson: titleOf(running.lesson) })}
                </span>
              )}
            </div>
            <p className="muted kept-note">{t('lessons.kept', { count: LAB_LIMITS.KEPT_RUNS })}</p>
            <ErrorNotice message={error} />
          </header>
          <div className="lesson-body">
            <figure className="lesson-source">
              <figcaption title={source?.file}>{source?.file.split(/[\\/]/).pop()}</figcaption>
              <pre>
                <code>{source?.text}</code>
              </pre>
            </figure>
            {latest && <LessonRunPanel run={latest} />}
          </div>
        </div>
      )}
    </section>
  );
}

function LessonRunPanel({ run }: { run: LessonRunView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const source = (name: string): string => lessonText(language, { key: `source.${name}` });
  const mark = { pass: '✓', fail: '✗', note: '·' } as const;
  const actions = useActions();
  const processes = [...run.processes.values()];
  const started = run.startedAt;
  return (
    <div className="lesson-run" data-run={run.run}>
      <h3>
        {t('lessons.runTitle', { run: run.run, engine: run.engine })}
        {run.timeScale !== 1 && <small className="muted"> · {t('lessons.timeScale', { scale: run.timeScale })}</small>}
      </h3>
      {run.result && (
        <div className={`lesson-outcome ${run.result.passed ? 'ok' : 'bad'}`} data-testid="lesson-outcome" role="status">
          <strong>{run.result.passed ? t('lessons.passed') : t('lessons.failed')}</strong>
          <ul>
            {run.result.evidenceLines
              ? run.result.evidenceLines.map((line, i) => (
                  <li key={i} className={`evidence-${line.verdict}`}>
                    {mark[line.verdict]} <span className="muted">[{source(line.source)}]</span>{' '}
                    <LessonMessage message={line.message} language={language} />
                  </li>
                ))
              : run.result.evidence.map((line, i) => <li key={i}>{line}</li>)}
          </ul>
          {run.recording && (
            <button type="button" onClick={() => void actions.call('replay:open', { path: run.recording! })}>
              {t('lessons.replay')}
            </button>
          )}
        </div>
      )}
      <ErrorNotice message={run.failure} />
      <h4>{t('lessons.processes')}</h4>
      <table className="lesson-processes">
        <tbody>
          {processes.map((p) => (
            <tr key={p.key} className={p.gone ? 'gone' : p.zombie ? 'zombie' : ''}>
              <td className="num">{p.pid}</td>
              <td className="num muted">{p.ppid}</td>
              <td>{p.name}</td>
              <td>
                {p.zombie && <span className="badge zombie">{t('badge.zombie')}</span>}
                {p.orphan && <span className="badge orphan">{t('badge.orphan')}</span>}
                {p.gone && <span className="badge ended">{t('badge.ended')}</span>}
                {!p.zombie && !p.gone && t(`state.${p.state}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('lessons.timeline')}</h4>
      <ol className="lesson-timeline">
        {run.observations.map((o, i) => (
          <li key={i} className={`source-${o.source}`}>
            <span className="num muted">{lessonText(language, { key: 'at', params: { s: ((o.t - started) / 1000).toFixed(2) } })}</span>{' '}
            <span className="muted">[{source(o.source)}]</span> {o.message ? <LessonMessage message={o.message} language={language} /> : o.text}
          </li>
        ))}
      </ol>
      {run.result?.output && (
        <details>
          <summary>{t('lessons.output')}</summary>
          <pre>{run.result.output}</pre>
        </details>
      )}
    </div>
  );
}
