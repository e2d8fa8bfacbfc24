import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { pythonExitText, type PythonProcess } from '../../../../shared/python-program';
import { formatClock } from '../../components/format';
import type { LiveStore } from '../../store/live-store';
import { useStoreSelector } from '../../store/use-store-selector';

/** The Details panel's Python section: the process as multiprocessing sees it, when the probe saw it. */
export function PythonSection({ pid }: { pid: number }) {
  const { t } = useTranslation();
  const found = useStoreSelector(
    useCallback((store: LiveStore): PythonProcess | null => store.pythonProcesses.get(pid) ?? null, [pid]),
    Object.is,
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
