import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgramQueues } from './ProgramQueues';
import { ExperimentRun } from './ExperimentRun';
import { sharedScale } from './chart-scale';
import { checkForm, OPTIONAL_FIELDS, usesMessages, type FieldProblem, type NumberField, type QueueForm } from './queue-form';
import type { LiveStore } from '../store/live-store';
import { useThrottledRevision } from '../store/use-throttled-revision';
import { ErrorNotice } from '../components/ErrorNotice';
import { useActions, useStore } from '../state/app-context';
import { LAB_LIMITS } from '../../../shared/lab-limits';

/** Defaults from the lessons: 2 producers, 2 consumers, capacity 3. Empty optional fields mean "not set". */
const DEFAULTS: QueueForm = {
  engine: 'node',
  termination: 'sentinel',
  numbers: { producers: '2', consumers: '2', capacity: '3', messages: '2000', duration: '', timeoutMs: '', size: '64', rate: '0', workMs: '0' },
};
/** The order of the fields in the form. */
const FIELD_ORDER: readonly NumberField[] = ['producers', 'consumers', 'capacity', 'messages', 'duration', 'timeoutMs', 'size', 'rate', 'workMs'];
/** Charts redraw at most twice a second: metrics come ten times a second per run, and each redraw draws every run. */
const REDRAW_MS = 500;
const queuesRevision = (store: LiveStore): number => store.revisions.queues;

/** Producer/consumer experiments on real processes, charted live; runs stand side by side on shared axes for comparison. */
export function QueueLab() {
  const { t } = useTranslation();
  const actions = useActions();
  const store = useStore();
  // Experiments and program queues are folded in place: the view redraws when a queue event arrived.
  useThrottledRevision(queuesRevision, REDRAW_MS);
  const [form, setForm] = useState(DEFAULTS);
  /** Fields changed since the view opened, and whether Start was pressed: only then are their problems shown. */
  const [touched, setTouched] = useState<ReadonlySet<NumberField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const experiments = [...store.experiments.values()].reverse();
  const running = experiments.find((e) => !e.result && !e.failure);
  const check = checkForm(form);
  const problems = check.ok ? {} : check.problems;
  const scale = sharedScale(experiments);

  const start = async (): Promise<void> => {
    setError(null);
    setSubmitted(true);
    if (!check.ok) return;
    const result = await actions.call('queue:start', check.request);
    if (!result.ok) setError(result.text);
  };
  const shownProblem = (name: NumberField): FieldProblem | undefined => (submitted || touched.has(name) ? problems[name] : undefined);
  const field = (name: NumberField) => {
    const problem = shownProblem(name);
    const unused = name === 'messages' && !usesMessages(form);
    return (
      <label key={name} className={problem ? 'invalid' : undefined}>
        {t(`queue.${name}`)}
        <input
          name={name}
          type="text"
          inputMode="decimal"
          value={form.numbers[name]}
          disabled={unused}
          placeholder={OPTIONAL_FIELDS.has(name) ? t('queue.notSet') : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `queue-${name}-problem` : undefined}
          onChange={(e) => {
            setForm({ ...form, numbers: { ...form.numbers, [name]: e.target.value } });
            setTouched(new Set([...touched, name]));
          }}
        />
        {problem && (
          <span className="field-problem" id={`queue-${name}-problem`} data-testid={`problem-${name}`}>
            {t(problem.key, problem.values)}
          </span>
        )}
        {unused && <span className="muted field-note">{t('queue.messagesUnused')}</span>}
      </label>
    );
  };

  return (
    <section className="queue-lab" aria-label={t('queue.title')}>
      <form
        className="queue-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          {t('queue.engine')}
          <select name="engine" value={form.engine} onChange={(e) => setForm({ ...form, engine: e.target.value })}>
            <option value="node">node</option>
            <option value="python">python (multiprocessing)</option>
          </select>
        </label>
        {FIELD_ORDER.map(field)}
        <label>
          {t('queue.termination')}
          <select name="termination" value={form.termination} onChange={(e) => setForm({ ...form, termination: e.target.value })}>
            <option value="sentinel">sentinel</option>
            <option value="joinable">JoinableQueue</option>
          </select>
        </label>
        <div className="buttons">
          <button type="submit" className="primary">
            {t('queue.start')}
          </button>
          <button type="button" disabled={!running} onClick={() => running && void actions.call('queue:stop', { experiment: running.id })}>
            {t('queue.stop')}
          </button>
        </div>
        {submitted && !check.ok && <p className="field-problem">{t('queue.fixFields')}</p>}
        <ErrorNotice message={error} />
        <p className="muted kept-note">{t('queue.kept', { count: LAB_LIMITS.KEPT_RUNS })}</p>
      </form>
      <div className="lab-runs">
        <ProgramQueues programs={[...store.programQueues.values()].reverse()} />
        {experiments.length > 1 && <p className="muted kept-note">{t('queue.sharedAxes')}</p>}
        {experiments.length === 0 && store.programQueues.size === 0 && (
          <div className="empty-state" role="status" data-testid="lab-empty">
            <p>{t('queue.emptyTitle')}</p>
            <p className="muted">{t('queue.emptyHint')}</p>
          </div>
        )}
        <div className={`experiments${experiments.length === 1 ? ' single' : ''}`}>
          {experiments.map((e) => (
            <ExperimentRun key={e.id} experiment={e} scale={scale} />
          ))}
        </div>
      </div>
    </section>
  );
}
