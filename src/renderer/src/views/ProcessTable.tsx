import { useTranslation } from 'react-i18next';
import type { ProcessInfo } from '../../../shared/model';
import { formatBytes, formatPercent } from '../components/format';

interface Props {
  processes: readonly ProcessInfo[];
  highlightPid: number | null;
}

/** The machine's processes as a flat table, ordered by pid. The tree and its tools come next. */
export function ProcessTable({ processes, highlightPid }: Props) {
  const { t } = useTranslation();
  const rows = [...processes].sort((a, b) => a.pid - b.pid);
  return (
    <div className="table-wrap">
      <table className="process-table" aria-label={t('table.label')}>
        <thead>
          <tr>
            <th className="num">{t('table.pid')}</th>
            <th className="num">{t('table.ppid')}</th>
            <th>{t('table.name')}</th>
            <th>{t('table.state')}</th>
            <th className="num">{t('table.cpu')}</th>
            <th className="num">{t('table.memory')}</th>
            <th>{t('table.user')}</th>
            <th>{t('table.command')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr
              key={`${p.pid}@${p.startTime}`}
              data-pid={p.pid}
              className={[p.pid === highlightPid ? 'self' : '', p.zombie ? 'zombie' : '', p.orphan ? 'orphan' : ''].join(' ').trim() || undefined}
            >
              <td className="num">{p.pid}</td>
              <td className="num">{p.ppid}</td>
              <td className="name">
                {p.name}
                {p.pid === highlightPid && <span className="badge self">{t('table.thisHost')}</span>}
                {p.zombie && <span className="badge zombie">{t('table.zombie')}</span>}
                {p.orphan && <span className="badge orphan">{t('table.orphan')}</span>}
              </td>
              <td className={`state state-${p.state}`}>{t(`state.${p.state}`)}</td>
              <td className="num">{formatPercent(p.cpuPercent)}</td>
              <td className="num">{formatBytes(p.rssBytes)}</td>
              <td>{p.user ?? '—'}</td>
              <td className="cmd" title={p.cmd}>
                {p.cmd}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
