import { lazy, memo, Suspense } from 'react';

export interface HistoryChartProps {
  data: ReadonlyArray<{ t: number; value: number | null }>;
  label: string;
  color: string;
  format: (value: number) => string;
  /** How an axis tick is written, with the decimals that keep the ticks apart (`format` if not given). */
  tickFormat?: (value: number, decimals: number) => string;
  /** Bytes: ticks at nice steps of the binary unit the values read in, labelled in it (tickFormat is then unused). */
  axis?: 'bytes';
  max?: number;
  height?: number;
  /** Changes exactly when the data does: charts are costly to redraw, so they redraw only then. */
  revision: string;
}

const HistoryAreaChart = lazy(() => import('./HistoryAreaChart'));

/** One metric over time: the details pane's CPU and memory, the header's machine figures. */
export const HistoryChart = memo(
  function HistoryChart(props: HistoryChartProps) {
    const height = props.height ?? 110;
    return (
      <figure className="history-chart" aria-label={props.label}>
        <figcaption>{props.label}</figcaption>
        {/* The same height while the chart's code loads, so nothing below it moves. */}
        <Suspense fallback={<div style={{ height }} />}>
          <HistoryAreaChart {...props} height={height} />
        </Suspense>
      </figure>
    );
  },
  (before, after) => before.revision === after.revision && before.label === after.label,
);
