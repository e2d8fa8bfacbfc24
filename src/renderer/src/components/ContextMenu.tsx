import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignalName } from '../../../shared/events';
import type { SignalInfo } from '../../../shared/signals';
import type { IoClass } from '../../../shared/scheduling';
import { SchedulingForms } from './SchedulingForms';

interface Props {
  x: number;
  y: number;
  title: string;
  onJoin: () => void;
  onSignal: (signal: SignalName) => void;
  /** Every signal the engine's platform has (kill -l). */
  signals: readonly SignalInfo[];
  onKillTree: () => void;
  /** Sets the process's nice value; `nice` is the one it has now. */
  onRenice: (nice: number) => void;
  nice: number | null;
  /** The process the menu is for, to read its I/O class and CPUs. */
  target: { pid: number; startTime: number };
  onIonice: (ioClass: IoClass, level: number | undefined) => void;
  onAffinity: (cpus: number[]) => void;
  onCopy: () => void;
  onClose: () => void;
}

/** The actions on a process where the pointer is (right-click), or at the selection (`k`). */
/** The signals people send most, as menu items; every other one is in the list below them. */
const COMMON = ['SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

export function ContextMenu({
  x,
  y,
  title,
  onJoin,
  onSignal,
  signals,
  onKillTree,
  onRenice,
  nice,
  target,
  onIonice,
  onAffinity,
  onCopy,
  onClose,
}: Props) {
  const [niceValue, setNiceValue] = useState(String(nice ?? 0));
  const { t } = useTranslation();
  const menu = useRef<HTMLDivElement>(null);
  // Placed where it fits whole, by its own height (which the signal list and the forms set).
  const [top, setTop] = useState(y);
  useLayoutEffect(() => {
    const height = menu.current?.offsetHeight ?? 0;
    setTop(Math.max(0, Math.min(y, window.innerHeight - height - 4)));
  }, [y]);
  useEffect(() => {
    menu.current?.querySelector('button')?.focus();
    const close = (event: MouseEvent): void => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [onClose]);
  const item = (label: string, action: () => void, danger = false) => (
    <button
      type="button"
      role="menuitem"
      className={danger ? 'danger' : undefined}
      onClick={() => {
        action();
        onClose();
      }}
    >
      {label}
    </button>
  );
  return (
    <div
      ref={menu}
      className="context-menu"
      role="menu"
      aria-label={title}
      style={{ left: Math.min(x, window.innerWidth - 220), top }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="menu-title">{title}</div>
      {item(t('toolbar.join'), onJoin)}
      {item(t('toolbar.terminate'), () => onSignal('SIGTERM'))}
      {item(t('toolbar.kill'), () => onSignal('SIGKILL'), true)}
      {item(t('toolbar.killTree'), onKillTree, true)}
      {item(t('toolbar.suspend'), () => onSignal('SIGSTOP'))}
      {item(t('toolbar.resume'), () => onSignal('SIGCONT'))}
      <div className="menu-separator" />
      {COMMON.filter((name) => signals.some((s) => s.name === name)).map((s) => (
        <span key={s}>{item(s, () => onSignal(s))}</span>
      ))}
      <select
        className="menu-signal-select"
        aria-label={t('signals.every')}
        value=""
        onChange={(e) => {
          if (!e.target.value) return;
          onSignal(e.target.value);
          onClose();
        }}
      >
        <option value="">{t('signals.every')}</option>
        {signals.map((s) => (
          <option key={s.number} value={s.name}>
            {t('signals.option', { name: s.name, number: s.number })}
          </option>
        ))}
      </select>
      <div className="menu-separator" />
      <form
        className="menu-renice"
        onSubmit={(e) => {
          e.preventDefault();
          onRenice(Number(niceValue));
          onClose();
        }}
      >
        <label>
          {t('priority.nice')}{' '}
          <input type="number" name="nice" min={-20} max={19} step={1} value={niceValue} onChange={(e) => setNiceValue(e.target.value)} />
        </label>
        <button type="submit">{t('priority.renice')}</button>
      </form>
      <SchedulingForms target={target} onIonice={onIonice} onAffinity={onAffinity} onClose={onClose} />
      <div className="menu-separator" />
      {item(t('details.copy'), onCopy)}
    </div>
  );
}
