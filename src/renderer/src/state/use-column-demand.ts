import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MAX_DEMAND_ROWS, DEMAND_TTL_MS, type SamplerDemand } from '../../../shared/demand';
import type { SortKey } from '../../../shared/settings';
import type { VisibleRow } from '../store/rows';
import { columnDemand, type ColumnDef } from '../views/columns';
import { useActions } from './app-context';

/** How often a window renews what it shows (well inside DEMAND_TTL_MS, so a slow tick never lets it lapse). */
const RENEW_MS = DEMAND_TTL_MS / 3;
/** Scrolling sends at most one demand per this long. */
const SETTLE_MS = 150;

/**
 * Tells the engine which of htop's columns this window shows and which rows it has in view, so the sampler reads
 * those and nothing more; renewed while the window lives. Returns the callback the table calls with its rows in view.
 */
export function useColumnDemand(columns: readonly ColumnDef[], sortKey: SortKey): (rows: readonly VisibleRow[]) => void {
  const actions = useActions();
  const [viewer] = useState(() => `w${crypto.getRandomValues(new Uint32Array(2)).join('')}`);
  const [inView, setInView] = useState<Array<{ pid: number; startTime: number }>>([]);
  const wanted = useMemo(() => columnDemand(columns, sortKey), [columns, sortKey]);
  const demand = useMemo<SamplerDemand>(
    () => ({
      viewer,
      columns: wanted.columns,
      rows: wanted.allRows || inView.length > MAX_DEMAND_ROWS ? 'all' : wanted.columns.length > 0 ? inView : [],
    }),
    [viewer, wanted, inView],
  );
  const last = useRef('');
  useEffect(() => {
    const text = JSON.stringify(demand);
    const send = (): void => {
      last.current = text;
      void actions.call('sampler:demand', demand);
    };
    // Nothing shown and nothing said yet: no call at all.
    if (text === last.current || (last.current === '' && demand.columns.length === 0)) {
      const renew = demand.columns.length > 0 ? setInterval(send, RENEW_MS) : undefined;
      return () => clearInterval(renew);
    }
    const settle = setTimeout(send, SETTLE_MS);
    const renew = setInterval(send, RENEW_MS);
    return () => {
      clearTimeout(settle);
      clearInterval(renew);
    };
  }, [demand, actions]);
  return useCallback((rows: readonly VisibleRow[]) => {
    setInView((before) => {
      const next = rows.map((r) => ({ pid: r.process.pid, startTime: r.process.startTime }));
      const same = before.length === next.length && before.every((b, i) => b.pid === next[i]!.pid && b.startTime === next[i]!.startTime);
      return same ? before : next;
    });
  }, []);
}
