import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  children: ReactNode;
  /** The confirming button's text; null when there is nothing to confirm (only Close is offered). */
  confirmLabel: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-label={title}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <h2>{title}</h2>
        {children}
        <div className="buttons">
          <button type="button" onClick={onCancel} autoFocus={confirmLabel === null}>
            {confirmLabel === null ? t('common.close') : t('common.cancel')}
          </button>
          {confirmLabel !== null && (
            <button type="button" className="danger" onClick={onConfirm} autoFocus>
              {confirmLabel}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
