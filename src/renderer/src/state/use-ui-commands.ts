import type { IoClass } from '../../../shared/scheduling';
import type { Dispatch, RefObject } from 'react';
import type { SignalName } from '../../../shared/events';
import type { ProcessInfo } from '../../../shared/model';
import type { Settings } from '../../../shared/settings';
import type { LiveStore } from '../store/live-store';
import type { VisibleRow } from '../store/rows';
import type { Actions } from './actions';
import type { KeyHandlers } from './use-key-bindings';
import { targetKeys, type UiAction, type UiState } from './ui-state';

interface Inputs {
  ui: UiState;
  dispatch: Dispatch<UiAction>;
  store: LiveStore;
  actions: Actions;
  tree: boolean;
  saveSettings: (patch: Partial<Settings>) => void;
  /** The rows the tree shows now (none outside the explorer). */
  rows: RefObject<readonly VisibleRow[]>;
  searchBox: RefObject<HTMLInputElement | null>;
  filterBox: RefObject<HTMLInputElement | null>;
}

/** What the toolbar, the context menu and the keys do with the selection, in one place. */
export function useUiCommands({ ui, dispatch, store, actions, tree, saveSettings, rows, searchBox, filterBox }: Inputs) {
  const targets = (): ProcessInfo[] => targetKeys(ui).flatMap((k) => store.table.get(k) ?? []);
  const selectedProcess = (): ProcessInfo | undefined => (ui.selected ? store.table.get(ui.selected) : undefined);
  const signal = (name: SignalName): void => {
    // A target that has ended meanwhile is said so on its row, never skipped in silence.
    actions.gone(targetKeys(ui).filter((k) => !store.table.get(k)));
    void actions.signal(targets(), name);
  };
  const renice = (nice: number): void => void actions.renice(targets(), nice);
  const ionice = (ioClass: IoClass, level: number | undefined): void => void actions.ionice(targets(), ioClass, level);
  const affinity = (cpus: number[]): void => void actions.affinity(targets(), cpus);
  const askKillTree = (): void => {
    const roots = targets();
    // The dialog asks the engine what the kill would reach (kill-plan), so it lists what will really die.
    if (roots.length > 0) dispatch({ type: 'open', popup: { type: 'kill-tree', roots } });
  };
  const join = (): void => {
    const p = selectedProcess();
    if (p) void actions.join(p);
  };
  const move = (delta: number): void => {
    const shown = rows.current;
    if (shown.length === 0) return;
    const index = ui.selected ? shown.findIndex((r) => r.key === ui.selected) : -1;
    const next = shown[Math.max(0, Math.min(shown.length - 1, index + delta))];
    if (next) dispatch({ type: 'select', key: next.key });
  };
  const selected = ui.selected;

  const keys: KeyHandlers = {
    'focus-search': () => searchBox.current?.focus(),
    'focus-filter': () => filterBox.current?.focus(),
    'move-down': () => move(1),
    'move-up': () => move(-1),
    'page-down': () => move(20),
    'page-up': () => move(-20),
    'focus-details': () => selectedProcess() && document.querySelector<HTMLElement>('.details')?.focus(),
    tag: () => selected && dispatch({ type: 'toggle-tag', key: selected }),
    expand: () => selected && dispatch({ type: 'set-collapsed', key: selected, collapsed: false }),
    collapse: () => selected && dispatch({ type: 'set-collapsed', key: selected, collapsed: true }),
    'toggle-tree': () => saveSettings({ tree: !tree }),
    'toggle-follow': () => dispatch({ type: 'toggle', flag: 'follow' }),
    'toggle-pause': () => dispatch({ type: 'toggle', flag: 'paused' }),
    'signal-menu': () => {
      const rect = document.querySelector(`.tree-row[data-key="${selected}"]`)?.getBoundingClientRect();
      if (selected) dispatch({ type: 'open', popup: { type: 'signal-menu', key: selected, x: (rect?.left ?? 200) + 120, y: rect?.bottom ?? 200 } });
    },
    kill: () => signal('SIGKILL'),
    spawn: () => dispatch({ type: 'open', popup: { type: 'spawn' } }),
    join,
    help: () => dispatch({ type: 'open', popup: { type: 'shortcuts' } }),
    close: () => {
      dispatch({ type: 'close-all' });
      (document.activeElement as HTMLElement | null)?.blur();
    },
  };
  return { signal, renice, ionice, affinity, askKillTree, join, keys };
}
export type UiCommands = ReturnType<typeof useUiCommands>;
