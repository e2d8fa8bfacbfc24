import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { byteAxis, valueAxis } from './axis-ticks';
import type { HistoryChartProps } from './HistoryChart';

/** A CSS colour (a custom property included) as the rgba() a canvas takes, at `alpha`. */
function canvasColor(css: string, alpha = 1): string {
  const probe = document.createElement('span');
  probe.style.color = css;
  document.body.append(probe);
  const rgb = getComputedStyle(probe)
    .color.match(/[\d.]+/g)
    ?.slice(0, 3) ?? ['128', '128', '128'];
  probe.remove();
  return `rgba(${rgb.join(', ')}, ${alpha})`;
}

/**
 * The chart itself, in a chunk of its own (loaded when a chart first shows). uPlot draws on one canvas: a new point
 * is a setData, not a new tree of SVG elements to diff, so a chart that moves every second costs a redraw of pixels.
 */
export default function HistoryAreaChart({ data, color, format, tickFormat, axis: kind, max, height = 110 }: HistoryChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [readout, setReadout] = useState<string | null>(null);
  // Ticks at nice steps up to the highest value (or the fixed `max`), written with the decimals that keep them apart.
  // About one tick per 30 px, so the labels of a short chart do not run into each other.
  const highest = max ?? data.reduce((top, p) => Math.max(top, p.value ?? 0), 0);
  const count = Math.max(2, Math.floor(height / 30));
  const bytes = kind === 'bytes' ? byteAxis(highest, count) : null;
  const axis = bytes ?? valueAxis(highest, count);
  const labels = bytes?.labels ?? axis.ticks.map((v) => (tickFormat ? tickFormat(v, axis.decimals) : format(v)));
  // The chart is made once; later data, formats and axes reach it through this ref.
  const latest = useRef({ format, axis, labels });
  useLayoutEffect(() => {
    latest.current = { format, axis, labels };
  });

  useEffect(() => {
    const target = box.current!;
    const line = canvasColor('var(--line)');
    const muted = canvasColor('var(--muted)');
    const options: uPlot.Options = {
      width: target.clientWidth || 300,
      height,
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: () => [0, latest.current.axis.top] } },
      axes: [
        { show: false },
        {
          size: 56,
          font: '10px system-ui, sans-serif',
          stroke: muted,
          grid: { stroke: line, dash: [3, 3], width: 1 },
          ticks: { show: false },
          splits: () => latest.current.axis.ticks,
          values: () => latest.current.labels,
        },
      ],
      series: [{}, { stroke: canvasColor(color), fill: canvasColor(color, 0.2), width: 1.5, spanGaps: true, points: { show: false } }],
      hooks: {
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            const t = i === null || i === undefined ? undefined : u.data[0][i];
            const v = i === null || i === undefined ? undefined : u.data[1]![i];
            setReadout(t === undefined || v === undefined || v === null ? null : `${new Date(t).toLocaleTimeString()} · ${latest.current.format(v)}`);
          },
        ],
      },
    };
    const plot = new uPlot(options, [[], []], target);
    chart.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: target.clientWidth || 300, height }));
    resize.observe(target);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [color, height, max]);

  useEffect(() => {
    chart.current?.setData([data.map((p) => p.t), data.map((p) => p.value)]);
  }, [data, color, height, max]);

  return (
    // The axis's labels are drawn on the canvas; data-ticks says them in the page too (a test reads them).
    <div className="history-plot" ref={box} style={{ height }} data-ticks={labels.join(' | ')}>
      {readout && <span className="history-readout">{readout}</span>}
    </div>
  );
}
