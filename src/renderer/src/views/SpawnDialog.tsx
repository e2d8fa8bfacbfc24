import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shellArgv, splitCommandLine, type SplitCommandLine } from '../../../shared/command-line';
import type { WorkloadInfo } from '../../../shared/supervision';
import { ErrorNotice } from '../components/ErrorNotice';
import { useActions } from '../state/app-context';
import { NO_RESTART, RestartField, restartRequest } from './RestartField';

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
  const [commandLine, setCommandLine] = useState('');
  const [throughShell, setThroughShell] = useState(false);
  const [args, setArgs] = useState('');
  const [cwd, setCwd] = useState('');
  const [mode, setMode] = useState<(typeof MODES)[number]>('attached');
  const [count, setCount] = useState(1);
  const [watchQueues, setWatchQueues] = useState(false);
  const [restart, setRestart] = useState(NO_RESTART);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void actions.call('supervisor:workloads', {}).then((r) => r.ok && setWorkloads(r.value));
  }, [actions]);

  const queuesWatched = kind === 'command' && watchQueues;
  // What the program will get in argv, as the person types: a workload's arguments, or the whole command line.
  const split: SplitCommandLine =
    kind === 'workload'
      ? args.trim()
        ? splitCommandLine(args)
        : { ok: true, argv: [], shellSyntax: false }
      : throughShell && commandLine.trim()
        ? { ok: true, argv: shellArgv(commandLine), shellSyntax: false }
        : splitCommandLine(commandLine);
  const submit = async (): Promise<void> => {
    if (!split.ok) return setError(t(`spawn.line.problem.${split.problem}`));
    setBusy(true);
    setError(null);
    const [program = '', ...rest] = split.argv;
    const request = {
      ...(kind === 'workload' ? { workload, args: split.argv } : { command: program, args: rest }),
      mode,
      count: queuesWatched ? 1 : count,
      watchQueues: queuesWatched,
      ...(cwd.trim() ? { cwd: cwd.trim() } : {}),
      ...restartRequest(restart),
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
                  {w.name} — {t(`workloads.${w.name}.description`, { defaultValue: w.description })}
                </option>
              ))}
            </select>
            {chosen && (
              <small className="muted">{t('spawn.usage', { usage: t(`workloads.${chosen.name}.usage`, { defaultValue: chosen.usage }) })}</small>
            )}
          </label>
        ) : (
          <>
            <label>
              {t('spawn.line.label')}
              <input
                name="commandLine"
                value={commandLine}
                onChange={(e) => setCommandLine(e.target.value)}
                placeholder="python3 app.py --name 'two words'"
                spellCheck={false}
                autoFocus
              />
            </label>
            <label className="checkbox">
              <input name="throughShell" type="checkbox" checked={throughShell} onChange={(e) => setThroughShell(e.target.checked)} />{' '}
              {t('spawn.line.throughShell')}
              <small className="muted"> — {t('spawn.line.throughShellHint')}</small>
            </label>
          </>
        )}
        {kind === 'workload' && (
          <label>
            {t('spawn.args')}
            <input name="args" value={args} onChange={(e) => setArgs(e.target.value)} placeholder="30" spellCheck={false} />
          </label>
        )}
        <ArgvPreview
          split={split}
          blank={kind === 'workload' ? !args.trim() : !commandLine.trim()}
          // A workload's words follow its runtime and script in argv; a command line's first word is argv[0].
          label={kind === 'workload' ? t('spawn.args') : t('spawn.line.argv')}
          first={kind === 'workload' ? 1 : 0}
        />
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
        <RestartField value={restart} onChange={setRestart} />
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

/** The words the program will get, one per box, so quoting mistakes show before anything starts. */
function ArgvPreview({ split, blank, label, first }: { split: SplitCommandLine; blank: boolean; label: string; first: number }) {
  const { t } = useTranslation();
  if (blank) return null;
  if (!split.ok)
    return (
      <p className="argv-problem" role="status">
        {t(`spawn.line.problem.${split.problem}`)}
      </p>
    );
  return (
    <div className="argv-preview">
      <ol aria-label={label} data-testid="argv-preview">
        {split.argv.map((word, i) => (
          <li key={i}>
            <span className="muted">{i + first}</span> <code>{word}</code>
          </li>
        ))}
      </ol>
      {split.shellSyntax && <p className="hint">{t('spawn.line.shellHint')}</p>}
    </div>
  );
}
