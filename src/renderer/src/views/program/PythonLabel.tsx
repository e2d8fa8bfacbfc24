import { useCallback } from 'react';
import { pythonProcessLabel } from '../../../../shared/python-program';
import type { LiveStore } from '../../store/live-store';
import { useStoreSelector } from '../../store/use-store-selector';

/** Beside a pid in the tree: what multiprocessing calls the process (`Process-3 · worker() app.py:12 · daemon`). */
export function PythonLabel({ pid }: { pid: number }) {
  const label = useStoreSelector(
    useCallback(
      (store: LiveStore) => {
        const found = store.pythonProcesses.get(pid);
        return found ? pythonProcessLabel(found) : null;
      },
      [pid],
    ),
    Object.is,
  );
  if (!label) return null;
  return (
    <span className="python-label" data-testid="python-label">
      {label}
    </span>
  );
}
