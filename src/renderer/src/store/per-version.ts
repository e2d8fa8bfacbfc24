import type { LiveStore } from './live-store';

/**
 * A selector part computed again only when `version` of the store moves: e.g. what walks the whole table for zombies
 * and orphans, which a tick that changed only metrics cannot change.
 */
export function perVersion<T>(version: (store: LiveStore) => number, compute: (store: LiveStore) => T): (store: LiveStore) => T {
  let cached: { store: LiveStore; version: number; value: T } | null = null;
  return (store) => {
    const now = version(store);
    if (cached && cached.store === store && cached.version === now) return cached.value;
    cached = { store, version: now, value: compute(store) };
    return cached.value;
  };
}
