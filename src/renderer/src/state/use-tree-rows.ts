import { useCallback, useState } from 'react';
import type { ProcessPredicate } from '../store/filter';
import type { LiveStore } from '../store/live-store';
import type { SortOrder, VisibleRow } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';
import { IncrementalRows } from '../store/incremental-rows';
import { RowFreezer } from '../store/visible-rows';
import type { UiState } from './ui-state';

/** The tree's rows for this view state, re-read after each batch of events and held still while paused or pointed at. */
export function useTreeRows(ui: UiState, tree: boolean, sort: SortOrder, predicate: ProcessPredicate): VisibleRow[] {
  const [freezer] = useState(() => new RowFreezer());
  const [incremental] = useState(() => new IncrementalRows());
  const freezeMode = ui.paused ? 'hold-all' : ui.hovering ? 'hold-order' : 'live';
  const follow = ui.follow ? ui.selected : null;
  const { collapsed, onlyOwn } = ui;
  const select = useCallback(
    (store: LiveStore) =>
      freezer.rows(freezeMode, store, () =>
        incremental.rows(store, { tree, sort: { key: sort.key, descending: sort.descending }, predicate, collapsed, onlyOwn, follow }),
      ),
    [freezer, incremental, freezeMode, tree, sort.key, sort.descending, predicate, collapsed, onlyOwn, follow],
  );
  return useStoreSelector(select);
}
