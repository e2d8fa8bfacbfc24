import type React from 'react';
import { useTranslation } from 'react-i18next';
import type { SortKey, SortOrder } from '../store/rows';
import type { ColumnDef } from './columns';

interface Props {
  column: ColumnDef;
  sort: SortOrder;
  onSort: (key: SortKey) => void;
  /** While dragging (done false) and once at the end (done true), with the new width in px. */
  onResize: (key: SortKey, width: number, done: boolean) => void;
}

export const MIN_COLUMN_WIDTH = 24;

/** A header cell: click to sort, drag its right edge to resize (double-click the edge for the starting width). */
export function ColumnHeader({ column: c, sort, onSort, onResize }: Props) {
  const { t } = useTranslation();
  const sorted = sort.key === c.key;
  const long = t(`${c.label}Long`, { defaultValue: '' });
  const startResize = (event: React.MouseEvent<HTMLSpanElement>): void => {
    event.preventDefault();
    event.stopPropagation();
    const cell = event.currentTarget.parentElement!;
    const startX = event.clientX;
    const startWidth = cell.getBoundingClientRect().width;
    let latest = Math.round(startWidth);
    const onMove = (e: MouseEvent): void => {
      latest = Math.max(MIN_COLUMN_WIDTH, Math.round(startWidth + e.clientX - startX));
      onResize(c.key, latest, false);
    };
    const onUp = (): void => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      onResize(c.key, latest, true);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };
  return (
    <div
      role="columnheader"
      className={`column-header ${c.className} ${sorted ? 'sorted' : ''}`}
      data-column={c.key}
      aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" onClick={() => onSort(c.key)} title={long || undefined}>
        {t(c.label)}
        {sorted && <span className="sort-arrow">{sort.descending ? '▼' : '▲'}</span>}
      </button>
      <span
        className="column-resizer"
        role="separator"
        aria-orientation="vertical"
        aria-label={t('columns.resize', { column: t(c.label) })}
        onMouseDown={startResize}
        onClick={(e) => e.stopPropagation()}
      />
    </div>
  );
}
