import { Fragment, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { pythonExitText, type PythonManager, type PythonProcess } from '../../../../shared/python-program';
import { formatClock } from '../../components/format';
import type { LiveStore } from '../../store/live-store';
import { useStoreSelector } from '../../store/use-store-selector';

interface ManagerFacts {
  serves: { id: string; kind: string; proxies: number; calls: number }[];
  calls: { id: string; type: string; calls: number; ms: string }[];
}

/** What a process does with managers: the ones it serves, and its calls through proxies. */
export function managerFactsOf(pid: number, managers: PythonManager[]): ManagerFacts {
  return {
    serves: managers
      .filter((m) => m.serverPid === pid)
      .map((m) => ({ id: m.id, kind: m.kind ?? 'BaseManager', proxies: m.proxies.length, calls: m.calls })),
    calls: managers.flatMap((m) =>
      m.proxies.flatMap((p) =>
        p.users.filter((u) => u.pid === pid && u.out > 0).map((u) => ({ id: p.id, type: p.type, calls: u.out, ms: u.blockedMs.toFixed(1) })),
      ),
    ),
  };
}

const sameFacts = (a: ManagerFacts, b: ManagerFacts): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The Details panel's Python section: the process as multiprocessing sees it, when the probe saw it. */
export function PythonSection({ pid }: { pid: number }) {
  const { t } = useTranslation();
  const found = useStoreSelector(
    useCallback((store: LiveStore): PythonProcess | null => store.pythonProcesses.get(pid) ?? null, [pid]),
    Object.is,
  );
  const managers = useStoreSelector(
    useCallback(
      (store: LiveStore): ManagerFacts =>
        managerFactsOf(
          pid,
          [...store.programQueues.values()].flatMap((v) => v.python?.managers ?? []),
        ),
      [pid],
    ),
    sameFacts,
  );
  if (!found) return null;
  const exit = pythonExitText(found.exitcode);
  return (
    <section className="python-section" aria-label={t('program.python')}>
      <h3>{t('program.python')}</h3>
      <dl className="facts">
        <dt>{t('program.name')}</dt>
        <dd data-testid="python-name">{found.name}</dd>
        <dt>{t('program.target')}</dt>
        <dd data-testid="python-target">{found.target ? `${found.target}${found.targetSite ? ` (${found.targetSite})` : ''}` : '—'}</dd>
        <dt>{t('program.startMethod')}</dt>
        <dd>{found.startMethod ?? '—'}</dd>
        <dt>{t('program.daemon')}</dt>
        <dd>{found.daemon ? t('program.yes') : t('program.no')}</dd>
        <dt>{t('program.exitcode')}</dt>
        <dd data-testid="python-exitcode">{exit ?? t('program.notSeen')}</dd>
        <dt>{t('program.joinedBy')}</dt>
        <dd>
          {found.joinedBy === null ? '—' : t('program.joinedByText', { pid: found.joinedBy, joins: found.joins, ms: found.joinWaitMs.toFixed(1) })}
        </dd>
        {managers.serves.map((m) => (
          <Fragment key={m.id}>
            <dt>{t('program.serves')}</dt>
            <dd data-testid="python-serves">{t('program.servesText', m)}</dd>
          </Fragment>
        ))}
        {managers.calls.length > 0 && (
          <>
            <dt>{t('program.proxyCalls')}</dt>
            <dd data-testid="python-proxy-calls">
              {managers.calls.map((c) => (
                <div key={c.id}>{t('program.proxyCallsText', c)}</div>
              ))}
            </dd>
          </>
        )}
        {found.terminatedAt !== null && (
          <>
            <dt>terminate()</dt>
            <dd>{formatClock(found.terminatedAt)}</dd>
          </>
        )}
        {found.killedAt !== null && (
          <>
            <dt>kill()</dt>
            <dd>{formatClock(found.killedAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
