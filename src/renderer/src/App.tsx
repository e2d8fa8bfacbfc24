import i18next from 'i18next';
import type React from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignalName } from '../../shared/events';
import type { ProcessInfo } from '../../shared/model';
import { createActions } from './actions';
import type { ForkscopeClient } from './api/client';
import { ConfirmDialog } from './components/ConfirmDialog';
import { ContextMenu } from './components/ContextMenu';
import { ShortcutsSheet } from './components/ShortcutsSheet';
import { Toolbar } from './components/Toolbar';
import { download } from './components/download';
import { tableAsCsv } from './components/export-table';
import type { Language } from './i18n';
import { parseFilter } from './store/filter';
import { keyOf, parentKeys, type SortKey } from './store/rows';
import { subtreePids } from '../../shared/analysis/tree';
import { computeVisibleRows, RowFreezer } from './store/visible-rows';
import { useLiveStore } from './store/use-live-store';
import { useShortcuts } from './use-shortcuts';
import { Details } from './views/Details';
import { EventLog } from './views/EventLog';
import { Problems } from './views/Problems';
import { COLUMNS, ProcessTree, type RowDecor } from './views/ProcessTree';
import { QueueLab } from './views/QueueLab';
import { Lessons } from './views/Lessons';
import { SpawnDialog } from './views/SpawnDialog';
import { SystemHeader } from './views/SystemHeader';
import { ReplayBar } from './views/ReplayBar';
import { openRecordingFile, SessionControls } from './components/SessionControls';

export function App({ client }: { client: ForkscopeClient }) {
  const { t } = useTranslation();
  const { store, version, info, status, settings, saveSettings, error, session } = useLiveStore(client);
  // While disconnected every action would fail: they are off, with why as their tooltip, and the table is dimmed.
  const offline = status.connected ? null : t('app.disconnected', { reason: status.reason ?? t('app.connecting') });
  const liveOff = offline ?? (session.replay ? t('replay.liveOff') : null);
  const [dropping, setDropping] = useState(false);
  const [dropError, setDropError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [tagged, setTagged] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [onlyOwn, setOnlyOwn] = useState(false);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [paused, setPaused] = useState(false);
  const [hovering, setHovering] = useState(false);
  const [follow, setFollow] = useState(false);
  const [panel, setPanel] = useState<'problems' | 'log'>('problems');
  const [spawnOpen, setSpawnOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [confirm, setConfirm] = useState<{ roots: ProcessInfo[]; members: ProcessInfo[] } | null>(null);
  const [notices, setNotices] = useState<Map<string, string>>(new Map());
  const [menu, setMenu] = useState<{ key: string; x: number; y: number } | null>(null);
  const [view, setView] = useState<'explorer' | 'queue' | 'lessons'>('explorer');
  const filterBox = useRef<HTMLInputElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState('');
  const [sideWidth, setSideWidth] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);

  const tree = settings?.tree ?? true;
  const sort = { key: settings?.sortKey ?? 'pid', descending: settings?.sortDescending ?? false } as const;
  useEffect(() => {
    if (settings?.language && settings.language !== i18next.language) void i18next.changeLanguage(settings.language);
  }, [settings?.language]);

  const notify = useCallback((key: string, message: string | null) => {
    setNotices((current) => {
      const next = new Map(current);
      if (message === null) next.delete(key);
      else next.set(key, message);
      return next;
    });
  }, []);
  const actions = useMemo(() => createActions(client, notify, t), [client, notify, t]);

  const { predicate, errors: filterErrors } = useMemo(() => parseFilter(filter), [filter]);
  const [freezer] = useState(() => new RowFreezer());
  const freezeMode = paused ? 'hold-all' : hovering ? 'hold-order' : 'live';
  const rows = useMemo(
    () =>
      freezer.rows(freezeMode, store, () =>
        computeVisibleRows(store, { tree, sort, predicate, collapsed, onlyOwn, follow: follow ? selected : null }),
      ),
    // `version` is the store's change counter: the table itself is mutable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, freezeMode, tree, sort.key, sort.descending, predicate, collapsed, onlyOwn, follow, selected],
  );

  const [frozenCues] = useState(() => new Map<string, Omit<RowDecor, 'notice'>>());
  const decor = useCallback(
    (key: string): RowDecor => {
      // While paused, a row's lifetime cue holds still with it; outcomes of the person's own actions still show.
      if (!paused) frozenCues.clear();
      let cue = frozenCues.get(key);
      if (!cue) {
        cue = {
          cue: store.ended.has(key) && !store.table.get(key) ? 'ended' : store.startedAt.has(key) ? 'new' : null,
          mode: store.children.get(key)?.mode,
        };
        if (paused) frozenCues.set(key, cue);
      }
      return { ...cue, notice: notices.get(key), experiment: store.experimentOf(key) };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, notices, version, paused],
  );

  const selectedProcess = selected ? store.table.get(selected) : undefined;
  const targets = (): ProcessInfo[] => {
    const keys = tagged.size > 0 ? [...tagged] : selected ? [selected] : [];
    return keys.map((k) => store.table.get(k)).filter((p): p is ProcessInfo => Boolean(p));
  };
  const signal = (name: SignalName) => void actions.signal(targets(), name);
  const askKillTree = (): void => {
    const roots = targets();
    if (roots.length === 0) return;
    const all = store.table.processes();
    const rootPids = new Set(roots.map((r) => r.pid));
    const pids = subtreePids(all, rootPids);
    setConfirm({ roots, members: all.filter((p) => pids.has(p.pid) && !rootPids.has(p.pid)) });
  };
  const move = (delta: number): void => {
    if (rows.length === 0) return;
    const index = selected ? rows.findIndex((r) => r.key === selected) : -1;
    const next = rows[Math.max(0, Math.min(rows.length - 1, index + delta))];
    if (next) setSelected(next.key);
  };
  const setCollapsedFor = (key: string, collapse: boolean): void =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (collapse) next.add(key);
      else next.delete(key);
      return next;
    });

  useShortcuts({
    '/': () => searchBox.current?.focus(),
    '\\': () => filterBox.current?.focus(),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    PageDown: () => move(20),
    PageUp: () => move(-20),
    Enter: () => selectedProcess && document.querySelector<HTMLElement>('.details')?.focus(),
    ' ': () =>
      selected &&
      setTagged((current) => {
        const next = new Set(current);
        if (next.has(selected)) next.delete(selected);
        else next.add(selected);
        return next;
      }),
    '+': () => selected && setCollapsedFor(selected, false),
    '-': () => selected && setCollapsedFor(selected, true),
    t: () => saveSettings({ tree: !tree }),
    F: () => setFollow((f) => !f),
    Z: () => setPaused((p) => !p),
    k: () => {
      const rect = document.querySelector(`.tree-row[data-key="${selected}"]`)?.getBoundingClientRect();
      if (selected) setMenu({ key: selected, x: (rect?.left ?? 200) + 120, y: rect?.bottom ?? 200 });
    },
    K: () => signal('SIGKILL'),
    n: () => setSpawnOpen(true),
    j: () => selectedProcess && void actions.join(selectedProcess),
    '?': () => setHelpOpen(true),
    Escape: () => {
      setSpawnOpen(false);
      setHelpOpen(false);
      setConfirm(null);
      setMenu(null);
      (document.activeElement as HTMLElement | null)?.blur();
    },
  });

  const hidden = useMemo(() => new Set(settings?.hiddenColumns ?? []), [settings?.hiddenColumns]);
  /** htop's search: jump to the next row whose name or command holds the text, without hiding others. */
  const searchFrom = (text: string, after: string | null): void => {
    const needle = text.trim().toLowerCase();
    if (!needle) return;
    const start = after ? rows.findIndex((r) => r.key === after) + 1 : 0;
    const ordered = [...rows.slice(start), ...rows.slice(0, start)];
    const hit = ordered.find((r) => r.process.name.toLowerCase().includes(needle) || r.process.cmd.toLowerCase().includes(needle));
    if (hit) setSelected(hit.key);
  };
  const width = sideWidth ?? settings?.detailsWidth ?? 420;
  const startDrag = (event: React.MouseEvent): void => {
    event.preventDefault();
    setDragging(true);
    let latest = width;
    const onMove = (e: MouseEvent): void => {
      latest = Math.max(280, Math.min(window.innerWidth - 480, window.innerWidth - e.clientX));
      setSideWidth(latest);
    };
    const onUp = (): void => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      setDragging(false);
      saveSettings({ detailsWidth: Math.round(latest) });
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };
  const onSort = (key: SortKey): void =>
    saveSettings({ sortKey: key, sortDescending: sort.key === key ? !sort.descending : key === 'cpu' || key === 'memory' });
  const changeLanguage = (language: Language): void => {
    void i18next.changeLanguage(language);
    saveSettings({ language });
  };

  return (
    <div
      className={`app ${dropping ? 'dropping' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDropping(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDropping(false);
        const file = e.dataTransfer.files[0];
        if (file) void openRecordingFile(client, file).then(setDropError);
      }}
    >
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <span className={`connection ${status.connected ? 'up' : 'down'} ${session.replay ? 'replaying' : ''}`} role="status">
          {!status.connected ? t('app.offline') : session.replay ? t('replay.badge') : t('app.live')}
        </span>
        {info && (
          <span className="engine" data-testid="engine-pid" data-pid={info.enginePid}>
            {t('app.engine', {
              shell: info.shell === 'electron' ? t('app.shellElectron') : t('app.shellHost'),
              pid: info.enginePid,
              platform: info.platform,
              version: info.version,
            })}
          </span>
        )}
        {paused && <span className="badge stopped">{t('app.paused')}</span>}
        <nav className="views" role="tablist" aria-label={t('queue.tab')}>
          <button type="button" role="tab" aria-selected={view === 'explorer'} onClick={() => setView('explorer')}>
            {t('queue.explorer')}
          </button>
          <button type="button" role="tab" aria-selected={view === 'queue'} onClick={() => setView('queue')}>
            {t('queue.tab')}
          </button>
          <button type="button" role="tab" aria-selected={view === 'lessons'} onClick={() => setView('lessons')}>
            {t('lessons.tab')}
          </button>
        </nav>
        <SessionControls client={client} session={session} />
        <label className="language">
          <span className="sr-only">{t('settings.language')}</span>
          <select aria-label={t('settings.language')} value={i18next.language} onChange={(e) => changeLanguage(e.target.value as Language)}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
      </header>
      {session.replay && <ReplayBar client={client} replay={session.replay} />}
      <SystemHeader store={store} version={version} info={info} />
      {(offline || status.reason || error || dropError) && (
        <div className="notice error" role="alert" data-testid={offline ? 'disconnected' : undefined}>
          {offline ?? status.reason ?? error?.message ?? dropError}
        </div>
      )}
      {dropping && <div className="drop-hint">{t('session.dropHere')}</div>}
      {view === 'lessons' && <Lessons client={client} store={store} version={version} liveOff={liveOff} />}
      {view === 'queue' && <QueueLab client={client} store={store} version={version} />}
      {view === 'explorer' && (
        <>
          <Toolbar
            search={search}
            searchRef={searchBox}
            onSearch={(text) => {
              setSearch(text);
              searchFrom(text, null);
            }}
            onSearchNext={() => searchFrom(search, selected)}
            columns={COLUMNS.filter((c) => c.optional).map((c) => ({ key: c.key, label: t(c.label), visible: !hidden.has(c.key) }))}
            onToggleColumn={(key) => saveSettings({ hiddenColumns: hidden.has(key) ? [...hidden].filter((k) => k !== key) : [...hidden, key] })}
            filter={filter}
            filterErrors={filterErrors}
            filterRef={filterBox}
            onFilter={setFilter}
            hasTarget={Boolean(selectedProcess) || tagged.size > 0}
            tree={tree}
            onlyOwn={onlyOwn}
            follow={follow}
            paused={paused}
            onSpawn={() => setSpawnOpen(true)}
            onJoin={() => selectedProcess && void actions.join(selectedProcess)}
            onSignal={signal}
            onKill={(tree) => (tree ? askKillTree() : signal('SIGKILL'))}
            onToggleTree={() => saveSettings({ tree: !tree })}
            onToggleOnlyOwn={() => setOnlyOwn((v) => !v)}
            onToggleFollow={() => setFollow((v) => !v)}
            onTogglePause={() => setPaused((v) => !v)}
            onExpandAll={() => setCollapsed(new Set())}
            onCollapseAll={() => setCollapsed(parentKeys(store.table.processes()))}
            onExport={(format) => {
              const processes = store.table.processes();
              if (format === 'csv') download('forkscope-processes.csv', 'text/csv', tableAsCsv(processes));
              else download('forkscope-processes.json', 'application/json', JSON.stringify(store.table.snapshot(), null, 2));
            }}
            onHelp={() => setHelpOpen(true)}
            taggedCount={tagged.size}
            liveOff={liveOff}
          />
          <main
            className={`workspace ${offline ? 'disconnected' : ''}`}
            aria-busy={offline !== null}
            style={{ '--side-width': `${width}px` } as React.CSSProperties}
          >
            <ProcessTree
              rows={rows}
              hidden={hidden}
              selected={selected}
              tagged={tagged}
              enginePid={info?.enginePid ?? null}
              sort={sort}
              decor={decor}
              onSort={onSort}
              onSelect={setSelected}
              onToggle={(key) => setCollapsedFor(key, !collapsed.has(key))}
              onContextMenu={(key, x, y) => setMenu({ key, x, y })}
              onHover={setHovering}
            />
            <div
              className={`splitter ${dragging ? 'dragging' : ''}`}
              role="separator"
              aria-orientation="vertical"
              aria-label={t('toolbar.resize')}
              onMouseDown={startDrag}
            />
            <div className="side">
              <Details client={client} store={store} version={version} selected={selected} onSelect={setSelected} />
              <div className="tabs" role="tablist">
                <button type="button" role="tab" aria-selected={panel === 'problems'} onClick={() => setPanel('problems')}>
                  {t('problems.title')}
                </button>
                <button type="button" role="tab" aria-selected={panel === 'log'} onClick={() => setPanel('log')}>
                  {t('log.title')}
                </button>
              </div>
              {panel === 'problems' ? (
                <Problems
                  store={store}
                  version={version}
                  platform={info?.platform ?? null}
                  onSelect={setSelected}
                  onKillParent={(parent) => void actions.kill([parent], false)}
                  liveOff={liveOff}
                />
              ) : (
                <EventLog store={store} version={version} onSelect={setSelected} />
              )}
            </div>
          </main>
        </>
      )}
      {spawnOpen && <SpawnDialog client={client} onClose={() => setSpawnOpen(false)} onSpawned={(keys) => keys[0] && setSelected(keys[0])} />}
      {helpOpen && <ShortcutsSheet onClose={() => setHelpOpen(false)} />}
      {menu && store.table.get(menu.key) && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          title={`${store.table.get(menu.key)!.name} (${store.table.get(menu.key)!.pid})`}
          onJoin={() => void actions.join(store.table.get(menu.key)!)}
          onSignal={signal}
          onKillTree={askKillTree}
          onCopy={() => void navigator.clipboard?.writeText(store.table.get(menu.key)!.cmd)}
          onClose={() => setMenu(null)}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title={t('confirm.killTreeTitle')}
          confirmLabel={t('confirm.killTree', { count: confirm.roots.length + confirm.members.length })}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            void actions.kill(confirm.roots, true);
            setConfirm(null);
          }}
        >
          <p>{t('confirm.willDie')}</p>
          <ul className="kill-list">
            {[...confirm.roots, ...confirm.members].map((p) => (
              <li key={keyOf(p)}>
                {p.name} ({p.pid})
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </div>
  );
}
