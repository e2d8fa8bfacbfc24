import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QueuePoint } from '../store/live-store';
import type { ChartScale } from '../views/chart-scale';

export type { ChartScale };

type ChartRow = QueuePoint & { s: number; capacity: number | null };

/** One small time chart of a queue: seconds along the bottom, the given lines and axis inside. */
function QueueFigure({
  label,
  caption = label,
  data,
  legend = false,
  seconds,
  children,
}: {
  label: string;
  caption?: ReactNode;
  data: ChartRow[];
  legend?: boolean;
  seconds?: number;
  children: ReactNode;
}) {
  return (
    <figure aria-label={label}>
      <figcaption>{caption}</figcaption>
      <ResponsiveContainer width="100%" height={130}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="s" type="number" unit=" s" tick={{ fontSize: 10 }} domain={[0, seconds ?? 'dataMax']} allowDataOverflow={false} />
          <Tooltip />
          {legend && <Legend wrapperStyle={{ fontSize: 11 }} />}
          {children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Throughput, depth against capacity with blocked/waiting counts, and latency, for one queue over time. */
export function QueueCharts({
  points,
  capacity,
  scale,
  origin = null,
}: {
  points: readonly QueuePoint[];
  capacity: number | null;
  scale?: ChartScale;
  /** When the run started, if its first point is kept: the lines start there at zero, so a run shorter than one report still draws. */
  origin?: number | null;
}) {
  const { t } = useTranslation();
  const start = origin ?? points[0]?.t ?? 0;
  const charted = origin !== null && points.length > 0 ? [{ t: origin, throughput: 0, depth: 0, blocked: 0, waiting: 0 }, ...points] : points;
  const data = charted.map((p) => ({ ...p, s: (p.t - start) / 1000, capacity }));
  const last = points.at(-1);
  const hasLatency = points.some((p) => p.p50 !== undefined && p.p50 !== null);
  const line = { dot: false, isAnimationActive: false } as const;
  return (
    <div className="experiment-charts">
      <QueueFigure label={t('queue.throughput')} data={data} seconds={scale?.seconds}>
        <YAxis width={56} tick={{ fontSize: 10 }} domain={[0, scale?.throughput ?? 'auto']} />
        <Line dataKey="throughput" stroke="var(--accent)" {...line} name={t('queue.perSecond')} />
      </QueueFigure>
      <QueueFigure
        label={t('queue.depth')}
        caption={
          <>
            {t('queue.depth')}
            {last && (
              <span className="queue-now muted" data-testid="queue-now">
                {' '}
                · {t('queue.now', { depth: last.depth, blocked: last.blocked, waiting: last.waiting })}
              </span>
            )}
          </>
        }
        data={data}
        legend
        seconds={scale?.seconds}
      >
        <YAxis width={40} tick={{ fontSize: 10 }} allowDecimals={false} domain={[0, scale?.depth ?? 'auto']} />
        <Line dataKey="depth" stroke="var(--orphan)" {...line} name={t('queue.depthLine')} />
        {capacity !== null && <Line dataKey="capacity" stroke="var(--zombie)" strokeDasharray="4 4" {...line} name={t('queue.capacity')} />}
        <Line dataKey="blocked" stroke="var(--daemon)" {...line} name={t('queue.blocked')} />
        <Line dataKey="waiting" stroke="var(--accent)" {...line} name={t('queue.waiting')} />
      </QueueFigure>
      {hasLatency && (
        <QueueFigure label={t('queue.latency')} caption={t('queue.latencyChart')} data={data} legend seconds={scale?.seconds}>
          <YAxis width={48} tick={{ fontSize: 10 }} unit=" ms" domain={[0, scale?.latency ?? 'auto']} />
          <Line dataKey="p50" stroke="var(--accent)" {...line} name="p50" connectNulls />
          <Line dataKey="p99" stroke="var(--zombie)" {...line} name="p99" connectNulls />
        </QueueFigure>
      )}
    </div>
  );
}
