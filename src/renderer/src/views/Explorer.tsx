import type React from 'react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, type Dispatch, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessInfo } from '../../../shared/model';
import type { Settings } from '../../../shared/settings';
import { Toolbar } from '../components/Toolbar';
import { download } from '../components/download';
import { tableAsCsv } from '../components/export-table';
import { useActions, useStore } from '../state/app-context';
import type { UiCommands } from '../state/use-ui-commands';
import type { UiAction, UiState } from '../state/ui-state';
import { useTreeRows } from '../state/use-tree-rows';
import { parseFilter } from '../store/filter';
import { filterProblemText } from '../store/filter-messages';
import type { LiveStore } from '../store/live-store';
import { useStoreSelector } from '../store/use-store-selector';
import { keyOf, parentKeys, type SortKey, type VisibleRow } from '../store/rows';
import { ancestorsOf } from '../../../shared/analysis/tree';
import { Details } from './Details';
import { EventLog } from './EventLog';
import { Problems } from './Problems';
import { NoRows } from './NoRows';
import { ProcessTree, type RowDecor } from './ProcessTree';
import { COLUMN_BY_KEY, COLUMNS, visibleColumns } from './columns';
import { useColumnDemand } from '../state/use-column-demand';
import { liveProcess } from '../store/visible-rows';
import type { Platform } from '../../../shared/model';
import type { SignalInfo } from '../../../shared/signals';
import type { SignalName } from '../../../shared/events';
import { useStableCallbacks } from '../state/use-stable-callbacks';

const readDecorVersion = (store: LiveStore): number => store.decorVersion;

interface Props {
  ui: UiState;
  dispatch: Dispatch<UiAction>;
  settings: Settings | null;
  saveSettings: (patch: Partial<Settings>) => void;
  enginePid: number | null;
  platform: string | null;
  /** Every signal the engine's platform has, for the signal menu. */
  signals: readonly SignalInfo[];
  liveOff: string | null;
  /** The engine is out of reach: the table is dimmed (it shows the last moment seen). */
  offline: boolean;
  commands: UiCommands;
  searchBox: RefObject<HTMLInputElement | null>;
  filterBox: RefObject<HTMLInputElement | null>;
  /** Where the keys find the rows shown now. */
  rowsRef: RefObject<readonly VisibleRow[]>;
}

/** The process explorer: toolbar, tree, and beside it the selected process, the problems and the event log. */
export function Explorer({
  ui,
  dispatch,
  settings,
  saveSettings,
  enginePid,
  platform,
  signals,
  liveOff,
  offline,
  commands,
  searchBox,
  filterBox,
  rowsRef,
}: Props) {
  const { t } = useTranslation();
  const store = useStore();
  const actions = useActions();
  const tree = settings?.tree ?? true;
  const sort = { key: settings?.sortKey ?? 'pid', descending: settings?.sortDescending ?? false } as const;
  const { predicate, problems } = useMemo(() => parseFilter(ui.filter), [ui.filter]);
  const filterErrors = useMemo(() => problems.map((problem) => filterProblemText(t, problem)), [problems, t]);
  const rows = useTreeRows(ui, tree, sort, predicate);
  // A tag is dropped once its process has ended: "2 tagged" counts what an action would reach.
  const { tagged } = ui;
  const liveTags = useStoreSelector(useCallback((s: LiveStore) => [...tagged].filter((k) => s.table.get(k)).join(','), [tagged]));
  useEffect(() => {
    const keep = liveTags ? liveTags.split(',') : [];
    if (keep.length !== tagged.size) dispatch({ type: 'set-tags', keys: new Set(keep) });
  }, [liveTags, tagged, dispatch]);
  const tagMatches = (): void => {
    const matching = store.table.processes().filter((p) => predicate(p, { mode: store.children.get(keyOf(p))?.mode }));
    dispatch({ type: 'set-tags', keys: new Set([...tagged, ...matching.map(keyOf)]) });
  };
  useLayoutEffect(() => {
    rowsRef.current = rows;
    return () => {
      rowsRef.current = [];
    };
  }, [rows, rowsRef]);

  const { paused, notices, selected } = ui;
  const [frozenCues] = useState(() => new Map<string, Omit<RowDecor, 'notice'>>());
  // Cues come and go on their own clock (a new row flashes for 3 s), not only when rows change.
  const decorVersion = useStoreSelector(readDecorVersion);
  const decor = useCallback(
    (key: string): RowDecor => {
      // While paused, a row's lifetime cue holds still with it; outcomes of the person's own actions still show.
      if (!paused) frozenCues.clear();
      let cue = frozenCues.get(key);
      if (!cue) {
        cue = {
          cue: store.ended.has(key) && !store.table.get(key) ? 'ended' : store.startedAt.has(key) ? 'new' : null,
          mode: store.children.get(key)?.mode,
          restarts: store.children.get(key)?.restarts,
        };
        if (paused) frozenCues.set(key, cue);
      }
      return { ...cue, notice: notices.get(key), experiment: store.experimentOf(key) };
    },
    // `rows` and `decorVersion` change when what the rows show or their cues do: the cues are read at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, notices, rows, decorVersion, paused, frozenCues],
  );

  const hidden = useMemo(() => new Set(settings?.hiddenColumns ?? []), [settings?.hiddenColumns]);
  const shown = useMemo(() => new Set<string>(settings?.shownColumns ?? []), [settings?.shownColumns]);
  const columns = useMemo(() => visibleColumns(hidden, shown), [hidden, shown]);
  const onRowsInView = useColumnDemand(columns, sort.key);
  /** Widths as dragged, shown at once; saved when the drag ends. */
  const [dragWidths, setDragWidths] = useState<Partial<Record<SortKey, number>>>({});
  const widths = useMemo(() => ({ ...settings?.columnWidths, ...dragWidths }), [settings?.columnWidths, dragWidths]);
  const onResize = useCallback(
    (key: SortKey, width: number, done: boolean) => {
      setDragWidths((before) => ({ ...before, [key]: width }));
      if (done) saveSettings({ columnWidths: { ...settings?.columnWidths, [key]: width } });
    },
    [saveSettings, settings?.columnWidths],
  );
  const toggleColumn = (key: SortKey): void => {
    const column = COLUMN_BY_KEY.get(key);
    if (column?.defaultVisible) saveSettings({ hiddenColumns: hidden.has(key) ? [...hidden].filter((k) => k !== key) : [...hidden, key] });
    else saveSettings({ shownColumns: (shown.has(key) ? [...shown].filter((k) => k !== key) : [...shown, key]) as SortKey[] });
  };
  const select = useCallback((key: string) => dispatch({ type: 'select', key }), [dispatch]);
  // A parent Forkscope started (or one of its subtree) is killed at once; any other is asked about first, with who will reap.
  const killParent = useCallback(
    (parent: ProcessInfo) => {
      const ours = [parent, ...ancestorsOf(parent, (pid) => store.table.byPid(pid))].some((p) => store.children.has(keyOf(p)));
      if (ours) void actions.kill([parent], false);
      else dispatch({ type: 'open', popup: { type: 'kill-parent', parent } });
    },
    [actions, store, dispatch],
  );
  // Stable, so the tree's memoized rows are not drawn again for a new callback.
  const { collapsed } = ui;
  const toggle = useCallback((key: string) => dispatch({ type: 'set-collapsed', key, collapsed: !collapsed.has(key) }), [dispatch, collapsed]);
  const openSignalMenu = useCallback(
    (key: string, x: number, y: number) => dispatch({ type: 'open', popup: { type: 'signal-menu', key, x, y } }),
    [dispatch],
  );
  /** htop's search: jump to the next row whose name or command holds the text, without hiding others. */
  const searchFrom = (text: string, after: string | null): void => {
    const needle = text.trim().toLowerCase();
    if (!needle) return;
    const start = after ? rows.findIndex((r) => r.key === after) + 1 : 0;
    const ordered = [...rows.slice(start), ...rows.slice(0, start)];
    const hit = ordered.find((r) => {
      const p = liveProcess(store, r, null);
      return p.name.toLowerCase().includes(needle) || p.cmd.toLowerCase().includes(needle);
    });
    if (hit) select(hit.key);
  };
  const width = ui.sideWidth ?? settings?.detailsWidth ?? 420;
  const startDrag = (event: React.MouseEvent): void => {
    event.preventDefault();
    dispatch({ type: 'resize', width, dragging: true });
    let latest = width;
    const onMove = (e: MouseEvent): void => {
      latest = Math.max(280, Math.min(window.innerWidth - 480, window.innerWidth - e.clientX));
      dispatch({ type: 'resize', width: latest, dragging: true });
    };
    const onUp = (): void => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      dispatch({ type: 'resize', width: latest, dragging: false });
      saveSettings({ detailsWidth: Math.round(latest) });
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };
  const onSort = (key: SortKey): void =>
    saveSettings({ sortKey: key, sortDescending: sort.key === key ? !sort.descending : Boolean(COLUMN_BY_KEY.get(key)?.descendingFirst) });
  const onExport = (format: 'csv' | 'json'): void => {
    if (format === 'csv') download('forkscope-processes.csv', 'text/csv', tableAsCsv(store.table.processes()));
    else download('forkscope-processes.json', 'application/json', JSON.stringify(store.table.snapshot(), null, 2));
  };

  // The toolbar is memoized: its callbacks stay the same functions and its lists are made again only when they change,
  // so a tick that changed rows does not draw it (and translate its labels) again.
  const on = useStableCallbacks({
    search: (text: string) => {
      dispatch({ type: 'search', text });
      searchFrom(text, null);
    },
    searchNext: () => searchFrom(ui.search, selected),
    toggleColumn: (key: string) => toggleColumn(key as SortKey),
    filter: (text: string) => dispatch({ type: 'filter', text }),
    spawn: () => commands.keys.spawn(),
    join: () => commands.join(),
    signal: (signal: SignalName) => commands.signal(signal),
    kill: (tree: boolean) => (tree ? commands.askKillTree() : commands.signal('SIGKILL')),
    toggleTree: () => saveSettings({ tree: !tree }),
    toggleOnlyOwn: () => dispatch({ type: 'toggle', flag: 'onlyOwn' }),
    toggleFollow: () => dispatch({ type: 'toggle', flag: 'follow' }),
    togglePause: () => dispatch({ type: 'toggle', flag: 'paused' }),
    expandAll: () => dispatch({ type: 'expand-all' }),
    collapseAll: () => dispatch({ type: 'collapse-all', keys: parentKeys(store.table.processes()) }),
    export: onExport,
    help: () => commands.keys.help(),
    clearTags: () => dispatch({ type: 'set-tags', keys: new Set() }),
    tagMatches,
  });
  const toolbarColumns = useMemo(
    () =>
      COLUMNS.filter((c) => c.optional).map((c) => ({
        key: c.key,
        label: t(`${c.label}Long`, { defaultValue: t(c.label) }),
        visible: columns.includes(c),
      })),
    [t, columns],
  );

  return (
    <>
      <Toolbar
        search={ui.search}
        searchRef={searchBox}
        onSearch={on.search}
        onSearchNext={on.searchNext}
        columns={toolbarColumns}
        onToggleColumn={on.toggleColumn}
        filter={ui.filter}
        filterErrors={filterErrors}
        filterRef={filterBox}
        onFilter={on.filter}
        hasTarget={Boolean(selected && store.table.get(selected)) || ui.tagged.size > 0}
        tree={tree}
        onlyOwn={ui.onlyOwn}
        follow={ui.follow}
        paused={paused}
        onSpawn={on.spawn}
        onJoin={on.join}
        onSignal={on.signal}
        signals={signals}
        onKill={on.kill}
        onToggleTree={on.toggleTree}
        onToggleOnlyOwn={on.toggleOnlyOwn}
        onToggleFollow={on.toggleFollow}
        onTogglePause={on.togglePause}
        onExpandAll={on.expandAll}
        onCollapseAll={on.collapseAll}
        onExport={on.export}
        onHelp={on.help}
        taggedCount={ui.tagged.size}
        onClearTags={on.clearTags}
        onTagMatches={ui.filter.trim() ? on.tagMatches : undefined}
        liveOff={liveOff}
      />
      <main
        className={`workspace ${offline ? 'disconnected' : ''}`}
        aria-busy={offline}
        style={{ '--side-width': `${width}px` } as React.CSSProperties}
      >
        <ProcessTree
          rows={rows}
          columns={columns}
          widths={widths}
          onResize={onResize}
          onRowsInView={onRowsInView}
          platform={platform as Platform | null}
          selected={selected}
          tagged={ui.tagged}
          enginePid={enginePid}
          sort={sort}
          decor={decor}
          onSort={onSort}
          onSelect={select}
          onToggle={toggle}
          onContextMenu={openSignalMenu}
          onHover={(hovering) => dispatch({ type: 'hover', hovering })}
          held={paused ? 'all' : ui.hovering ? 'order' : null}
          empty={
            <NoRows
              filter={ui.filter}
              onlyOwn={ui.onlyOwn}
              onClearFilter={() => dispatch({ type: 'filter', text: '' })}
              onShowAll={() => dispatch({ type: 'toggle', flag: 'onlyOwn' })}
            />
          }
        />
        <div
          className={`splitter ${ui.dragging ? 'dragging' : ''}`}
          role="separator"
          aria-orientation="vertical"
          aria-label={t('toolbar.resize')}
          onMouseDown={startDrag}
        />
        <div className="side">
          <Details selected={selected} onSelect={select} lastOutcome={selected ? notices.get(selected) : undefined} />
          <div className="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={ui.panel === 'problems'}
              onClick={() => dispatch({ type: 'show-panel', panel: 'problems' })}
            >
              {t('problems.title')}
            </button>
            <button type="button" role="tab" aria-selected={ui.panel === 'log'} onClick={() => dispatch({ type: 'show-panel', panel: 'log' })}>
              {t('log.title')}
            </button>
          </div>
          {ui.panel === 'problems' ? (
            <Problems platform={platform} onSelect={select} onKillParent={killParent} liveOff={liveOff} />
          ) : (
            <EventLog onSelect={select} />
          )}
        </div>
      </main>
    </>
  );
}
