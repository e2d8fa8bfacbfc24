import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupBursts, type LogItem } from '../../../shared/analysis/bursts';
import { LOG_EVENT_TYPES } from '../../../shared/event-types';
import { LOG_LIMIT, type LiveStore } from '../store/live-store';
import { keyOf } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';
import { describeBurstLine, describeLogEvent, eventTypeLabel } from './event-log-text';

interface Props {
  onSelect: (key: string) => void;
}

/** What the log shows: its items newest first, and how much the store keeps. */
interface LogView {
  items: LogItem[];
  kept: number;
  since: number | null;
  churnDroppedUntil: number | null;
}

/** A line's height before it is measured (a line that wraps is measured as drawn). */
const LINE_HEIGHT = 19;

const clock = (t: number): string => new Date(t).toLocaleTimeString(undefined, { hour12: false });

/**
 * The lifecycle stream, newest first, filterable by type; a click selects the process. All the store keeps
 * (LOG_LIMIT events) can be scrolled, but only the lines in view are in the DOM.
 */
export const EventLog = memo(function EventLog({ onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const [type, setType] = useState<string>('all');
  // Read again only when the log changed (not on every sample), and grouped once per change.
  const view = useMemo(() => {
    let cached: { version: number; value: LogView } | null = null;
    return (store: LiveStore): LogView => {
      if (cached && cached.version === store.logVersion) return cached.value;
      const events = type === 'all' ? store.log : store.log.filter((e) => e.type === type);
      // Bursts (many children of one parent in quick succession, as kernel events show them) are one line each.
      const items: LogItem[] = type === 'all' ? groupBursts(events) : events.map((event) => ({ kind: 'event', event }));
      const value = { items: items.reverse(), kept: store.log.length, since: store.log[0]?.t ?? null, churnDroppedUntil: store.logChurnDroppedUntil };
      cached = { version: store.logVersion, value };
      return value;
    };
  }, [type]);
  const shown = useStoreSelector(view, Object.is);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 10,
    getItemKey: useCallback((index: number) => itemKey(shown.items[index]!), [shown]),
  });
  // Reading older lines: the first line in view, and how far into it the view starts, stay where they were when lines
  // arrive above (or fold into a burst). Another type is another list: it starts at its newest line.
  const anchor = useRef<{ type: string; items: LogItem[]; key: string | null; delta: number }>({ type, items: [], key: null, delta: 0 });
  /** The first line in view at this scroll offset (the measured lines are in order), and how far into it the view starts. */
  const readAt = (top: number): { key: string | null; delta: number } => {
    const rows = virtualizer.measurementsCache;
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (rows[mid]!.end > top) high = mid;
      else low = mid + 1;
    }
    const row = rows[low];
    return row ? { key: String(row.key), delta: top - row.start } : { key: null, delta: 0 };
  };
  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const before = anchor.current;
    if (before.type !== type) box.scrollTop = 0;
    else if (before.items !== shown.items && before.key !== null && box.scrollTop > 0) {
      const index = shown.items.findIndex((item) => itemKey(item) === before.key);
      const start = index >= 0 ? virtualizer.measurementsCache[index]?.start : undefined;
      if (start !== undefined) box.scrollTop = start + before.delta;
    }
    anchor.current = { type, items: shown.items, ...readAt(box.scrollTop) };
  });
  // A scroll by the person moves what is read, before any redraw.
  const onScroll = () => {
    if (scroller.current) anchor.current = { ...anchor.current, ...readAt(scroller.current.scrollTop) };
  };
  const format = (n: number) => n.toLocaleString(i18n.language);
  const keptText =
    shown.since === null
      ? t('log.empty')
      : t(type === 'all' ? 'log.kept' : 'log.keptOfType', {
          shown: format(shown.items.length),
          count: format(shown.kept),
          since: clock(shown.since),
          limit: format(LOG_LIMIT),
        }) + (shown.churnDroppedUntil === null ? '' : ` ${t('log.churnDropped', { until: clock(shown.churnDroppedUntil) })}`);
  return (
    <section className="event-log" aria-label={t('log.title')}>
      <div className="log-head">
        <label>
          {t('log.type')}{' '}
          <select value={type} onChange={(e) => setType(e.target.value)} aria-label={t('log.type')}>
            <option value="all">{t('log.all')}</option>
            {LOG_EVENT_TYPES.map((name) => (
              <option key={name} value={name}>
                {eventTypeLabel(t, name)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted log-kept" data-testid="log-kept" title={keptText}>
          {keptText}
        </span>
      </div>
      <div className="log-scroll" ref={scroller} onScroll={onScroll}>
        <ol style={{ height: virtualizer.getTotalSize() }} aria-setsize={shown.items.length}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = shown.items[row.index]!;
            const place = { 'data-index': row.index, ref: virtualizer.measureElement, style: { transform: `translateY(${row.start}px)` } };
            if (item.kind === 'burst')
              return (
                <li key={row.key} {...place} className="log-burst" data-testid="log-burst">
                  <time>{clock(item.burst.firstT)}</time> <span className="log-type">{t('log.burst')}</span>{' '}
                  <span className="muted">{describeBurstLine(t, item.burst)}</span>
                </li>
              );
            const event = item.event;
            const d = describeLogEvent(t, event);
            if (!d) return <li key={row.key} {...place} hidden />;
            return (
              <li key={row.key} {...place} className={`log-${event.type}`} data-pid={d.pid} data-type={event.type}>
                <time>{clock(event.t)}</time> <span className="log-type">{eventTypeLabel(t, event.type)}</span>{' '}
                <button type="button" className="link" onClick={() => onSelect(keyOf(d))}>
                  {d.name} ({d.pid})
                </button>{' '}
                <span className="muted">{d.text}</span>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
});

/** A line's key that stays with it as newer lines arrive above it (events are kept as they came; a burst is its parent and first start). */
const keys = new WeakMap<object, number>();
let nextKey = 0;
function itemKey(item: LogItem): string {
  if (item.kind === 'burst') return `burst-${item.burst.ppid}-${item.burst.firstT}`;
  let key = keys.get(item.event);
  if (key === undefined) keys.set(item.event, (key = nextKey++));
  return String(key);
}
