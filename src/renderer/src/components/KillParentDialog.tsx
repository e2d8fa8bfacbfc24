import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { nextReaper } from '../../../shared/analysis/next-reaper';
import type { ProcessInfo } from '../../../shared/model';
import type { LiveStore } from '../store/live-store';
import { useStoreSelector } from '../store/use-store-selector';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  parent: ProcessInfo;
  enginePid: number | null;
  platform: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}

/**
 * "Kill parent so init reaps them" for a parent Forkscope did not start: asks first, and says who takes the zombies
 * and whether it reaps them on this machine (Forkscope adopts as a subreaper; a pid 1 that holds zombies does not).
 */
export function KillParentDialog({ parent, enginePid, platform, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const facts = useStoreSelector(
    useCallback(
      (store: LiveStore) => {
        const processes = store.table.processes();
        const reaper = nextReaper(parent, processes, { enginePid, subreaperEngine: platform === 'linux' });
        const zombies = processes.filter((p) => p.ppid === parent.pid && p.zombie).length;
        return `${zombies}|${reaper.kind}|${reaper.pid}|${reaper.name ?? ''}|${reaper.reaps}|${reaper.heldZombies}`;
      },
      [parent, enginePid, platform],
    ),
  );
  const [zombies, kind, pid, name, reaps, held] = facts.split('|');
  const who = `${name || '?'} (${pid})`;
  const verdict =
    kind === 'forkscope'
      ? t('killParent.forkscope', { pid })
      : reaps === 'yes'
        ? t('killParent.reaps', { who })
        : reaps === 'no'
          ? t('killParent.neverReaps', { who, count: Number(held) })
          : t('killParent.unknown', { who });
  return (
    <ConfirmDialog
      title={t('killParent.title', { name: parent.name, pid: parent.pid })}
      confirmLabel={t('killParent.confirm', { name: parent.name })}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>{t('killParent.notOurs', { user: parent.user ?? '?' })}</p>
      <p data-testid="kill-parent-reaper">
        {t('killParent.goTo', { count: Number(zombies) })} {verdict}
      </p>
      {kind === 'init' && <p className="muted">{t('killParent.hiddenSubreaper')}</p>}
    </ConfirmDialog>
  );
}
