import { memo, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessDetails } from '../../../shared/details';
import { ancestorsOf } from '../../../shared/analysis/tree';
import { formatBytes, formatClock, formatDuration, formatPercent } from '../components/format';
import { HistoryChart } from '../components/HistoryChart';
import { OutputSection } from './OutputSection';
import { useActions } from '../state/app-context';
import { ioPriorityText } from '../state/actions';
import { formatCpuList } from '../../../shared/scheduling';
import { PythonSection } from './program/PythonSection';
import type { LiveStore } from '../store/live-store';
import { keyOf } from '../store/rows';
import { fieldsEqual } from '../store/shallow-equal';
import { useStoreSelector } from '../store/use-store-selector';
import { perVersion } from '../store/per-version';

interface Props {
  selected: string | null;
  onSelect: (key: string) => void;
  /** The outcome last shown on the selected process's row: an action on it (ionice, taskset…) may have changed what is read here. */
  lastOutcome?: string | undefined;
}

/** Keys of each pid's children, found again only when the table's shape changed (a metrics tick cannot move a process). */
const childKeysByPid = perVersion(
  (store) => store.structureVersion,
  (store) => {
    const byPpid = new Map<number, string[]>();
    for (const p of store.table.processes()) {
      const keys = byPpid.get(p.ppid);
      if (keys) keys.push(keyOf(p));
      else byPpid.set(p.ppid, [keyOf(p)]);
    }
    return byPpid;
  },
);

/** What the panel draws of the selected process (live, or just ended); the history ring is drawn when its revision moves. */
function selectedFacts(store: LiveStore, selected: string | null) {
  const live = selected ? store.table.get(selected) : undefined;
  const gone = !live && selected ? store.gone.get(selected) : undefined;
  const process = live ?? gone?.process;
  if (!process) return null;
  const key = keyOf(process);
  const facts = store.children.get(key);
  const history = store.history(key);
  return {
    live,
    process,
    mode: facts?.mode,
    restarts: facts?.restarts ?? 0,
    restartEnded: facts?.restartEnded ?? null,
    // Forkscope's own children's exit from the supervisor; any other process's from the kernel's exit event.
    exit: facts?.exit ?? (process.exit ? { code: process.exit.code, signal: process.exit.signal, runMs: process.exit.runMs ?? null } : undefined),
    // Whoever was its parent at the end reaped it (Forkscope, for its own children and what it adopted).
    reapedBy: gone ? gone.reapedBy : null,
    reaperName: gone ? (store.table.byPid(gone.reapedBy)?.name ?? null) : null,
    endedAt: gone?.at ?? null,
    history,
    revision: `${key}:${history.length}:${history[history.length - 1]?.t ?? 0}`,
    chain: ancestorsOf(process, (pid) => store.table.byPid(pid)).reverse(),
    children: (childKeysByPid(store).get(process.pid) ?? []).flatMap((k) => store.table.get(k) ?? []),
    takenAt: store.table.takenAt,
  };
}
const sameFacts = (a: ReturnType<typeof selectedFacts>, b: ReturnType<typeof selectedFacts>): boolean =>
  a === b || (a !== null && b !== null && fieldsEqual(a, b));

/** Everything about the selected process: identity, lineage, environment, exit, and its history. */
export const Details = memo(function Details({ selected, onSelect, lastOutcome }: Props) {
  const { t } = useTranslation();
  const actions = useActions();
  const view = useStoreSelector(
    useCallback((store: LiveStore) => selectedFacts(store, selected), [selected]),
    sameFacts,
  );
  const live = view?.live;
  const [details, setDetails] = useState<{ key: string; value: ProcessDetails | null; error?: string } | null>(null);

  useEffect(() => {
    if (!live) return;
    const key = keyOf(live);
    let cancelled = false;
    void actions.call('sampler:details', { pid: live.pid, startTime: live.startTime }).then((r) => {
      if (!cancelled) setDetails(r.ok ? { key, value: r.value } : { key, value: null, error: r.text });
    });
    return () => {
      cancelled = true;
    };
    // Re-read when the selection changes or an action on it reports, not on every tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actions, selected, live === undefined, lastOutcome]);

  if (!view) return <aside className="details empty">{t('details.none')}</aside>;
  const { process, history, revision, chain, children } = view;
  const key = keyOf(process);
  const facts = { mode: view.mode, exit: view.exit, reapedBy: view.reapedBy };
  const shown = details?.key === key ? details : null;
  // Say what is missing and why: an ended process has nothing left to read, a zombie kept only its pid and exit status.
  const missing = !live ? t('details.endedNothing') : process.zombie ? t('details.zombieNothing') : t('details.unreadable');
  // undefined: the platform has no such setting (or nothing was read yet); null: the OS would not tell.
  const scheduling = <T,>(value: T | null | undefined, show: (v: T) => string): string =>
    value !== null && value !== undefined
      ? show(value)
      : !live || process.zombie || !shown?.value || value === null
        ? missing
        : t('scheduling.notHere');

  return (
    <aside className="details" aria-label={t('details.title')}>
      <h2>
        {process.name} <span className="muted">{process.pid}</span>
        {!live && <span className="badge ended">{t('badge.ended')}</span>}
      </h2>
      <nav className="breadcrumbs" aria-label={t('details.parents')}>
        {chain.map((p) => (
          <button key={keyOf(p)} type="button" className="link" onClick={() => onSelect(keyOf(p))}>
            {p.name} ({p.pid})
          </button>
        ))}
        <span>{process.name}</span>
      </nav>
      <section className="cmdline">
        <code data-testid="details-cmd">{process.cmd}</code>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(process.cmd)}>
          {t('details.copy')}
        </button>
      </section>
      <PythonSection pid={process.pid} />
      <dl className="facts">
        <dt>{t('table.state')}</dt>
        <dd className={`state-${process.state}`} data-testid="details-state">
          {view.endedAt !== null ? t('details.endedAt', { time: formatClock(view.endedAt) }) : t(`state.${process.state}`)}
        </dd>
        <dt>{t('table.user')}</dt>
        <dd>{process.user ?? '—'}</dd>
        <dt>{t('details.started')}</dt>
        <dd data-testid="details-started">
          {formatClock(process.startedAt)} ·{' '}
          {view.endedAt !== null
            ? t('details.ranFor', { age: formatDuration(view.exit?.runMs ?? Math.max(0, view.endedAt - process.startedAt)) })
            : t('details.age', { age: formatDuration(Math.max(0, view.takenAt - process.startedAt)) })}
        </dd>
        <dt>{t('details.threads')}</dt>
        <dd>{process.threads ?? '—'}</dd>
        <dt>{t('table.cpu')}</dt>
        <dd>{formatPercent(process.cpuPercent)}</dd>
        <dt>{t('table.memory')}</dt>
        <dd>{formatBytes(process.rssBytes)}</dd>
        {facts?.mode && (
          <>
            <dt>{t('details.mode')}</dt>
            <dd>{t(`spawn.mode.${facts.mode}`)}</dd>
          </>
        )}
        {(view.restarts > 0 || view.restartEnded) && (
          <>
            <dt>{t('restart.label')}</dt>
            <dd data-testid="details-restarts">
              {view.restarts > 0 && t('restart.badge', { count: view.restarts })}
              {view.restartEnded && <span className="muted"> {view.restartEnded}</span>}
            </dd>
          </>
        )}
        {facts?.exit && (
          <>
            <dt>{t('details.exit')}</dt>
            <dd data-testid="details-exit">
              {facts.exit.signal ? t('details.exitSignal', { signal: facts.exit.signal }) : t('details.exitCode', { code: facts.exit.code })} ·{' '}
              {facts.exit.runMs === null ? '' : formatDuration(facts.exit.runMs)}
            </dd>
          </>
        )}
        {facts?.reapedBy !== null && facts?.reapedBy !== undefined && (
          <>
            <dt>{t('details.reapedBy')}</dt>
            <dd data-testid="details-reaped-by">{view.reaperName ? `${view.reaperName} (${facts.reapedBy})` : facts.reapedBy}</dd>
          </>
        )}
        {process.formerParent && (
          <>
            <dt>{t('details.formerParent')}</dt>
            <dd>
              {process.formerParent.name} ({process.formerParent.pid})
            </dd>
          </>
        )}
        <dt>{t('details.exe')}</dt>
        <dd className="mono" data-testid="details-exe">
          {shown?.value?.exe ?? missing}
        </dd>
        <dt>{t('details.cwd')}</dt>
        <dd className="mono">{shown?.value?.cwd ?? missing}</dd>
        <dt>{t('scheduling.ioPriority')}</dt>
        <dd data-testid="details-io">{scheduling(shown?.value?.ioPriority, (io) => ioPriorityText(t, io))}</dd>
        <dt>{t('scheduling.affinity')}</dt>
        <dd className="mono" data-testid="details-affinity">
          {scheduling(shown?.value?.affinity, formatCpuList)}
        </dd>
      </dl>
      <HistoryChart
        revision={revision}
        label={t('details.cpuHistory')}
        color="var(--accent)"
        data={history.map((h) => ({ t: h.t, value: h.cpu }))}
        format={(v) => `${v.toFixed(1)}%`}
        tickFormat={(v, decimals) => `${v.toFixed(decimals)}%`}
      />
      <HistoryChart
        revision={revision}
        label={t('details.memoryHistory')}
        color="var(--orphan)"
        data={history.map((h) => ({ t: h.t, value: h.rss }))}
        format={formatBytes}
        axis="bytes"
      />
      {facts.mode && <OutputSection key={key} target={{ pid: process.pid, startTime: process.startTime }} name={process.name} />}
      <details className="children">
        <summary>{t('details.children', { count: children.length })}</summary>
        <ul>
          {children.map((c) => (
            <li key={keyOf(c)}>
              <button type="button" className="link" onClick={() => onSelect(keyOf(c))}>
                {c.name} ({c.pid})
              </button>
            </li>
          ))}
        </ul>
      </details>
      <details className="environment">
        <summary>{t('details.environment')}</summary>
        {shown?.value?.env ? (
          <pre>{shown.value.env.join('\n')}</pre>
        ) : (
          <p className="muted">{live && !process.zombie && shown?.error ? shown.error : missing}</p>
        )}
      </details>
    </aside>
  );
});
