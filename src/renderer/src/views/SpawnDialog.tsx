import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkloadInfo } from '../../../shared/supervision';
import { ErrorNotice } from '../components/ErrorNotice';
import { useActions } from '../state/app-context';

interface Props {
  onClose: () => void;
  onSpawned: (keys: string[]) => void;
}

const MODES = ['attached', 'daemon', 'detached'] as const;

/** Starts a built-in workload or any command, in one of the three modes, N at once. */
export function SpawnDialog({ onClose, onSpawned }: Props) {
  const { t } = useTranslation();
  const actions = useActions();
  const [workloads, setWorkloads] = useState<WorkloadInfo[]>([]);
  const [kind, setKind] = useState<'workload' | 'command'>('workload');
  const [workload, setWorkload] = useState('sleep');
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [cwd, setCwd] = useState('');
  const [mode, setMode] = useState<(typeof MODES)[number]>('attached');
  const [count, setCount] = useState(1);
  const [watchQueues, setWatchQueues] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void actions.call('supervisor:workloads', {}).then((r) => r.ok && setWorkloads(r.value));
  }, [actions]);

  const queuesWatched = kind === 'command' && watchQueues;
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const argv = args.trim() ? args.trim().split(/\s+/) : [];
    const request = {
      ...(kind === 'workload' ? { workload } : { command: command.trim() }),
      args: argv,
      mode,
      count: queuesWatched ? 1 : count,
      watchQueues: queuesWatched,
      ...(cwd.trim() ? { cwd: cwd.trim() } : {}),
    };
    const result = await actions.spawn(request);
    setBusy(false);
    if (!result.ok) return setError(result.text);
    onSpawned(result.value);
    onClose();
  };

  const chosen = workloads.find((w) => w.name === workload);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <form
        className="modal spawn-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('spawn.title')}
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2>{t('spawn.title')}</h2>
        <fieldset className="segmented">
          <label>
            <input type="radio" name="kind" checked={kind === 'workload'} onChange={() => setKind('workload')} /> {t('spawn.workload')}
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'command'} onChange={() => setKind('command')} /> {t('spawn.command')}
          </label>
        </fieldset>
        {kind === 'workload' ? (
          <label>
            {t('spawn.workload')}
            <select name="workload" value={workload} onChange={(e) => setWorkload(e.target.value)} autoFocus>
              {workloads.map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name} — {w.description}
                </option>
              ))}
            </select>
            {chosen && <small className="muted">{t('spawn.usage', { usage: chosen.usage })}</small>}
          </label>
        ) : (
          <label>
            {t('spawn.command')}
            <input name="command" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="python3" autoFocus />
          </label>
        )}
        <label>
          {t('spawn.args')}
          <input name="args" value={args} onChange={(e) => setArgs(e.target.value)} placeholder={kind === 'workload' ? '30' : 'app.py --workers 2'} />
        </label>
        <label>
          {t('spawn.cwd')}
          <input name="cwd" value={cwd} onChange={(e) => setCwd(e.target.value)} />
        </label>
        <fieldset className="modes">
          <legend>{t('spawn.modeLabel')}</legend>
          {MODES.map((m) => (
            <label key={m}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> <strong>{t(`spawn.mode.${m}`)}</strong>
              <small className="muted"> — {t(`spawn.explain.${m}`)}</small>
            </label>
          ))}
        </fieldset>
        <label>
          {t('spawn.count')}
          <input
            name="count"
            type="number"
            min={1}
            max={100}
            value={queuesWatched ? 1 : count}
            disabled={queuesWatched}
            onChange={(e) => setCount(Number(e.target.value))}
          />
        </label>
        {kind === 'command' && (
          <label className="checkbox">
            <input name="watchQueues" type="checkbox" checked={watchQueues} onChange={(e) => setWatchQueues(e.target.checked)} />{' '}
            {t('spawn.watchQueues')}
            <small className="muted"> — {t('spawn.watchQueuesHint')}</small>
          </label>
        )}
        <ErrorNotice message={error} />
        <div className="buttons">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('spawn.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
