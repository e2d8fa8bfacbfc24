import { createContext, useContext } from 'react';
import type { LiveStore } from '../store/live-store';
import type { Actions } from './actions';

/** The store every view reads (through useStoreSelector) and the actions every view calls, given once by App. */
export const StoreContext = createContext<LiveStore | null>(null);
export const ActionsContext = createContext<Actions | null>(null);

export function useStore(): LiveStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore: no StoreContext above this view (App provides it)');
  return store;
}

export function useActions(): Actions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions: no ActionsContext above this view (App provides it)');
  return actions;
}
