import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/model';
import { formatBytes, formatDuration, formatPercent } from '../components/format';
import { HistoryChart } from '../components/HistoryChart';
import type { LiveStore } from '../store/live-store';

interface Props {
  store: LiveStore;
  version: number;
  info: AppInfo | null;
}

/** The machine at a glance, and what Forkscope itself costs. */
export function SystemHeader({ store, version, info }: Props) {
  const { t } = useTranslation();
  void version;
  const s = store.system;
  const processes = store.table.processes();
  const self = info ? store.table.byPid(info.enginePid) : undefined;
  const last = store.systemHistory[store.systemHistory.length - 1];
  const revision = `${store.systemHistory.length}:${last?.t ?? 0}`;
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
        <dd data-testid="process-count">{processes.length}</dd>
        <dt>{t('system.zombies')}</dt>
        <dd data-testid="zombie-count">{processes.filter((p) => p.zombie).length}</dd>
        <dt>{t('system.orphans')}</dt>
        <dd>{processes.filter((p) => p.orphan).length}</dd>
        <dt>{t('system.self')}</dt>
        <dd>{self ? `${formatPercent(self.cpuPercent)}% · ${formatBytes(self.rssBytes)}` : '—'}</dd>
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
          data={store.systemHistory.map((p) => ({ t: p.t, value: p.cpu }))}
          format={(v) => `${v.toFixed(0)}%`}
        />
        <HistoryChart
          revision={revision}
          label={t('system.memoryHistory')}
          color="var(--orphan)"
          height={70}
          max={100}
          data={store.systemHistory.map((p) => ({ t: p.t, value: p.memory }))}
          format={(v) => `${v.toFixed(0)}%`}
        />
      </div>
    </section>
  );
}
