import { useTranslation } from 'react-i18next';
import { helpLines } from '../state/key-bindings';

/** The `?` sheet, written from the key table itself, so it cannot disagree with the keys. */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal shortcuts" role="dialog" aria-modal="true" aria-label={t('keys.title')} onClick={(e) => e.stopPropagation()}>
        <h2>{t('keys.title')}</h2>
        <dl>
          {helpLines().map(({ keys, help }) => (
            <div key={help}>
              <dt>
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && ' / '}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{t(help)}</dd>
            </div>
          ))}
        </dl>
        <div className="buttons">
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
