import { useLayoutEffect, useMemo, useRef } from 'react';

type Callback = (...args: never[]) => unknown;

/**
 * The same functions on every render, each calling the newest of its name given: a memoized child (the toolbar) is
 * not drawn again for the new closures each tick makes, and still acts on what is shown now. The names are fixed by
 * the first render; a callback that may be absent is passed as absent by the caller, not through here.
 */
export function useStableCallbacks<T extends Record<string, Callback>>(callbacks: T): T {
  const latestRef = useRef(callbacks);
  useLayoutEffect(() => {
    latestRef.current = callbacks;
  });
  const names = Object.keys(callbacks).join('\n');
  return useMemo(() => {
    const forward =
      (name: string) =>
      (...args: unknown[]) =>
        (latestRef.current[name] as (...a: unknown[]) => unknown)(...args);
    return Object.fromEntries(names.split('\n').map((name) => [name, forward(name)])) as unknown as T;
  }, [names]);
}
