import type { ProcessInfo } from '../../../shared/model';
import type { ConnectionStatus } from '../api/client-types';

/**
 * Every dialog, sheet and menu the window can show; at most one is open, and each has a name
 * (GitHub Desktop's PopupType).
 */
export type Popup =
  | { type: 'spawn' }
  | { type: 'shortcuts' }
  | { type: 'kill-tree'; roots: readonly ProcessInfo[] }
  | { type: 'kill-parent'; parent: ProcessInfo }
  | { type: 'signal-menu'; key: string; x: number; y: number };
export type PopupType = Popup['type'];

export type View = 'explorer' | 'queue' | 'lessons';
export type Panel = 'problems' | 'log';

/** The window's own state: what the person chose and what is open. Engine facts live in the store. */
export interface UiState {
  /** Whether the window reaches the engine; while it does not, the table is dimmed and actions are off. */
  connection: ConnectionStatus;
  view: View;
  panel: Panel;
  popup: Popup | null;
  selected: string | null;
  tagged: ReadonlySet<string>;
  collapsed: ReadonlySet<string>;
  filter: string;
  search: string;
  onlyOwn: boolean;
  follow: boolean;
  paused: boolean;
  /** The pointer is over the tree: rows keep their order so a click hits what the person aimed at. */
  hovering: boolean;
  /** The outcome of the person's last action on each process, shown on its row. */
  notices: ReadonlyMap<string, string>;
  /** The details panel's width while it is being dragged (null: the saved setting). */
  sideWidth: number | null;
  dragging: boolean;
  /** A file is being dragged over the window. */
  dropping: boolean;
  /** Why the dropped file could not be opened. */
  dropError: string | null;
}

export const initialUiState: UiState = {
  connection: { connected: false },
  view: 'explorer',
  panel: 'problems',
  popup: null,
  selected: null,
  tagged: new Set(),
  collapsed: new Set(),
  filter: '',
  search: '',
  onlyOwn: false,
  follow: false,
  paused: false,
  hovering: false,
  notices: new Map(),
  sideWidth: null,
  dragging: false,
  dropping: false,
  dropError: null,
};

export type UiAction =
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'show-view'; view: View }
  | { type: 'show-panel'; panel: Panel }
  | { type: 'open'; popup: Popup }
  /** Closes the named popup if it is the one open (a menu item that opens a dialog does not close the dialog). */
  | { type: 'close'; popup: PopupType }
  | { type: 'close-all' }
  | { type: 'select'; key: string | null }
  | { type: 'toggle-tag'; key: string }
  /** Replaces the tags: "clear tags", "tag all matches", and dropping the tags of processes that ended. */
  | { type: 'set-tags'; keys: ReadonlySet<string> }
  | { type: 'set-collapsed'; key: string; collapsed: boolean }
  | { type: 'collapse-all'; keys: ReadonlySet<string> }
  | { type: 'expand-all' }
  | { type: 'filter'; text: string }
  | { type: 'search'; text: string }
  | { type: 'toggle'; flag: 'onlyOwn' | 'follow' | 'paused' }
  | { type: 'hover'; hovering: boolean }
  | { type: 'notice'; key: string; text: string | null }
  | { type: 'resize'; width: number | null; dragging: boolean }
  | { type: 'drop'; dropping: boolean; error?: string | null };

function toggled<T>(set: ReadonlySet<T>, item: T, on: boolean): ReadonlySet<T> {
  if (set.has(item) === on) return set;
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.status };
    case 'show-view':
      return { ...state, view: action.view };
    case 'show-panel':
      return { ...state, panel: action.panel };
    case 'open':
      return { ...state, popup: action.popup };
    case 'close':
      return state.popup?.type === action.popup ? { ...state, popup: null } : state;
    case 'close-all':
      return state.popup ? { ...state, popup: null } : state;
    case 'select':
      return state.selected === action.key ? state : { ...state, selected: action.key };
    case 'toggle-tag':
      return { ...state, tagged: toggled(state.tagged, action.key, !state.tagged.has(action.key)) };
    case 'set-tags':
      return { ...state, tagged: action.keys };
    case 'set-collapsed':
      return { ...state, collapsed: toggled(state.collapsed, action.key, action.collapsed) };
    case 'collapse-all':
      return { ...state, collapsed: action.keys };
    case 'expand-all':
      return { ...state, collapsed: new Set() };
    case 'filter':
      return { ...state, filter: action.text };
    case 'search':
      return { ...state, search: action.text };
    case 'toggle':
      return { ...state, [action.flag]: !state[action.flag] };
    case 'hover':
      return state.hovering === action.hovering ? state : { ...state, hovering: action.hovering };
    case 'notice': {
      if (action.text === null && !state.notices.has(action.key)) return state;
      const notices = new Map(state.notices);
      if (action.text === null) notices.delete(action.key);
      else notices.set(action.key, action.text);
      return { ...state, notices };
    }
    case 'resize':
      return { ...state, sideWidth: action.width, dragging: action.dragging };
    case 'drop':
      return { ...state, dropping: action.dropping, ...(action.error !== undefined ? { dropError: action.error } : {}) };
  }
}

/** What the actions on "the selection" act on: the tagged processes, else the selected one. */
export function targetKeys(state: Pick<UiState, 'tagged' | 'selected'>): string[] {
  return state.tagged.size > 0 ? [...state.tagged] : state.selected ? [state.selected] : [];
}
