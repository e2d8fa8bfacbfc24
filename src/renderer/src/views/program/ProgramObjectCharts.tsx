import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProgramPython } from '../../../../shared/python-program';

/** Below the graph: each pool's tasks per worker, each lock's wait time per process, each manager's proxy calls per process by type. */
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
      {(python.managers ?? []).map((manager) => {
        const types = Object.keys(manager.byType);
        const byPid = new Map<number, Record<string, number | string>>();
        for (const proxy of manager.proxies)
          for (const u of proxy.users) {
            const row = byPid.get(u.pid) ?? { pid: String(u.pid) };
            row[proxy.type] = Number(row[proxy.type] ?? 0) + u.out;
            byPid.set(u.pid, row);
          }
        return (
          <figure key={manager.id} aria-label={t('program.managerCalls', { id: manager.id })} data-manager={manager.id}>
            <figcaption>{t('program.managerCalls', { id: manager.id })}</figcaption>
            <ResponsiveContainer width="100%" height={140}>
              <BarChart data={[...byPid.entries()].sort(([a], [b]) => a - b).map(([, row]) => row)}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis dataKey="pid" tick={{ fontSize: 10 }} />
                <YAxis tick={{ fontSize: 10 }} width={40} />
                <Tooltip />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {types.map((type, n) => (
                  <Bar key={type} dataKey={type} name={type} stackId="calls" fill={PALETTE[n % PALETTE.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
        );
      })}
    </div>
  );
}

const PALETTE = ['#7c3aed', '#3b82f6', '#16a34a', '#d97706', '#dc2626', '#0891b2'];
