import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueCharts } from '../components/QueueCharts';
import type { ProgramQueuesView } from '../store/live-store';
import { ProgramObjectCharts } from './program/ProgramObjectCharts';

// The graph and its layout library load only when a Program view opens.
const ProgramGraph = lazy(() => import('./program/ProgramGraph'));

/** The queues of the user's own Python programs started with "chart its queues". */
export function ProgramQueues({ programs }: { programs: ProgramQueuesView[] }) {
  const { t } = useTranslation();
  if (programs.length === 0) return null;
  return (
    <div className="program-queues">
      {programs.map((program) => (
        <article key={program.pid} className="experiment" data-program={program.pid}>
          <h3>
            {t('queue.program', { pid: program.pid })} · <code>{program.command}</code>
          </h3>
          {program.python && (
            <section className="program-view" data-testid="program-view">
              <Suspense fallback={<p>{t('program.loading')}</p>}>
                <ProgramGraph python={program.python} queues={program.queues} t={program.updatedAt} before={program.previous} />
              </Suspense>
              <ProgramObjectCharts python={program.python} />
            </section>
          )}
          {program.queues.map((q) => (
            <section key={q.id} className="program-queue" data-queue={q.id}>
              <h4>
                <code>{q.id}</code> · {q.kind} · {q.maxsize > 0 ? `maxsize ${q.maxsize}` : t('queue.unbounded')}
                {q.manager && <> · {t('program.managerQueue', { id: q.manager })}</>}
              </h4>
              <QueueCharts points={program.points.get(q.id) ?? []} capacity={q.maxsize > 0 ? q.maxsize : null} />
              <dl className="result-card">
                <dt>put</dt>
                <dd data-testid="program-queue-puts">{q.puts}</dd>
                <dt>get</dt>
                <dd data-testid="program-queue-gets">{q.gets}</dd>
                <dt>{t('queue.depthLine')}</dt>
                <dd>
                  {q.depth} ({t('queue.maxDepth', { max: q.maxDepth })})
                </dd>
                {q.kind === 'JoinableQueue' && (
                  <>
                    <dt>task_done</dt>
                    <dd>{q.taskDone}</dd>
                  </>
                )}
                <dt>{t('queue.raised')}</dt>
                <dd>
                  Full {q.raisedFull} · Empty {q.raisedEmpty}
                </dd>
                <dt>{t('queue.processesUsing')}</dt>
                <dd>{q.processes}</dd>
              </dl>
            </section>
          ))}
        </article>
      ))}
    </div>
  );
}
