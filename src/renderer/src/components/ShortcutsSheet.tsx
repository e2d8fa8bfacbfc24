import { useTranslation } from 'react-i18next';

export const SHORTCUTS: Array<[string, string]> = [
  ['/', 'keys.search'],
  ['\\', 'keys.filter'],
  ['↑ ↓', 'keys.move'],
  ['Enter', 'keys.details'],
  ['Space', 'keys.tag'],
  ['+ / -', 'keys.expand'],
  ['t', 'keys.tree'],
  ['F', 'keys.follow'],
  ['Z', 'keys.pause'],
  ['k', 'keys.kill'],
  ['n', 'keys.spawn'],
  ['j', 'keys.join'],
  ['?', 'keys.help'],
];

export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal shortcuts" role="dialog" aria-modal="true" aria-label={t('keys.title')} onClick={(e) => e.stopPropagation()}>
        <h2>{t('keys.title')}</h2>
        <dl>
          {SHORTCUTS.map(([key, label]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(label)}</dd>
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
