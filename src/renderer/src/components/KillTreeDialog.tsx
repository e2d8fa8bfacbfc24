import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessInfo } from '../../../shared/model';
import type { KillPlan } from '../../../shared/supervision';
import { useActions } from '../state/app-context';
import { keyOf } from '../store/rows';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  roots: readonly ProcessInfo[];
  onCancel: () => void;
  /** Kill tree of these roots (the ones Forkscope does not refuse). */
  onConfirm: (roots: readonly ProcessInfo[]) => void;
}

type Plans = { ok: true; plans: KillPlan[] } | { ok: false; text: string } | null;

/**
 * The kill-tree confirmation: the engine's plan of what the kill will reach (found as the kill finds it), indented by
 * parent with each command, and what Forkscope will refuse marked, so "Kill N processes" counts what will really die.
 */
export function KillTreeDialog({ roots, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const actions = useActions();
  const [plans, setPlans] = useState<Plans>(null);
  useEffect(() => {
    let cancelled = false;
    void Promise.all(roots.map((p) => actions.call('supervisor:kill-plan', { pid: p.pid, startTime: p.startTime }))).then((results) => {
      if (cancelled) return;
      const failed = results.find((r) => !r.ok);
      setPlans(failed && !failed.ok ? { ok: false, text: failed.text } : { ok: true, plans: results.flatMap((r) => (r.ok ? [r.value] : [])) });
    });
    return () => {
      cancelled = true;
    };
  }, [actions, roots]);

  const members = plans?.ok ? plans.plans.flatMap((plan) => plan.members) : [];
  const toKill = members.filter((m) => m.status === 'kill').length;
  const killable = plans?.ok ? roots.filter((r) => plans.plans.find((plan) => plan.pid === r.pid)?.refused === null) : [];
  return (
    <ConfirmDialog
      title={t('confirm.killTreeTitle')}
      confirmLabel={toKill > 0 ? t('confirm.killTree', { count: toKill }) : null}
      onCancel={onCancel}
      onConfirm={() => onConfirm(killable)}
    >
      {plans === null && <p className="muted">{t('killPlan.finding')}</p>}
      {plans?.ok === false && <p className="error">{plans.text}</p>}
      {plans?.ok &&
        plans.plans
          .filter((plan) => plan.refused !== null)
          .map((plan) => (
            <p key={plan.pid} className="error" data-testid="kill-plan-refused">
              {plan.refused}
            </p>
          ))}
      {plans?.ok && <p>{toKill > 0 ? t('killPlan.willDie', { count: toKill }) : t('killPlan.nothing')}</p>}
      {members.length > 0 && (
        <ul className="kill-list" aria-label={t('killPlan.list')}>
          {members.map((m) => (
            <li
              key={keyOf(m)}
              className={`plan-${m.status}`}
              data-pid={m.pid}
              data-depth={m.depth}
              style={{ paddingLeft: 4 + Math.min(m.depth, 16) * 14 }}
            >
              <span className="kill-pid">{m.pid}</span> <strong>{m.name}</strong> <code title={m.cmd}>{m.cmd}</code>
              {m.status !== 'kill' && <span className={`badge ${m.status}`}>{t(`killPlan.status.${m.status}`)}</span>}
              {m.reason && <small className="muted kill-reason">{m.reason}</small>}
            </li>
          ))}
        </ul>
      )}
      {toKill > 0 && <p className="muted">{t('killPlan.forksNote')}</p>}
    </ConfirmDialog>
  );
}
