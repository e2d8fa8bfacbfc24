import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputStream } from '../../../shared/output';
import type { ProcessTarget } from '../../../shared/supervision';
import { download } from '../components/download';
import { formatBytes } from '../components/format';
import { useActions } from '../state/app-context';
import { OutputBuffer } from '../store/output-buffer';

/** How often the section asks for what is new while it is open (the engine hands out only that). */
const POLL_MS = 1000;

interface Props {
  target: ProcessTarget;
  name: string;
}

/**
 * The output of a process Forkscope started: stdout and stderr marked apart, following the end as it grows, a detached
 * child's log file, and in a replay what the recording kept. Keyed by the process, so a new selection starts empty.
 */
export function OutputSection({ target, name }: Props) {
  const { t } = useTranslation();
  const actions = useActions();
  // Mutated in place by each answer; `revision` makes the view draw it again.
  const [buffer] = useState(() => new OutputBuffer());
  const [revision, setRevision] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(true);
  const [follow, setFollow] = useState(true);
  const [shown, setShown] = useState<OutputStream | 'all'>('all');
  const pane = useRef<HTMLPreElement>(null);
  const { pid, startTime } = target;

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    let busy = false;
    const poll = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      const result = await actions.call('supervisor:log', { pid, startTime, after: buffer.end });
      busy = false;
      if (cancelled) return;
      if (!result.ok) return setError(result.text);
      setError(null);
      if (buffer.apply(result.value)) setRevision((r) => r + 1);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [actions, buffer, open, pid, startTime]);

  useLayoutEffect(() => {
    if (follow && pane.current) pane.current.scrollTop = pane.current.scrollHeight;
  }, [follow, revision, shown]);

  const lines = shown === 'all' ? buffer.lines : buffer.lines.filter((l) => l.stream === shown);
  const combined = buffer.source === 'log-file';
  const limit = buffer.limit;
  return (
    <details className="output" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="output">
      <summary>{t('output.title')}</summary>
      <div className="output-tools">
        <label>
          <input name="followOutput" type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('output.follow')}
        </label>
        {!combined && (
          <select
            name="outputStream"
            aria-label={t('output.streams')}
            value={shown}
            onChange={(e) => setShown(e.target.value as OutputStream | 'all')}
          >
            <option value="all">{t('output.both')}</option>
            <option value="stdout">stdout</option>
            <option value="stderr">stderr</option>
          </select>
        )}
        <button
          type="button"
          disabled={lines.length === 0}
          onClick={() => void navigator.clipboard?.writeText(buffer.text(shown === 'all' ? undefined : shown))}
        >
          {t('details.copy')}
        </button>
        <button
          type="button"
          disabled={lines.length === 0}
          onClick={() => download(`${name}-${pid}.log`, 'text/plain', buffer.text(shown === 'all' ? undefined : shown) + '\n')}
        >
          {t('output.save')}
        </button>
      </div>
      {buffer.logFile && (
        <p className="output-file" data-testid="output-log-file">
          {t('output.logFile')} <code>{buffer.logFile}</code>{' '}
          <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(buffer.logFile ?? '')}>
            {t('output.copyPath')}
          </button>
          <small className="muted"> — {t('output.logFileHint')}</small>
        </p>
      )}
      {buffer.heldFrom > 0 && limit && (
        <p className="output-dropped" role="note">
          {limit.lines === null
            ? t('output.droppedSize', { size: formatBytes(limit.size) })
            : t('output.dropped', { size: formatBytes(limit.size), lines: limit.lines.toLocaleString() })}
        </p>
      )}
      {error && <p className="output-empty">{error}</p>}
      {!error && lines.length === 0 && (
        <p className="output-empty muted">{buffer.source === 'not-recorded' ? t('output.notRecorded') : t('output.none')}</p>
      )}
      {lines.length > 0 && (
        <pre
          ref={pane}
          className="output-text"
          tabIndex={0}
          aria-label={t('output.title')}
          onScroll={(e) => {
            const el = e.currentTarget;
            // Scrolled up to read: stop following; back at the end: follow again.
            const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 4;
            if (atEnd !== follow) setFollow(atEnd);
          }}
        >
          {lines.map((line, i) => (
            <div key={i} className={`out-line out-${line.stream}`} data-stream={line.stream}>
              <span className="out-gutter" aria-hidden="true">
                {line.stream === 'stderr' ? 'err' : line.stream === 'stdout' ? 'out' : 'log'}
              </span>
              {line.text}
            </div>
          ))}
        </pre>
      )}
      {!combined && lines.length > 0 && (
        <p className="output-legend muted">
          <span className="out-stdout">out</span> stdout · <span className="out-stderr">err</span> stderr
        </p>
      )}
      {combined && <p className="output-legend muted">{t('output.combined')}</p>}
    </details>
  );
}
