import { memo, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { groupZombies } from '../../../shared/analysis/zombies';
import { INIT_ONLY } from '../../../shared/analysis/reapers';
import type { ProcessInfo } from '../../../shared/model';
import { formatDuration } from '../components/format';
import type { LiveStore } from '../store/live-store';
import { perVersion } from '../store/per-version';
import { keyOf } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';

interface Props {
  platform: string | null;
  onSelect: (key: string) => void;
  onKillParent: (parent: ProcessInfo) => void;
  /** Why killing is off (a replay is shown), or null. */
  liveOff?: string | null;
}

/** The walk over the whole table, done again only when a zombie, an orphan or a name may have changed. */
const tableProblems = perVersion(
  (store) => store.problemsVersion,
  (store) => {
    const processes = store.table.processes();
    // The engine marked each reaper (the fold did, for an old recording); init counts as one even when it is not in the table.
    const groups = processes.some((p) => p.zombie) ? groupZombies(processes, INIT_ONLY) : [];
    const orphans = processes.filter((p) => p.orphan && !p.zombie);
    return { groups, orphans };
  },
);

/** The zombies by parent and the orphans, with what the panel writes of each, so an unchanged panel is not redrawn. */
function problemsOf(store: LiveStore) {
  const { groups, orphans } = tableProblems(store);
  const since = new Map(groups.flatMap((g) => g.zombies.map((z) => [keyOf(z), store.zombieSince.get(keyOf(z))] as const)));
  // The moment of the last sample, so the same events always draw the same panel (replay too); it matters only beside a zombie.
  const now = groups.length > 0 ? store.table.takenAt : 0;
  const signature = JSON.stringify([
    groups.map((g) => [g.parentPid, g.parent?.name, g.parent?.startTime, g.parentIsReaper, g.zombies.map((z) => [z.pid, z.startTime, z.name])]),
    orphans.map((o) => [o.pid, o.startTime, o.name, o.ppid, o.formerParent?.pid, o.formerParent?.name]),
    [...since.values()],
    now,
  ]);
  return { groups, orphans, since, now, signature };
}

/** Zombies grouped by the parent that does not reap them, and orphans with the parent they lost. */
export const Problems = memo(function Problems({ platform, onSelect, onKillParent, liveOff = null }: Props) {
  const { t } = useTranslation();
  const {
    groups,
    orphans,
    since: zombieSince,
    now,
  } = useStoreSelector(
    problemsOf,
    useCallback((a: ReturnType<typeof problemsOf>, b: ReturnType<typeof problemsOf>) => a.signature === b.signature, []),
  );
  if (platform === 'win32')
    return (
      <section className="problems">
        <p className="muted">{t('problems.noZombiesOnWindows')}</p>
      </section>
    );
  const zombieCount = groups.reduce((n, g) => n + g.zombies.length, 0);

  return (
    <section className="problems" aria-label={t('problems.title')}>
      <h3>{t('problems.zombies', { count: zombieCount })}</h3>
      {groups.length === 0 && <p className="muted">{t('problems.noZombies')}</p>}
      {groups.map(({ parentPid: ppid, parent, zombies: group, parentIsReaper: reaper }) => {
        return (
          <div className="zombie-group" key={ppid} data-parent-pid={ppid}>
            <div className="group-head">
              <span>
                {t('problems.parent')}{' '}
                <button type="button" className="link" onClick={() => parent && onSelect(keyOf(parent))}>
                  {parent?.name ?? '?'} ({ppid})
                </button>{' '}
                {t('problems.holds', { count: group.length })}
              </span>
              {parent && !reaper && (
                <button
                  type="button"
                  className="danger"
                  disabled={liveOff !== null}
                  title={liveOff ?? undefined}
                  onClick={() => onKillParent(parent)}
                >
                  {t('problems.killParent')}
                </button>
              )}
            </div>
            <p className="remedy muted">{reaper ? t('problems.reaperNotReaping', { pid: ppid }) : t('problems.remedy')}</p>
            <ul>
              {group.map((z) => {
                const since = zombieSince.get(keyOf(z));
                return (
                  <li key={keyOf(z)} data-pid={z.pid}>
                    <button type="button" className="link" onClick={() => onSelect(keyOf(z))}>
                      {z.name} ({z.pid})
                    </button>{' '}
                    <span className="muted">{since ? t('problems.since', { duration: formatDuration(now - since) }) : ''}</span>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      <h3>{t('problems.orphans', { count: orphans.length })}</h3>
      {orphans.length === 0 && <p className="muted">{t('problems.noOrphans')}</p>}
      <ul>
        {orphans.map((o) => (
          <li key={keyOf(o)} data-pid={o.pid}>
            <button type="button" className="link" onClick={() => onSelect(keyOf(o))}>
              {o.name} ({o.pid})
            </button>{' '}
            <span className="muted">
              {o.formerParent
                ? t('problems.formerParent', { name: o.formerParent.name, pid: o.formerParent.pid, now: o.ppid })
                : t('problems.formerParentUnknown', { now: o.ppid })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
});
