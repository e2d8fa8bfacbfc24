import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Props {
  data: ReadonlyArray<{ t: number; value: number | null }>;
  label: string;
  color: string;
  format: (value: number) => string;
  max?: number;
  height?: number;
  /** Changes exactly when the data does: charts are costly to redraw, so they redraw only then. */
  revision: string;
}

/** One metric over time: the details pane's CPU and memory, the header's machine figures. */
export const HistoryChart = memo(
  function HistoryChart({ data, label, color, format, max, height = 110 }: Props) {
    return (
      <figure className="history-chart" aria-label={label}>
        <figcaption>{label}</figcaption>
        <ResponsiveContainer width="100%" height={height}>
          <AreaChart data={data as Array<{ t: number; value: number | null }>} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} hide />
            <YAxis width={56} tickFormatter={format} domain={[0, max ?? 'auto']} tick={{ fontSize: 10, fill: 'var(--muted)' }} />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()} formatter={(v) => format(Number(v))} />
            <Area type="monotone" dataKey="value" stroke={color} fill={color} fillOpacity={0.2} isAnimationActive={false} connectNulls />
          </AreaChart>
        </ResponsiveContainer>
      </figure>
    );
  },
  (before, after) => before.revision === after.revision && before.label === after.label,
);
