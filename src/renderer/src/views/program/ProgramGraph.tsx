import dagre from '@dagrejs/dagre';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgramQueueStats } from '../../../../shared/events';
import type { ProgramPython } from '../../../../shared/python-program';
import { programGraph, type GraphNode } from './program-graph-model';

const NODE_HEIGHT = 42;
const charWidth = 6.6;

const widthOf = (node: GraphNode): number => Math.min(420, Math.max(110, Math.max(node.label.length, node.detail.length) * charWidth + 20));

/** The live graph of a probed program, laid out by dagre; loaded only when a Program view opens. */
export default function ProgramGraph({
  python,
  queues,
  t,
  before,
}: {
  python: ProgramPython;
  queues: ProgramQueueStats[];
  t: number;
  before: { python: ProgramPython; t: number } | null;
}) {
  const { t: tr } = useTranslation();
  const layout = useMemo(() => {
    const model = programGraph(python, queues, before, t);
    const graph = new dagre.graphlib.Graph({ multigraph: true });
    graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 8, marginy: 8 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const node of model.nodes) graph.setNode(node.id, { width: widthOf(node), height: NODE_HEIGHT });
    model.edges.forEach((e, n) => graph.setEdge(e.from, e.to, {}, String(n)));
    dagre.layout(graph);
    const size = graph.graph();
    return { model, graph, width: size.width ?? 0, height: size.height ?? 0 };
  }, [python, queues, t, before]);
  const { model, graph, width, height } = layout;
  const maxRate = Math.max(1, ...model.edges.map((e) => e.rate));
  return (
    <figure className="program-graph" aria-label={tr('program.graph')}>
      <figcaption>{tr('program.graphCaption')}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={tr('program.graph')}>
        <defs>
          <marker
            id="program-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="9"
            markerHeight="9"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--muted, #888)" />
          </marker>
        </defs>
        {model.edges.map((e, n) => {
          const points = graph.edge(e.from, e.to, String(n))?.points ?? [];
          if (points.length === 0) return null;
          const d = points.map((p: { x: number; y: number }, i: number) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
          return (
            <path
              key={n}
              className={`program-edge${e.waiting ? ' waiting' : ''}`}
              d={d}
              strokeWidth={1 + 5 * Math.sqrt(e.rate / maxRate)}
              markerEnd="url(#program-arrow)"
              data-rate={Math.round(e.rate)}
            />
          );
        })}
        {model.nodes.map((node) => {
          const placed = graph.node(node.id);
          if (!placed) return null;
          const x = placed.x - placed.width / 2;
          const y = placed.y - placed.height / 2;
          const classes = ['program-node', `kind-${node.kind}`, node.blocked && 'blocked', node.ended && 'ended'].filter(Boolean).join(' ');
          return (
            <g key={node.id} className={classes} data-node={node.id} transform={`translate(${x} ${y})`}>
              <rect width={placed.width} height={placed.height} rx={node.kind === 'process' ? 6 : 14} />
              <text x={8} y={17}>
                {node.label}
              </text>
              <text x={8} y={33} className="detail">
                {node.blocked ? `${tr('program.blocked')} · ${node.detail}` : node.detail}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
