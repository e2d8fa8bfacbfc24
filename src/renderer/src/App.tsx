import { useTranslation } from 'react-i18next';
import type { ForkscopeClient } from './api/client';
import { useProcessTable } from './store/use-process-table';
import { ProcessTable } from './views/ProcessTable';

export function App({ client }: { client: ForkscopeClient }) {
  const { t } = useTranslation();
  const { info, snapshot, status, error } = useProcessTable(client);
  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <span className={`connection ${status.connected ? 'up' : 'down'}`} role="status">
          {status.connected ? t('app.live') : t('app.offline')}
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
        {snapshot && (
          <span className="counts" data-testid="process-count">
            {t('app.counts', { processes: snapshot.processes.length, zombies: snapshot.zombies.length, orphans: snapshot.orphans.length })}
          </span>
        )}
      </header>
      {status.reason && (
        <div className="notice error" role="alert">
          {status.reason}
        </div>
      )}
      {error && (
        <div className="notice error" role="alert">
          {error.message}
        </div>
      )}
      {snapshot ? (
        <ProcessTable processes={snapshot.processes} highlightPid={info?.enginePid ?? null} />
      ) : (
        <p className="loading">{t('app.loading')}</p>
      )}
    </div>
  );
}
