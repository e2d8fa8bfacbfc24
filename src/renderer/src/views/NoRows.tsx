import { useTranslation } from 'react-i18next';

interface Props {
  filter: string;
  onlyOwn: boolean;
  onClearFilter: () => void;
  onShowAll: () => void;
}

/** What an empty table says: which of the person's choices hides every process, and a button that undoes it. */
export function NoRows({ filter, onlyOwn, onClearFilter, onShowAll }: Props) {
  const { t } = useTranslation();
  if (filter.trim())
    return (
      <div className="empty-state" role="status" data-testid="no-rows">
        <p>{t('table.noMatch', { filter: filter.trim() })}</p>
        <button type="button" onClick={onClearFilter}>
          {t('table.clearFilter')}
        </button>
      </div>
    );
  if (onlyOwn)
    return (
      <div className="empty-state" role="status" data-testid="no-rows">
        <p>{t('table.noneOwn')}</p>
        <button type="button" onClick={onShowAll}>
          {t('table.showAll')}
        </button>
      </div>
    );
  return null;
}
