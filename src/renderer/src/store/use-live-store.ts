import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/model';
import type { Settings } from '../../../shared/settings';
import type { SessionStatus } from '../../../shared/session';
import type { ForkscopeClient } from '../api/client-types';
import type { Actions } from '../state/actions';
import { frameSchedule } from './frame-schedule';
import { LiveStore } from './live-store';

/** Views redraw for new events at most this often (a sampler tick is 1 s by default; a process that starts shows within it). */
const MIN_REDRAW_GAP_MS = 500;
/**
 * Batches of only other programs' starts and ends wait this long since the last redraw: on a busy machine they come
 * all through the second, and at the default interval they are drawn with the next tick rather than twice a second.
 */
const CHURN_REDRAW_GAP_MS = 1000;

export interface LiveState {
  /** Mutable, fed by the event stream; views read it through useStoreSelector, never through this object's identity. */
  store: LiveStore;
  info: AppInfo | null;
  settings: Settings | null;
  saveSettings: (patch: Partial<Settings>) => void;
  /** Why the engine's facts or settings could not be read, in the person's language. */
  error: string | null;
  /** Live or replay, and whether the engine is recording. */
  session: SessionStatus;
}

/** The live store fed by the engine's event stream, plus what the engine says about itself. */
export function useLiveStore(client: ForkscopeClient, actions: Actions, connected: boolean): LiveState {
  const [store] = useState(() => new LiveStore({ schedule: frameSchedule(MIN_REDRAW_GAP_MS, CHURN_REDRAW_GAP_MS) }));
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [session, setSession] = useState<SessionStatus>({ recording: null, replay: null, sampler: null });

  useEffect(
    () =>
      client.subscribe('engine:events', ({ events, reset, lab }) => {
        if (reset) store.reset();
        else if (lab) store.resetLab();
        store.apply(events);
      }),
    [client, store],
  );
  useEffect(() => client.subscribe('session:status', setSession), [client]);
  // A hidden tab asks the engine for less; shown again, it gets the live table and all that follows.
  useEffect(() => {
    if (!client.setDetail) return;
    const follow = (): void => client.setDetail!(document.visibilityState === 'hidden' ? 'summary' : 'full');
    follow();
    document.addEventListener('visibilitychange', follow);
    return () => document.removeEventListener('visibilitychange', follow);
  }, [client]);
  useEffect(() => {
    if (!connected) return;
    void actions.call('app:info', {}).then((r) => (r.ok ? setInfo(r.value) : setError(r.text)));
    void actions.call('settings:get', {}).then((r) => (r.ok ? setSettings(r.value) : setError(r.text)));
  }, [actions, connected]);

  const saveSettings = (patch: Partial<Settings>): void => {
    setSettings((current) => (current ? { ...current, ...patch } : current));
    void actions.call('settings:set', patch).then((r) => {
      if (!r.ok) setError(r.text);
    });
  };
  return { store, info, settings, saveSettings, error, session };
}
