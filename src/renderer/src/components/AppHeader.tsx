import i18next from 'i18next';
import type { Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/model';
import type { SessionStatus } from '../../../shared/session';
import type { ConnectionStatus } from '../api/client-types';
import type { Language } from '../i18n';
import type { UiAction, View } from '../state/ui-state';
import { SessionControls } from './SessionControls';

interface Props {
  status: ConnectionStatus;
  session: SessionStatus;
  info: AppInfo | null;
  paused: boolean;
  view: View;
  dispatch: Dispatch<UiAction>;
  onLanguage: (language: Language) => void;
}

/** The window's title bar: connection, engine, the three views, recording and replay, language. */
export function AppHeader({ status, session, info, paused, view, dispatch, onLanguage }: Props) {
  const { t } = useTranslation();
  const tab = (name: View, label: string) => (
    <button type="button" role="tab" aria-selected={view === name} onClick={() => dispatch({ type: 'show-view', view: name })}>
      {label}
    </button>
  );
  return (
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
      {session.sampler && !session.replay && (
        <span className="badge sampler-failed" role="alert" data-testid="sampler-failed">
          {t('app.samplerFailed', { message: session.sampler.message })}
        </span>
      )}
      <nav className="views" role="tablist" aria-label={t('queue.tab')}>
        {tab('explorer', t('queue.explorer'))}
        {tab('queue', t('queue.tab'))}
        {tab('lessons', t('lessons.tab'))}
      </nav>
      <SessionControls session={session} />
      <label className="language">
        <span className="sr-only">{t('settings.language')}</span>
        <select aria-label={t('settings.language')} value={i18next.language} onChange={(e) => onLanguage(e.target.value as Language)}>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </label>
    </header>
  );
}
