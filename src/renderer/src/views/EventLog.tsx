import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineEvent } from '../../../shared/events';
import type { LiveStore } from '../store/live-store';
import { keyOf } from '../store/rows';
import { useStoreSelector } from '../store/use-store-selector';

const TYPES = [
  'spawned',
  'started',
  'exited',
  'reaped',
  'ended',
  'signaled',
  'joined',
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
    case 'ended':
    case 'reaped':
      return { ...event, text: '' };
    default:
      return null;
  }
}

/** The lifecycle stream, newest first, filterable by type; a click selects the process. */
export const EventLog = memo(function EventLog({ onSelect }: Props) {
  const { t } = useTranslation();
  const [type, setType] = useState<string>('all');
  const newest = useCallback(
    (store: LiveStore) =>
      store.log
        .filter((e) => type === 'all' || e.type === type)
        .slice(-300)
        .reverse(),
    [type],
  );
  const shown = useStoreSelector(newest);
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
        {shown.map((event, i) => {
          const d = describe(event);
          if (!d) return null;
          return (
            <li key={`${event.t}-${i}`} className={`log-${event.type}`}>
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
