import type { TFunction } from 'i18next';
import type { SignalName } from '../../shared/events';
import type { ProcessInfo } from '../../shared/model';
import type { ForkscopeClient } from './api/client';
import { formatDuration } from './components/format';
import { keyOf } from './store/rows';

export type Notify = (key: string, message: string | null) => void;

/**
 * What the toolbar, the context menu and the keys do. Each outcome, good or bad, is shown next
 * to the process it concerns, so a failure is never silent and never lands on the wrong row.
 */
export function createActions(client: ForkscopeClient, notify: Notify, t: TFunction) {
  const target = (p: ProcessInfo) => ({ pid: p.pid, startTime: p.startTime });
  return {
    async join(p: ProcessInfo): Promise<void> {
      const key = keyOf(p);
      notify(key, t('actions.waiting'));
      const result = await client.call('supervisor:join', target(p));
      if (!result.ok) return notify(key, result.error.message);
      const r = result.value;
      if (r.timedOut) return notify(key, t('actions.stillRunning'));
      notify(
        key,
        r.signal
          ? t('actions.joinedSignal', { signal: r.signal, duration: formatDuration(r.runMs) })
          : t('actions.joinedCode', { code: r.code, duration: formatDuration(r.runMs) }),
      );
    },
    async signal(processes: readonly ProcessInfo[], signal: SignalName): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await client.call('supervisor:signal', { ...target(p), signal });
          notify(keyOf(p), result.ok ? t('actions.sent', { signal }) : result.error.message);
        }),
      );
    },
    async kill(processes: readonly ProcessInfo[], tree: boolean): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await client.call('supervisor:kill', { ...target(p), tree, graceMs: 3000 });
          if (!result.ok) return notify(keyOf(p), result.error.message);
          for (const entry of result.value.entries)
            notify(keyOf(entry), t(`outcome.${entry.outcome}`) + (entry.escapedSession ? ` (${t('outcome.escaped')})` : ''));
        }),
      );
    },
  };
}
export type Actions = ReturnType<typeof createActions>;
