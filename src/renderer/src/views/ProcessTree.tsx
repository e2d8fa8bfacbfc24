import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PythonLabel } from './program/PythonLabel';
import type { Platform, ProcessInfo } from '../../../shared/model';
import { formatBytes, formatClock, formatPercent } from '../components/format';
import type { LiveStore } from '../store/live-store';
import type { SortKey, SortOrder, VisibleRow } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';
import { liveProcess } from '../store/visible-rows';
import { extraCell, type ColumnDef } from './columns';
import { ColumnHeader } from './ColumnHeader';

export interface RowDecor {
  cue: 'new' | 'ended' | null;
  mode: string | undefined;
  /** How many times its restart policy started it again (shown as "restarted 3×"). */
  restarts?: number | undefined;
  notice: string | undefined;
  /** The queue experiment the process belongs to, highlighted. */
  experiment?: number | undefined;
}

interface Props {
  rows: readonly VisibleRow[];
  /** The columns shown, in order (the PID and name always are). */
  columns: readonly ColumnDef[];
  /** Widths the person dragged columns to. */
  widths: Partial<Record<SortKey, number>>;
  onResize: (key: SortKey, width: number, done: boolean) => void;
  /** The rows in the DOM now (in view plus overscan): the engine reads per-row columns for these. */
  onRowsInView: (rows: readonly VisibleRow[]) => void;
  platform: Platform | null;
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
  /** Rows hold their order (the pointer is over them) or everything (paused); said above the rows. */
  held: 'order' | 'all' | null;
  /** Said in place of the rows when there are none (a filter that matches nothing says so, and how to clear it). */
  empty?: ReactNode;
}

export const ROW_HEIGHT = 24;

/** The state column: an ended process shows its end (its exit code or signal when known), never its last running state. */
function stateText(p: ProcessInfo, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (p.state !== 'dead') return t(`state.${p.state}`);
  if (p.exit?.signal) return t('held.endedSignal', { signal: p.exit.signal });
  if (p.exit && p.exit.code !== null) return t('held.endedCode', { code: p.exit.code });
  return t('state.dead');
}

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
  const columns = props.columns;
  const track = (c: ColumnDef): string => {
    const width = props.widths[c.key] ?? c.width;
    return typeof width === 'number' ? `${width}px` : width;
  };
  // The narrowest the columns can be: below it, the table scrolls sideways rather than squeezing them.
  const minWidth = columns.reduce((sum, c) => {
    const width = props.widths[c.key] ?? c.width;
    return sum + (typeof width === 'number' ? width : Number(/(\d+)px/.exec(width)?.[1] ?? 80));
  }, 0);
  const grid = { '--cols': columns.map(track).join(' '), '--table-min-width': `${minWidth}px` } as CSSProperties;
  const selectedIndex = props.selected ? props.rows.findIndex((r) => r.key === props.selected) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const { rows, onRowsInView } = props;
  useEffect(() => onRowsInView(rows.slice(first, last + 1)), [rows, first, last, onRowsInView]);

  return (
    <div
      className={`process-tree ${props.held ? 'held' : ''}`}
      role="treegrid"
      aria-label={t('table.label')}
      aria-rowcount={props.rows.length}
      data-held={props.held ?? undefined}
      style={grid}
    >
      {props.held && (
        <div className="held-note" role="status" data-testid="held-note">
          {t(props.held === 'order' ? 'held.order' : 'held.all')}
        </div>
      )}
      <div className="tree-header" role="row">
        {columns.map((c) => (
          <ColumnHeader key={c.key} column={c} sort={props.sort} onSort={props.onSort} onResize={props.onResize} />
        ))}
      </div>
      <div className="tree-body" ref={scroller} onMouseEnter={() => props.onHover(true)} onMouseLeave={() => props.onHover(false)}>
        {props.rows.length === 0 && props.empty}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
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
                columns={columns}
                platform={props.platform}
                restarts={decor.restarts}
                held={props.held}
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
  columns: readonly ColumnDef[];
  platform: Platform | null;
  top: number;
  selected: boolean;
  tagged: boolean;
  self: boolean;
  held: 'order' | 'all' | null;
  onSelect: (key: string) => void;
  onToggle: (key: string) => void;
  onContextMenu: (key: string, x: number, y: number) => void;
}

/**
 * One row, which reads its own process from the store: a tick that changed only metrics leaves the rows (and the tree
 * above them) as they were, and draws again just the rows in view whose process changed.
 */
const Row = memo(function Row({ row, columns, platform, top, selected, tagged, self, held, onSelect, onToggle, onContextMenu, ...decor }: RowProps) {
  const { t } = useTranslation();
  const p: ProcessInfo = useStoreSelector(
    useCallback((store: LiveStore) => liveProcess(store, row, held), [row, held]),
    Object.is,
  );
  const classes = [
    'tree-row',
    selected && 'selected',
    tagged && 'tagged',
    row.context && 'context',
    decor.cue && `cue-${decor.cue}`,
    p.zombie && 'zombie',
    p.orphan && 'orphan',
    p.state === 'stopped' && 'stopped',
    p.state === 'dead' && 'dead',
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
        <PythonLabel pid={p.pid} />
        {self && <span className="badge self">{t('badge.self')}</span>}
        {p.zombie && <span className="badge zombie">{t('badge.zombie')}</span>}
        {p.orphan && <span className="badge orphan">{t('badge.orphan')}</span>}
        {decor.experiment !== undefined && <span className="badge experiment">{t('badge.experiment', { id: decor.experiment })}</span>}
        {decor.mode === 'daemon' && <span className="badge daemon">{t('badge.daemon')}</span>}
        {decor.mode === 'detached' && <span className="badge detached">{t('badge.detached')}</span>}
        {decor.restarts ? <span className="badge restarted">{t('restart.badge', { count: decor.restarts })}</span> : null}
        {p.state === 'stopped' && <span className="badge stopped">{t('badge.stopped')}</span>}
        {decor.cue === 'ended' && <span className="badge ended">{t('badge.ended')}</span>}
        {decor.notice && (
          <span className="row-notice" role="alert">
            {decor.notice}
          </span>
        )}
      </span>
      {columns.map((c) => {
        switch (c.key) {
          case 'pid':
          case 'name':
            return null;
          case 'state':
            return (
              <span key={c.key} className={`c-state state-${p.state}`} title={stateText(p, t)}>
                {stateText(p, t)}
              </span>
            );
          case 'cpu':
            return (
              <span key={c.key} className="c-cpu num">
                {formatPercent(p.cpuPercent)}
              </span>
            );
          case 'memory':
            return (
              <span key={c.key} className="c-mem num">
                {formatBytes(p.rssBytes)}
              </span>
            );
          case 'user':
            return (
              <span key={c.key} className="c-user">
                {p.user ?? '—'}
              </span>
            );
          case 'started':
            return (
              <span key={c.key} className="c-started">
                {formatClock(p.startedAt)}
              </span>
            );
          case 'command':
            return (
              <span key={c.key} className="c-cmd" title={p.cmd}>
                {p.cmd}
              </span>
            );
          default: {
            const cell = extraCell(c, p, platform, t);
            return (
              <span key={c.key} className={`${c.className} c-${c.key}`} title={cell.title}>
                {cell.text}
              </span>
            );
          }
        }
      })}
    </div>
  );
});
