import { useEffect, useState } from 'react';
import { useStore } from '../state/app-context';
import type { LiveStore } from './live-store';

/**
 * A revision counter of the store, re-read at most once per `intervalMs`: for views that redraw
 * charts of things folded in place, where ten metrics a second per run would each cost a full
 * redraw (on a busy machine, more than the time between them, so the page never caught up).
 */
export function useThrottledRevision(select: (store: LiveStore) => number, intervalMs: number): number {
  const store = useStore();
  const [revision, setRevision] = useState(() => select(store));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = (): void => {
      timer = null;
      last = performance.now();
      setRevision(select(store));
    };
    const unsubscribe = store.subscribe(() => {
      if (timer === null) timer = setTimeout(flush, Math.max(0, intervalMs - (performance.now() - last)));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, select, intervalMs]);
  return revision;
}
