import { memo, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/model';
import { formatBytes, formatDuration, formatPercent } from '../components/format';
import { HistoryChart } from '../components/HistoryChart';
import type { LiveStore } from '../store/live-store';
import { perVersion } from '../store/per-version';
import { useStoreSelector } from '../store/use-store-selector';

interface Props {
  info: AppInfo | null;
}

/** The counts that walk the whole table, done again only when the table's shape or a zombie or orphan may have changed. */
const counts = perVersion(
  (store) => store.problemsVersion,
  (store) => {
    let zombies = 0;
    let orphans = 0;
    const processes = store.table.processes();
    for (const p of processes) {
      if (p.zombie) zombies++;
      if (p.orphan) orphans++;
    }
    return { count: processes.length, zombies, orphans };
  },
);

/** What the header draws: the machine's figures and the length of its history (the charts redraw when it grows). */
function figures(store: LiveStore, enginePid: number | null) {
  const { count, zombies, orphans } = counts(store);
  const self = enginePid === null ? undefined : store.table.byPid(enginePid);
  const last = store.systemHistory[store.systemHistory.length - 1];
  return {
    system: store.system,
    count,
    zombies,
    orphans,
    hasSelf: self !== undefined,
    selfCpu: self?.cpuPercent ?? null,
    selfRss: self?.rssBytes ?? null,
    revision: `${store.systemHistory.length}:${last?.t ?? 0}`,
    lifecycle: store.table.lifecycle,
    history: store.systemHistory,
  };
}

/** The machine at a glance, and what Forkscope itself costs. */
export const SystemHeader = memo(function SystemHeader({ info }: Props) {
  const { t } = useTranslation();
  const enginePid = info?.enginePid ?? null;
  const {
    system: s,
    count,
    zombies,
    orphans,
    hasSelf,
    selfCpu,
    selfRss,
    revision,
    history,
    lifecycle,
  } = useStoreSelector(useCallback((store: LiveStore) => figures(store, enginePid), [enginePid]));
  return (
    <section className="system-header" aria-label={t('system.title')}>
      <div className="cores" aria-label={t('system.cpu')}>
        {(s?.cpuPerCore ?? []).map((c, i) => (
          <div className="core" key={i} title={`CPU ${i}: ${c}%`}>
            <span className="core-label">{i}</span>
            <span className="bar">
              <span style={{ width: `${Math.min(100, c)}%` }} />
            </span>
            <span className="core-value">{c.toFixed(0)}%</span>
          </div>
        ))}
      </div>
      <dl className="figures">
        <dt>{t('system.memory')}</dt>
        <dd>{s ? `${formatBytes(s.memTotalBytes - s.memAvailableBytes)} / ${formatBytes(s.memTotalBytes)}` : '—'}</dd>
        <dt>{t('system.swap')}</dt>
        <dd>{s ? `${formatBytes(s.swapTotalBytes - s.swapFreeBytes)} / ${formatBytes(s.swapTotalBytes)}` : '—'}</dd>
        <dt>{t('system.load')}</dt>
        <dd>{s ? s.loadAverage.map((l) => l.toFixed(2)).join(' ') : '—'}</dd>
        <dt>{t('system.uptime')}</dt>
        <dd>{s ? formatDuration(s.uptimeSeconds * 1000) : '—'}</dd>
        <dt>{t('system.processes')}</dt>
        <dd data-testid="process-count">{count}</dd>
        <dt>{t('system.zombies')}</dt>
        <dd data-testid="zombie-count">{zombies}</dd>
        <dt>{t('system.orphans')}</dt>
        <dd>{orphans}</dd>
        <dt>{t('system.self')}</dt>
        <dd>{hasSelf ? `${formatPercent(selfCpu)}% · ${formatBytes(selfRss)}` : '—'}</dd>
        {lifecycle && (
          <>
            <dt>{t('system.lifecycle')}</dt>
            <dd data-testid="lifecycle-mode" data-mode={lifecycle.mode} title={lifecycle.reason}>
              {t(lifecycle.mode === 'events' ? 'system.lifecycleEvents' : 'system.lifecycleSampled')}
            </dd>
          </>
        )}
        {info?.reader && (
          <>
            <dt>{t('system.reader')}</dt>
            <dd data-testid="table-reader" data-reader={info.reader.kind} title={info.reader.reason ?? undefined}>
              {t(info.reader.kind === 'native' ? 'system.readerNative' : 'system.readerFallback', { source: info.reader.source })}
            </dd>
          </>
        )}
      </dl>
      <div className="system-charts">
        <HistoryChart
          revision={revision}
          label={t('system.cpuHistory')}
          color="var(--accent)"
          height={70}
          max={100}
          data={history.map((p) => ({ t: p.t, value: p.cpu }))}
          format={(v) => `${v.toFixed(0)}%`}
          tickFormat={(v, decimals) => `${v.toFixed(decimals)}%`}
        />
        <HistoryChart
          revision={revision}
          label={t('system.memoryHistory')}
          color="var(--orphan)"
          height={70}
          max={100}
          data={history.map((p) => ({ t: p.t, value: p.memory }))}
          format={(v) => `${v.toFixed(0)}%`}
          tickFormat={(v, decimals) => `${v.toFixed(decimals)}%`}
        />
      </div>
    </section>
  );
});
