import { useTranslation } from 'react-i18next';
import { QueueCharts, type ChartScale } from '../components/QueueCharts';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ExperimentView } from '../store/live-store';
import { useActions } from '../state/app-context';

/** One experiment as a column: its parameters, its charts on the scale all columns share, its result. */
export function ExperimentRun({ experiment: e, scale }: { experiment: ExperimentView; scale: ChartScale }) {
  const { t } = useTranslation();
  const actions = useActions();
  const c = e.config;
  const capacity = Number(c.capacity);
  const running = !e.result && !e.failure;
  const parameter = (label: string, value: unknown) => (
    <>
      <dt>{label}</dt>
      <dd>{String(value)}</dd>
    </>
  );
  return (
    <article className="experiment" data-experiment={e.id}>
      <h3>
        #{e.id} · {String(c.engine)} · {String(c.producers)}→{String(c.consumers)} · {t('queue.capacity')} {capacity}
        {running && (
          <button type="button" className="run-stop" onClick={() => void actions.call('queue:stop', { experiment: e.id })}>
            {t('queue.stop')}
          </button>
        )}
      </h3>
      <dl className="run-parameters" aria-label={t('queue.parameters')}>
        {c.duration !== null && c.duration !== undefined ? parameter(t('queue.duration'), c.duration) : parameter(t('queue.messages'), c.messages)}
        {parameter(t('queue.size'), c.size)}
        {parameter(t('queue.rate'), c.rate)}
        {parameter(t('queue.workMs'), c.workMs)}
        {c.timeoutMs !== null && c.timeoutMs !== undefined && parameter(t('queue.timeoutMs'), c.timeoutMs)}
        {parameter(t('queue.termination'), c.termination === 'joinable' ? 'JoinableQueue' : 'sentinel')}
      </dl>
      <QueueCharts points={e.points} capacity={capacity} scale={scale} origin={e.origin} />
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
