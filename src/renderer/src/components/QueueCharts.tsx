import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QueuePoint } from '../store/live-store';

/** Throughput, and depth against capacity with blocked/waiting counts, for one queue over time. */
export function QueueCharts({ points, capacity }: { points: readonly QueuePoint[]; capacity: number | null }) {
  const { t } = useTranslation();
  const start = points[0]?.t ?? 0;
  const data = points.map((p) => ({ ...p, s: (p.t - start) / 1000, capacity }));
  const hasLatency = points.some((p) => p.p50 !== undefined && p.p50 !== null);
  return (
    <div className="experiment-charts">
      <figure aria-label={t('queue.throughput')}>
        <figcaption>{t('queue.throughput')}</figcaption>
        <ResponsiveContainer width="100%" height={130}>
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
            <XAxis dataKey="s" type="number" unit=" s" tick={{ fontSize: 10 }} />
            <YAxis width={56} tick={{ fontSize: 10 }} />
            <Tooltip />
            <Line dataKey="throughput" stroke="var(--accent)" dot={false} isAnimationActive={false} name={t('queue.perSecond')} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label={t('queue.depth')}>
        <figcaption>{t('queue.depth')}</figcaption>
        <ResponsiveContainer width="100%" height={130}>
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
            <XAxis dataKey="s" type="number" unit=" s" tick={{ fontSize: 10 }} />
            <YAxis width={40} tick={{ fontSize: 10 }} allowDecimals={false} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Line dataKey="depth" stroke="var(--orphan)" dot={false} isAnimationActive={false} name={t('queue.depthLine')} />
            {capacity !== null && <Line dataKey="capacity" stroke="var(--zombie)" strokeDasharray="4 4" dot={false} isAnimationActive={false} name={t('queue.capacity')} />}
            <Line dataKey="blocked" stroke="var(--daemon)" dot={false} isAnimationActive={false} name={t('queue.blocked')} />
            <Line dataKey="waiting" stroke="var(--accent)" dot={false} isAnimationActive={false} name={t('queue.waiting')} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      {hasLatency && (
        <figure aria-label={t('queue.latency')}>
          <figcaption>{t('queue.latencyChart')}</figcaption>
          <ResponsiveContainer width="100%" height={130}>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="s" type="number" unit=" s" tick={{ fontSize: 10 }} />
              <YAxis width={48} tick={{ fontSize: 10 }} unit=" ms" />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              <Line dataKey="p50" stroke="var(--accent)" dot={false} isAnimationActive={false} name="p50" connectNulls />
              <Line dataKey="p99" stroke="var(--zombie)" dot={false} isAnimationActive={false} name="p99" connectNulls />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      )}
    </div>
  );
}
