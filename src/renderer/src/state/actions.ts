import type { TFunction } from 'i18next';
import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/contract';
import type { SignalName } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import type { ForkscopeClient } from '../api/client-types';
import { uploadRecording } from '../api/upload-recording';
import { formatDuration } from '../components/format';
import { keyOf } from '../store/rows';
import { failureText } from './failure-text';
import { formatCpuList, type IoClass, type IoPriority } from '../../../shared/scheduling';

/** Shows (or, with null, clears) the outcome of an action on the row of the process it concerns. */
export type Notify = (key: string, message: string | null) => void;

/** An engine answer as a view uses it: the value, or the failure already in the person's language. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; text: string };

/**
 * The one place the UI calls the engine. Actions on processes report each outcome, good or bad,
 * next to the process it concerns, so a failure is never silent and never lands on the wrong row;
 * every other call answers with an Outcome whose failure text is translated here, once.
 */
export function createActions(client: ForkscopeClient, notify: Notify, t: TFunction) {
  const target = (p: ProcessInfo) => ({ pid: p.pid, startTime: p.startTime });
  const call = async <K extends CommandName>(command: K, request: CommandRequest<K>): Promise<Outcome<CommandResponse<K>>> => {
    const result = await client.call(command, request);
    return result.ok ? result : { ok: false, text: failureText(t, result.error) };
  };
  return {
    call,
    async join(p: ProcessInfo): Promise<void> {
      const key = keyOf(p);
      notify(key, t('actions.waiting'));
      const result = await call('supervisor:join', target(p));
      if (!result.ok) return notify(key, result.text);
      const r = result.value;
      if (r.timedOut) return notify(key, t('actions.stillRunning'));
      notify(
        key,
        r.signal
          ? t('actions.joinedSignal', { signal: r.signal, duration: formatDuration(r.runMs) })
          : t('actions.joinedCode', { code: r.code, duration: formatDuration(r.runMs) }),
      );
    },
    /** Targets that ended before the action reached them: each row says nothing was sent. */
    gone(keys: readonly string[]): void {
      for (const key of keys) notify(key, t('tags.gone'));
    },
    async signal(processes: readonly ProcessInfo[], signal: SignalName): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await call('supervisor:signal', { ...target(p), signal });
          notify(keyOf(p), result.ok ? t('actions.sent', { signal }) : result.text);
        }),
      );
    },
    async renice(processes: readonly ProcessInfo[], nice: number): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await call('supervisor:renice', { ...target(p), nice });
          notify(keyOf(p), result.ok ? t('priority.set', { nice: result.value.nice }) : result.text);
        }),
      );
    },
    async ionice(processes: readonly ProcessInfo[], ioClass: IoClass, level: number | undefined): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await call('supervisor:ionice', { ...target(p), class: ioClass, ...(level === undefined ? {} : { level }) });
          notify(keyOf(p), result.ok ? t('scheduling.ioSet', { value: ioPriorityText(t, result.value) }) : result.text);
        }),
      );
    },
    async affinity(processes: readonly ProcessInfo[], cpus: number[]): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await call('supervisor:affinity', { ...target(p), cpus });
          notify(keyOf(p), result.ok ? t('scheduling.cpusSet', { cpus: formatCpuList(result.value.cpus) }) : result.text);
        }),
      );
    },
    async kill(processes: readonly ProcessInfo[], tree: boolean): Promise<void> {
      await Promise.all(
        processes.map(async (p) => {
          const result = await call('supervisor:kill', { ...target(p), tree, graceMs: 3000 });
          if (!result.ok) return notify(keyOf(p), result.text);
          for (const entry of result.value.entries) {
            // A refusal names what was refused (init, Forkscope, an ancestor, a helper) in the engine's words.
            const text = entry.outcome === 'refused' && entry.detail ? entry.detail : t(`outcome.${entry.outcome}`);
            notify(keyOf(entry), text + (entry.escapedSession ? ` (${t('outcome.escaped')})` : ''));
          }
        }),
      );
    },
    /** Starts processes; answers with their keys, so the first can be selected. */
    async spawn(request: CommandRequest<'supervisor:spawn'>): Promise<Outcome<string[]>> {
      const result = await call('supervisor:spawn', request);
      return result.ok ? { ok: true, value: result.value.map(keyOf) } : result;
    },
    /** Opens a recording file (picked or dropped on the window) as a replay; null when it opened. */
    async openRecordingFile(file: File, onProgress?: (fraction: number) => void): Promise<string | null> {
      const uploaded = await uploadRecording(client, file, onProgress);
      if (!uploaded.ok) return failureText(t, uploaded.error);
      const opened = await call('replay:open', { path: uploaded.value });
      return opened.ok ? null : opened.text;
    },
  };
}
export type Actions = ReturnType<typeof createActions>;

/** An I/O priority as people read it: "best-effort 6", "idle", "none (follows the nice value)". */
export function ioPriorityText(t: TFunction, io: IoPriority): string {
  const name = t(`scheduling.classes.${io.class}`);
  return io.level === null || io.class === 'none' ? name : t('scheduling.ioValue', { class: name, level: io.level });
}
