import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessInfo } from '../../../shared/model';
import { formatBytes, formatClock, formatPercent } from '../components/format';
import type { SortKey, SortOrder, VisibleRow } from '../store/rows';

export interface RowDecor {
  cue: 'new' | 'ended' | null;
  mode: string | undefined;
  notice: string | undefined;
  /** The queue experiment the process belongs to, highlighted. */
  experiment?: number | undefined;
}

interface Props {
  rows: readonly VisibleRow[];
  /** Columns the person has hidden (the PID and name always show). */
  hidden: ReadonlySet<string>;
  selected: string | null;
  tagged: ReadonlySet<string>;
  enginePid: number | null;
  sort: SortOrder;
  decor: (key: string) => RowDecor;
  onSort: (key: SortKey) => void;
  onSelect: (key: string) => void;
  onToggle: (key: string) => void;
  onContextMenu: (key: string, x: number, y: number) => void;
  onHover: (hovering: boolean) => void;
}

export const COLUMNS: Array<{ key: SortKey; label: string; className: string; width: string; optional: boolean }> = [
  { key: 'pid', label: 'table.pid', className: 'c-pid num', width: '64px', optional: false },
  { key: 'name', label: 'table.name', className: 'c-name', width: 'minmax(280px, 1.6fr)', optional: false },
  { key: 'state', label: 'table.state', className: 'c-state', width: '84px', optional: true },
  { key: 'cpu', label: 'table.cpu', className: 'c-cpu num', width: '60px', optional: true },
  { key: 'memory', label: 'table.memory', className: 'c-mem num', width: '80px', optional: true },
  { key: 'user', label: 'table.user', className: 'c-user', width: '72px', optional: true },
  { key: 'started', label: 'table.started', className: 'c-started', width: '72px', optional: true },
  { key: 'command', label: 'table.command', className: 'c-cmd', width: 'minmax(140px, 1.6fr)', optional: true },
];
export const ROW_HEIGHT = 24;

/** The machine's processes as a tree or a list; only the rows in view are in the DOM. */
export function ProcessTree(props: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const columns = COLUMNS.filter((c) => !props.hidden.has(c.key));
  const grid = { '--cols': columns.map((c) => c.width).join(' ') } as CSSProperties;
  const selectedIndex = props.selected ? props.rows.findIndex((r) => r.key === props.selected) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div className="process-tree" role="treegrid" aria-label={t('table.label')} aria-rowcount={props.rows.length} style={grid}>
      <div className="tree-header" role="row">
        {columns.map((c) => (
          <button
            key={c.key}
            type="button"
            role="columnheader"
            className={`${c.className} ${props.sort.key === c.key ? 'sorted' : ''}`}
            aria-sort={props.sort.key === c.key ? (props.sort.descending ? 'descending' : 'ascending') : 'none'}
            onClick={() => props.onSort(c.key)}
          >
            {t(c.label)}
            {props.sort.key === c.key && <span className="sort-arrow">{props.sort.descending ? '▼' : '▲'}</span>}
          </button>
        ))}
      </div>
      <div className="tree-body" ref={scroller} onMouseEnter={() => props.onHover(true)} onMouseLeave={() => props.onHover(false)}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = props.rows[item.index]!;
            const decor = props.decor(row.key);
            return (
              <Row
                key={row.key}
                row={row}
                top={item.start}
                selected={row.key === props.selected}
                tagged={props.tagged.has(row.key)}
                self={row.process.pid === props.enginePid}
                cue={decor.cue}
                mode={decor.mode}
                notice={decor.notice}
                experiment={decor.experiment}
                hidden={props.hidden}
                onSelect={props.onSelect}
                onToggle={props.onToggle}
                onContextMenu={props.onContextMenu}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The decor goes in as plain values, so a row whose values did not change is not drawn again (memo compares props). */
interface RowProps extends RowDecor {
  row: VisibleRow;
  hidden: ReadonlySet<string>;
  top: number;
  selected: boolean;
  tagged: boolean;
  self: boolean;
  onSelect: (key: string) => void;
  onToggle: (key: string) => void;
  onContextMenu: (key: string, x: number, y: number) => void;
}

const Row = memo(function Row({ row, hidden, top, selected, tagged, self, onSelect, onToggle, onContextMenu, ...decor }: RowProps) {
  const { t } = useTranslation();
  const p: ProcessInfo = row.process;
  const classes = [
    'tree-row',
    selected && 'selected',
    tagged && 'tagged',
    row.context && 'context',
    decor.cue && `cue-${decor.cue}`,
    p.zombie && 'zombie',
    p.orphan && 'orphan',
    p.state === 'stopped' && 'stopped',
    self && 'self',
    decor.experiment !== undefined && 'in-experiment',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      role="row"
      aria-selected={selected}
      data-pid={p.pid}
      data-key={row.key}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(row.key)}
      onContextMenu={(e) => {
        e.preventDefault();
        onSelect(row.key);
        onContextMenu(row.key, e.clientX, e.clientY);
      }}
    >
      <span className="c-pid num">{p.pid}</span>
      <span className="c-name" style={{ paddingLeft: 4 + Math.min(row.depth, 24) * 10 }}>
        {row.hasChildren ? (
          <button
            type="button"
            className="expander"
            aria-label={row.expanded ? t('actions.collapse') : t('actions.expand')}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(row.key);
            }}
          >
            {row.expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="expander-space" />
        )}
        {tagged && <span className="tag-mark">●</span>}
        <span className="proc-name">{p.name}</span>
        {self && <span className="badge self">{t('badge.self')}</span>}
        {p.zombie && <span className="badge zombie">{t('badge.zombie')}</span>}
        {p.orphan && <span className="badge orphan">{t('badge.orphan')}</span>}
        {decor.experiment !== undefined && <span className="badge experiment">{t('badge.experiment', { id: decor.experiment })}</span>}
        {decor.mode === 'daemon' && <span className="badge daemon">{t('badge.daemon')}</span>}
        {decor.mode === 'detached' && <span className="badge detached">{t('badge.detached')}</span>}
        {p.state === 'stopped' && <span className="badge stopped">{t('badge.stopped')}</span>}
        {decor.cue === 'ended' && <span className="badge ended">{t('badge.ended')}</span>}
        {decor.notice && (
          <span className="row-notice" role="alert">
            {decor.notice}
          </span>
        )}
      </span>
      {!hidden.has('state') && <span className={`c-state state-${p.state}`}>{t(`state.${p.state}`)}</span>}
      {!hidden.has('cpu') && <span className="c-cpu num">{formatPercent(p.cpuPercent)}</span>}
      {!hidden.has('memory') && <span className="c-mem num">{formatBytes(p.rssBytes)}</span>}
      {!hidden.has('user') && <span className="c-user">{p.user ?? '—'}</span>}
      {!hidden.has('started') && <span className="c-started">{formatClock(p.startedAt)}</span>}
      {!hidden.has('command') && (
        <span className="c-cmd" title={p.cmd}>
          {p.cmd}
        </span>
      )}
    </div>
  );
});
