import i18next, { type TFunction } from 'i18next';
import { Suspense, useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForkscopeClient } from './api/client';
import { AppHeader } from './components/AppHeader';
import { Popups } from './components/Popups';
import type { Language } from './i18n';
import { createActions } from './state/actions';
import { ActionsContext, StoreContext } from './state/app-context';
import { initialUiState, uiReducer } from './state/ui-state';
import { useKeyBindings } from './state/use-key-bindings';
import { useUiCommands } from './state/use-ui-commands';
import type { VisibleRow } from './store/rows';
import { useLiveStore } from './store/use-live-store';
import { Explorer } from './views/Explorer';
import { Lessons, QueueLab, ReplayBar } from './views/lazy-views';
import { SystemHeader } from './views/SystemHeader';

/** The whole window: one UI state (a reducer), one store, one set of actions, given to the views below. */
export function App({ client }: { client: ForkscopeClient }) {
  const { t } = useTranslation();
  const [ui, dispatch] = useReducer(uiReducer, initialUiState);
  const notify = useCallback((key: string, text: string | null) => dispatch({ type: 'notice', key, text }), []);
  // i18next.t follows the current language, so the actions stay the same object when it changes.
  const actions = useMemo(() => createActions(client, notify, i18next.t.bind(i18next) as TFunction), [client, notify]);
  useEffect(() => client.onStatus((status) => dispatch({ type: 'connection', status })), [client]);
  const status = ui.connection;
  const { store, info, settings, saveSettings, error, session } = useLiveStore(client, actions, status.connected);
  // While disconnected every action would fail: they are off, with why as their tooltip, and the table is dimmed.
  const offline = status.connected ? null : t('app.disconnected', { reason: status.reason ?? t('app.connecting') });
  const liveOff = offline ?? (session.replay ? t('replay.liveOff') : null);
  const searchBox = useRef<HTMLInputElement>(null);
  const filterBox = useRef<HTMLInputElement>(null);
  const rows = useRef<readonly VisibleRow[]>([]);
  const tree = settings?.tree ?? true;
  const commands = useUiCommands({ ui, dispatch, store, actions, tree, saveSettings, rows, searchBox, filterBox });
  useKeyBindings(commands.keys);

  useEffect(() => {
    if (settings?.language && settings.language !== i18next.language) void i18next.changeLanguage(settings.language);
  }, [settings?.language]);
  const changeLanguage = (language: Language): void => {
    void i18next.changeLanguage(language);
    saveSettings({ language });
  };

  return (
    <StoreContext.Provider value={store}>
      <ActionsContext.Provider value={actions}>
        <div
          className={`app ${ui.dropping ? 'dropping' : ''}`}
          onDragOver={(e) => {
            if (!e.dataTransfer.types.includes('Files')) return;
            e.preventDefault();
            if (!ui.dropping) dispatch({ type: 'drop', dropping: true });
          }}
          onDragLeave={(e) => e.currentTarget === e.target && dispatch({ type: 'drop', dropping: false })}
          onDrop={(e) => {
            e.preventDefault();
            dispatch({ type: 'drop', dropping: false });
            const file = e.dataTransfer.files[0];
            if (file) void actions.openRecordingFile(file).then((text) => dispatch({ type: 'drop', dropping: false, error: text }));
          }}
        >
          <AppHeader
            status={status}
            session={session}
            info={info}
            paused={ui.paused}
            view={ui.view}
            dispatch={dispatch}
            onLanguage={changeLanguage}
          />
          {session.replay && (
            <Suspense fallback={null}>
              <ReplayBar replay={session.replay} />
            </Suspense>
          )}
          <SystemHeader info={info} />
          {(offline || status.reason || error || ui.dropError) && (
            <div className="notice error" role="alert" data-testid={offline ? 'disconnected' : undefined}>
              {offline ?? status.reason ?? error ?? ui.dropError}
            </div>
          )}
          {ui.dropping && <div className="drop-hint">{t('session.dropHere')}</div>}
          <Suspense fallback={<div className="view-loading">{t('app.loadingView')}</div>}>
            {ui.view === 'lessons' && <Lessons liveOff={liveOff} />}
            {ui.view === 'queue' && <QueueLab />}
          </Suspense>
          {ui.view === 'explorer' && (
            <Explorer
              ui={ui}
              dispatch={dispatch}
              settings={settings}
              saveSettings={saveSettings}
              enginePid={info?.enginePid ?? null}
              platform={info?.platform ?? null}
              signals={info?.signals ?? []}
              liveOff={liveOff}
              offline={offline !== null}
              commands={commands}
              searchBox={searchBox}
              filterBox={filterBox}
              rowsRef={rows}
            />
          )}
          <Popups
            popup={ui.popup}
            dispatch={dispatch}
            actions={actions}
            commands={commands}
            enginePid={info?.enginePid ?? null}
            platform={info?.platform ?? null}
            signals={info?.signals ?? []}
          />
        </div>
      </ActionsContext.Provider>
    </StoreContext.Provider>
  );
}
