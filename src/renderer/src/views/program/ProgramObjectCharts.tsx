import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProgramPython } from '../../../../shared/python-program';

/** Below the graph: each pool's tasks per worker, and each lock's wait time per process. */
export function ProgramObjectCharts({ python }: { python: ProgramPython }) {
  const { t } = useTranslation();
  return (
    <div className="program-object-charts">
      {python.pools.map((pool) => (
        <figure key={pool.id} aria-label={t('program.tasksPerWorker', { id: pool.id })} data-pool={pool.id}>
          <figcaption>{t('program.tasksPerWorker', { id: pool.id })}</figcaption>
          <ResponsiveContainer width="100%" height={140}>
            <BarChart data={pool.perWorker.map((w) => ({ pid: String(w.pid), completed: w.tasksCompleted, failed: w.tasksFailed }))}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="pid" tick={{ fontSize: 10 }} />
              <YAxis tick={{ fontSize: 10 }} width={40} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              <Bar dataKey="completed" name={t('program.completed')} stackId="tasks" fill="var(--accent, #3b82f6)" isAnimationActive={false} />
              <Bar dataKey="failed" name={t('program.failed')} stackId="tasks" fill="var(--danger, #dc2626)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ))}
      {python.locks.map((lock) => (
        <figure key={lock.id} aria-label={t('program.lockWait', { id: lock.id })} data-lock={lock.id}>
          <figcaption>{t('program.lockWait', { id: lock.id })}</figcaption>
          <ResponsiveContainer width="100%" height={140}>
            <BarChart data={lock.users.map((u) => ({ pid: String(u.pid), waited: Number(u.blockedMs.toFixed(2)), acquires: u.out }))}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="pid" tick={{ fontSize: 10 }} />
              <YAxis tick={{ fontSize: 10 }} width={40} unit=" ms" />
              <Tooltip />
              <Bar dataKey="waited" name={t('program.waitedMs')} fill="var(--warn, #d97706)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </div>
  );
}
