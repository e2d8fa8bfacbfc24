import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeBurst, groupBursts, type LogItem } from '../../../shared/analysis/bursts';
import type { EngineEvent } from '../../../shared/events';
import type { LiveStore } from '../store/live-store';
import { keyOf } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';

const TYPES = [
  'spawned',
  'started',
  'exec',
  'exit',
  'exited',
  'reaped',
  'ended',
  'signaled',
  'joined',
  'restart-scheduled',
  'restarted',
  'restart-ended',
  'reparented',
  'orphaned',
  'adopted',
  'became-zombie',
  'zombie-reaped',
  'state-changed',
] as const;

interface Props {
  onSelect: (key: string) => void;
}

function describe(event: EngineEvent): { pid: number; startTime: number; name: string; text: string } | null {
  switch (event.type) {
    case 'started':
      return { pid: event.process.pid, startTime: event.process.startTime, name: event.process.name, text: `ppid ${event.process.ppid}` };
    case 'spawned':
      return { ...event, text: `${event.mode}: ${[event.command, ...event.args].join(' ')}` };
    case 'exited':
      return { ...event, text: event.signal ? event.signal : `code ${event.code}` };
    case 'exec':
      return { ...event, text: `${event.formerName} → ${event.name}` };
    case 'exit':
      return {
        ...event,
        text: `${event.signal ? `killed by ${event.signal}${event.core ? ' (core dumped)' : ''}` : `code ${event.code}`}${event.runMs === null ? '' : ` after ${event.runMs} ms`}`,
      };
    case 'reparented':
      return { ...event, text: `${event.from} → ${event.to}` };
    case 'state-changed':
      return { ...event, text: `${event.from} → ${event.to}` };
    case 'orphaned':
      return { ...event, text: `was child of ${event.formerParent.name} (${event.formerParent.pid})` };
    case 'adopted':
      return {
        ...event,
        text: `orphaned: ${event.formerParent ? `parent ${event.formerParent.pid} (${event.formerParent.name}) exited` : 'its parent exited unseen'}; adopted by Forkscope, which reaps it`,
      };
    case 'became-zombie':
    case 'zombie-reaped':
      return { ...event, text: `parent ${event.ppid}` };
    case 'signaled':
      return { ...event, text: `${event.signal}: ${event.outcome}` };
    case 'joined':
      return { ...event, text: event.timedOut ? 'timed out' : event.signal ? event.signal : `code ${event.code}` };
    case 'restart-scheduled':
      return { ...event, text: `${event.reason}; restart ${event.attempt} in ${event.delayMs} ms` };
    case 'restarted':
      return { ...event, text: `restarted ${event.restarts}× (after ${event.previous.pid})` };
    case 'restart-ended':
      return { ...event, text: event.message };
    case 'ended':
    case 'reaped':
      return { ...event, text: '' };
    default:
      return null;
  }
}

/** Same events in the same order, and bursts with the same counts: the log need not redraw. */
function sameItems(a: LogItem[], b: LogItem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    if (x.kind === 'event' || y.kind === 'event') return x.kind === y.kind && x.kind === 'event' && y.kind === 'event' && x.event === y.event;
    return x.burst.firstT === y.burst.firstT && x.burst.started === y.burst.started && x.burst.nonZero === y.burst.nonZero;
  });
}

/** The lifecycle stream, newest first, filterable by type; a click selects the process. */
export const EventLog = memo(function EventLog({ onSelect }: Props) {
  const { t } = useTranslation();
  const [type, setType] = useState<string>('all');
  // Bursts (many children of one parent in quick succession, as kernel events show them) are one line each.
  const newest = useCallback(
    (store: LiveStore): LogItem[] => {
      const events = store.log.filter((e) => type === 'all' || e.type === type);
      const items: LogItem[] = type === 'all' ? groupBursts(events) : events.map((event) => ({ kind: 'event', event }));
      return items.slice(-300).reverse();
    },
    [type],
  );
  const shown = useStoreSelector(newest, sameItems);
  return (
    <section className="event-log" aria-label={t('log.title')}>
      <label>
        {t('log.type')}{' '}
        <select value={type} onChange={(e) => setType(e.target.value)} aria-label={t('log.type')}>
          <option value="all">{t('log.all')}</option>
          {TYPES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <ol>
        {shown.map((item, i) => {
          if (item.kind === 'burst')
            return (
              <li key={`burst-${item.burst.ppid}-${item.burst.firstT}`} className="log-burst" data-testid="log-burst">
                <time>{new Date(item.burst.firstT).toLocaleTimeString(undefined, { hour12: false })}</time> <span className="log-type">burst</span>{' '}
                <span className="muted">{describeBurst(item.burst)}</span>
              </li>
            );
          const event = item.event;
          const d = describe(event);
          if (!d) return null;
          return (
            <li key={`${event.t}-${i}`} className={`log-${event.type}`} data-pid={d.pid}>
              <time>{new Date(event.t).toLocaleTimeString(undefined, { hour12: false })}</time> <span className="log-type">{event.type}</span>{' '}
              <button type="button" className="link" onClick={() => onSelect(keyOf(d))}>
                {d.name} ({d.pid})
              </button>{' '}
              <span className="muted">{d.text}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
});
