import { memo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignalName } from '../../../shared/events';
import type { SignalInfo } from '../../../shared/signals';

interface Props {
  search: string;
  searchRef: RefObject<HTMLInputElement | null>;
  onSearch: (text: string) => void;
  onSearchNext: () => void;
  columns: Array<{ key: string; label: string; visible: boolean }>;
  onToggleColumn: (key: string) => void;
  filter: string;
  filterErrors: string[];
  filterRef: RefObject<HTMLInputElement | null>;
  onFilter: (text: string) => void;
  hasTarget: boolean;
  taggedCount: number;
  onClearTags: () => void;
  /** Tags every process the filter matches; absent while no filter is set. */
  onTagMatches?: (() => void) | undefined;
  tree: boolean;
  onlyOwn: boolean;
  follow: boolean;
  paused: boolean;
  onSpawn: () => void;
  onJoin: () => void;
  onSignal: (signal: SignalName) => void;
  /** Every signal the engine's platform has (kill -l), by name and number. */
  signals: readonly SignalInfo[];
  onKill: (tree: boolean) => void;
  onToggleTree: () => void;
  onToggleOnlyOwn: () => void;
  onToggleFollow: () => void;
  onTogglePause: () => void;
  onExpandAll: () => void;
  onCollapseAll: () => void;
  onExport: (format: 'csv' | 'json') => void;
  onHelp: () => void;
  /** Why live actions are off (a replay is shown); they are disabled with this as their tooltip. */
  liveOff: string | null;
}

/** Actions on the selection (or the tagged processes) and the view's switches. */
export const Toolbar = memo(function Toolbar({ filterRef, searchRef, ...p }: Props) {
  const { t } = useTranslation();
  const off = !p.hasTarget || p.liveOff !== null;
  const why = (shortcut?: string) => p.liveOff ?? shortcut;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <button type="button" className="primary" onClick={p.onSpawn} disabled={p.liveOff !== null} title={why('n')}>
        {t('toolbar.spawn')}
      </button>
      <span className="group">
        <button type="button" onClick={p.onJoin} disabled={off} title={why('j')}>
          {t('toolbar.join')}
        </button>
        <button type="button" onClick={() => p.onSignal('SIGTERM')} disabled={off} title={why('k')}>
          {t('toolbar.terminate')}
        </button>
        <button type="button" className="danger" onClick={() => p.onKill(false)} disabled={off} title={why('K')}>
          {t('toolbar.kill')}
        </button>
        <button type="button" className="danger" onClick={() => p.onKill(true)} disabled={off} title={why()}>
          {t('toolbar.killTree')}
        </button>
        <button type="button" onClick={() => p.onSignal('SIGSTOP')} disabled={off} title={why()}>
          {t('toolbar.suspend')}
        </button>
        <button type="button" onClick={() => p.onSignal('SIGCONT')} disabled={off} title={why()}>
          {t('toolbar.resume')}
        </button>
        <select
          aria-label={t('toolbar.signal')}
          value=""
          disabled={off}
          onChange={(e) => {
            if (e.target.value) p.onSignal(e.target.value as SignalName);
          }}
        >
          <option value="">{t('toolbar.signal')}</option>
          {p.signals.map((s) => (
            <option key={s.number} value={s.name}>
              {t('signals.option', { name: s.name, number: s.number })}
            </option>
          ))}
        </select>
        {p.taggedCount > 0 && <span className="muted">{t('toolbar.tagged', { count: p.taggedCount })}</span>}
        {p.taggedCount > 0 && (
          <button type="button" onClick={p.onClearTags}>
            {t('tags.clear')}
          </button>
        )}
        {p.onTagMatches && (
          <button type="button" onClick={p.onTagMatches}>
            {t('tags.tagMatches')}
          </button>
        )}
      </span>
      <input
        ref={searchRef}
        className="search"
        type="text"
        value={p.search}
        onChange={(e) => p.onSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') p.onSearchNext();
        }}
        placeholder={t('toolbar.searchPlaceholder')}
        aria-label={t('toolbar.search')}
      />
      <input
        ref={filterRef}
        className="filter"
        type="search"
        value={p.filter}
        onChange={(e) => p.onFilter(e.target.value)}
        placeholder={t('toolbar.filterPlaceholder')}
        aria-label={t('toolbar.filter')}
        aria-invalid={p.filterErrors.length > 0}
        aria-describedby={p.filterErrors.length > 0 ? 'filter-problems' : undefined}
        title={p.filterErrors.join('\n')}
      />
      <span className="group">
        <button type="button" aria-pressed={p.tree} onClick={p.onToggleTree} title="t">
          {p.tree ? t('toolbar.tree') : t('toolbar.list')}
        </button>
        <button type="button" onClick={p.onExpandAll}>
          {t('toolbar.expandAll')}
        </button>
        <button type="button" onClick={p.onCollapseAll}>
          {t('toolbar.collapseAll')}
        </button>
        <button type="button" aria-pressed={p.onlyOwn} onClick={p.onToggleOnlyOwn}>
          {t('toolbar.onlyOwn')}
        </button>
        <button type="button" aria-pressed={p.follow} onClick={p.onToggleFollow} title="F">
          {t('toolbar.follow')}
        </button>
        <button type="button" aria-pressed={p.paused} onClick={p.onTogglePause} title="Z">
          {p.paused ? t('toolbar.resumeUpdates') : t('toolbar.pause')}
        </button>
        <details className="columns-menu">
          <summary>{t('toolbar.columns')}</summary>
          <div>
            {p.columns.map((c) => (
              <label key={c.key}>
                <input type="checkbox" checked={c.visible} onChange={() => p.onToggleColumn(c.key)} /> {c.label}
              </label>
            ))}
          </div>
        </details>
        <button type="button" onClick={() => p.onExport('csv')}>
          CSV
        </button>
        <button type="button" onClick={() => p.onExport('json')}>
          JSON
        </button>
        <button type="button" onClick={p.onHelp} title="?">
          ?
        </button>
      </span>
      {p.filterErrors.length > 0 && (
        <span id="filter-problems" className="filter-error" role="status" data-testid="filter-problems">
          {p.filterErrors.join(' · ')}
        </span>
      )}
    </div>
  );
});
