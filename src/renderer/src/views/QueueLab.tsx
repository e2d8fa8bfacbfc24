import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueCharts } from '../components/QueueCharts';
import { ProgramQueues } from './ProgramQueues';
import type { ExperimentView, LiveStore } from '../store/live-store';
import { useThrottledRevision } from '../store/use-throttled-revision';
import { ErrorNotice } from '../components/ErrorNotice';
import { useActions, useStore } from '../state/app-context';
import type { ExperimentConfig } from '../../../shared/queue-lab';
import { LAB_LIMITS } from '../../../shared/lab-limits';

/** Defaults from the lessons: 2 producers, 2 consumers, capacity 3. */
const DEFAULTS = { engine: 'node', producers: 2, consumers: 2, capacity: 3, messages: 2000, size: 64, rate: 0, workMs: 0, termination: 'sentinel' };
/** Charts redraw at most four times a second: metrics come ten times a second per run. */
const REDRAW_MS = 250;
const queuesRevision = (store: LiveStore): number => store.revisions.queues;
/** Optional parameters: empty means "not set" (count messages; put/get wait forever). */
type Optional = { duration: string; timeoutMs: string };

/** Producer/consumer experiments on real processes, charted live; finished runs stay for comparison. */
export function QueueLab() {
  const { t } = useTranslation();
  const actions = useActions();
  const store = useStore();
  // Experiments and program queues are folded in place: the view redraws when a queue event arrived.
  useThrottledRevision(queuesRevision, REDRAW_MS);
  const [form, setForm] = useState(DEFAULTS);
  const [optional, setOptional] = useState<Optional>({ duration: '', timeoutMs: '' });
  const [error, setError] = useState<string | null>(null);
  const experiments = [...store.experiments.values()].reverse();
  const running = experiments.find((e) => !e.result && !e.failure);

  const start = async (): Promise<void> => {
    setError(null);
    const number = (v: string) => (v.trim() === '' ? null : Number(v));
    // The form holds what the selects hold (strings); the engine checks them against the contract's schema.
    const request = { ...form, duration: number(optional.duration), timeoutMs: number(optional.timeoutMs) } as ExperimentConfig;
    const result = await actions.call('queue:start', request);
    if (!result.ok) setError(result.text);
  };
  const field = (name: keyof typeof DEFAULTS, type: 'number' | 'text' = 'number') => (
    <label>
      {t(`queue.${name}`)}
      <input
        name={name}
        type={type}
        value={String(form[name])}
        onChange={(e) => setForm({ ...form, [name]: type === 'number' ? Number(e.target.value) : e.target.value })}
      />
    </label>
  );

  return (
    <section className="queue-lab" aria-label={t('queue.title')}>
      <form
        className="queue-form"
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
        {field('producers')}
        {field('consumers')}
        {field('capacity')}
        {field('messages')}
        {(['duration', 'timeoutMs'] as const).map((name) => (
          <label key={name}>
            {t(`queue.${name}`)}
            <input
              name={name}
              type="number"
              min={0}
              step="any"
              value={optional[name]}
              placeholder={t('queue.notSet')}
              onChange={(e) => setOptional({ ...optional, [name]: e.target.value })}
            />
          </label>
        ))}
        {field('size')}
        {field('rate')}
        {field('workMs')}
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
        <ErrorNotice message={error} />
        <p className="muted kept-note">{t('queue.kept', { count: LAB_LIMITS.KEPT_RUNS })}</p>
      </form>
      <ProgramQueues programs={[...store.programQueues.values()].reverse()} />
      <div className="experiments">
        {experiments.map((e) => (
          <Experiment key={e.id} experiment={e} />
        ))}
      </div>
    </section>
  );
}

function Experiment({ experiment: e }: { experiment: ExperimentView }) {
  const { t } = useTranslation();
  const capacity = Number(e.config.capacity);
  return (
    <article className="experiment" data-experiment={e.id}>
      <h3>
        #{e.id} · {String(e.config.engine)} · {String(e.config.producers)}→{String(e.config.consumers)} · {t('queue.capacity')} {capacity}
      </h3>
      <QueueCharts points={e.points} capacity={capacity} />
      {e.result && (
        <dl className="result-card" data-testid="queue-result">
          <dt>{t('queue.messages')}</dt>
          <dd>{e.result.messages}</dd>
          <dt>{t('queue.seconds')}</dt>
          <dd>{e.result.seconds.toFixed(3)} s</dd>
          <dt>{t('queue.throughput')}</dt>
          <dd>{Math.round(e.result.throughput).toLocaleString()}/s</dd>
          <dt>{t('queue.latency')}</dt>
          <dd>
            p50 {e.result.p50LatencyMs?.toFixed(2) ?? '—'} ms · p99 {e.result.p99LatencyMs?.toFixed(2) ?? '—'} ms
          </dd>
          <dt>{t('queue.exactlyOnce')}</dt>
          <dd className={e.result.exactlyOnce ? 'ok' : 'bad'}>{e.result.exactlyOnce ? t('queue.yes') : t('queue.no')}</dd>
          {e.result.consumerLost && (
            <>
              <dt>{t('queue.lost')}</dt>
              <dd className="bad">{t('queue.lostDetail', { id: e.result.consumerLost.id, count: e.result.consumerLost.inFlightCount })}</dd>
            </>
          )}
        </dl>
      )}
      <ErrorNotice message={e.failure} />
    </article>
  );
}
