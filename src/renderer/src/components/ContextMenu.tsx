import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SIGNAL_NAMES, type SignalName } from '../../../shared/events';

interface Props {
  x: number;
  y: number;
  title: string;
  onJoin: () => void;
  onSignal: (signal: SignalName) => void;
  onKillTree: () => void;
  onCopy: () => void;
  onClose: () => void;
}

/** The actions on a process where the pointer is (right-click), or at the selection (`k`). */
export function ContextMenu({ x, y, title, onJoin, onSignal, onKillTree, onCopy, onClose }: Props) {
  const { t } = useTranslation();
  const menu = useRef<HTMLDivElement>(null);
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
      style={{ left: Math.min(x, window.innerWidth - 220), top: Math.min(y, window.innerHeight - 360) }}
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
      {SIGNAL_NAMES.filter((s) => !['SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT'].includes(s)).map((s) => (
        <span key={s}>{item(s, () => onSignal(s))}</span>
      ))}
      <div className="menu-separator" />
      {item(t('details.copy'), onCopy)}
    </div>
  );
}
