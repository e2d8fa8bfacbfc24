import { useMemo, useSyncExternalStore } from 'react';
import { useStore } from '../state/app-context';
import type { LiveStore } from './live-store';
import { shallowEqual } from './shallow-equal';

/**
 * A getter of the selector's answer that reads the store once per store version, and keeps the
 * previous answer while the new one is equal to it, so React sees the same value and skips the render.
 */
export function cachedSelector<T>(store: LiveStore, selector: (store: LiveStore) => T, equal: (a: T, b: T) => boolean): () => T {
  let cached: { version: number; value: T } | null = null;
  return () => {
    if (cached && cached.version === store.version) return cached.value;
    const next = selector(store);
    const value = cached && equal(cached.value, next) ? cached.value : next;
    cached = { version: store.version, value };
    return value;
  };
}

/**
 * What a view reads from the store, re-read after each batch of events; the view re-renders only
 * when the answer changed (by `equal`, shallow by default), not on every tick. The selector must
 * return values the view draws, not the store's mutable collections themselves; one that returns
 * a new object or array each time should be stable (useCallback), or each render starts a new cache.
 */
export function useStoreSelector<T>(selector: (store: LiveStore) => T, equal: (a: T, b: T) => boolean = shallowEqual): T {
  const store = useStore();
  const read = useMemo(() => cachedSelector(store, selector, equal), [store, selector, equal]);
  return useSyncExternalStore(store.subscribe, read);
}
