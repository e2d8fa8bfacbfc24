import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AppInfo } from '../../../shared/model';
import type { Settings } from '../../../shared/settings';
import type { Failure } from '../../../shared/result';
import type { SessionStatus } from '../../../shared/session';
import type { ConnectionStatus, ForkscopeClient } from '../api/client';
import { LiveStore } from './live-store';

export interface LiveState {
  store: LiveStore;
  version: number;
  info: AppInfo | null;
  status: ConnectionStatus;
  settings: Settings | null;
  saveSettings: (patch: Partial<Settings>) => void;
  error: Failure | null;
  /** Live or replay, and whether the engine is recording. */
  session: SessionStatus;
}

/** The live store fed by the engine's event stream, plus what the engine says about itself. */
export function useLiveStore(client: ForkscopeClient): LiveState {
  const [store] = useState(() => new LiveStore());
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>({ connected: false });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [session, setSession] = useState<SessionStatus>({ recording: null, replay: null });

  useEffect(() => client.onStatus(setStatus), [client]);
  useEffect(
    () =>
      client.subscribe('engine:events', ({ events, reset }) => {
        if (reset) store.reset();
        store.apply(events);
      }),
    [client, store],
  );
  useEffect(() => client.subscribe('session:status', setSession), [client]);
  useEffect(() => {
    if (!status.connected) return;
    void client.call('app:info', {}).then((r) => (r.ok ? setInfo(r.value) : setError(r.error)));
    void client.call('settings:get', {}).then((r) => (r.ok ? setSettings(r.value) : setError(r.error)));
  }, [client, status.connected]);

  const saveSettings = (patch: Partial<Settings>): void => {
    setSettings((current) => (current ? { ...current, ...patch } : current));
    void client.call('settings:set', patch).then((r) => {
      if (!r.ok) setError(r.error);
    });
  };
  return { store, version, info, status, settings, saveSettings, error, session };
}
