import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCpuList, IO_CLASSES, IO_LEVEL_DEFAULT, IO_LEVEL_MAX, parseCpuList, type IoClass } from '../../../shared/scheduling';
import { useActions } from '../state/app-context';

interface Props {
  target: { pid: number; startTime: number };
  onIonice: (ioClass: IoClass, level: number | undefined) => void;
  onAffinity: (cpus: number[]) => void;
  onClose: () => void;
}

const hasLevels = (c: IoClass): boolean => c === 'best-effort' || c === 'realtime';

/** ionice and taskset in the signal menu, filled in with what the process has now (read when the menu opens). */
export function SchedulingForms({ target, onIonice, onAffinity, onClose }: Props) {
  const { t } = useTranslation();
  const actions = useActions();
  const [ioClass, setIoClass] = useState<IoClass>('best-effort');
  const [level, setLevel] = useState(String(IO_LEVEL_DEFAULT));
  const [cpus, setCpus] = useState('');
  const [cpuProblem, setCpuProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void actions.call('sampler:details', target).then((r) => {
      if (cancelled || !r.ok) return;
      const io = r.value.ioPriority;
      if (io && io.class !== 'none') {
        setIoClass(io.class);
        if (io.level !== null) setLevel(String(io.level));
      }
      if (r.value.affinity) setCpus((now) => now || formatCpuList(r.value.affinity!));
    });
    return () => {
      cancelled = true;
    };
    // Read once per menu: the target does not change while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actions, target.pid, target.startTime]);

  return (
    <>
      <form
        className="menu-renice menu-ionice"
        onSubmit={(e) => {
          e.preventDefault();
          onIonice(ioClass, hasLevels(ioClass) ? Number(level) : undefined);
          onClose();
        }}
      >
        <label>
          {t('scheduling.ioClass')}{' '}
          <select name="ioClass" value={ioClass} onChange={(e) => setIoClass(e.target.value as IoClass)}>
            {IO_CLASSES.map((c) => (
              <option key={c} value={c}>
                {t(`scheduling.classes.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {hasLevels(ioClass) && (
          <input
            type="number"
            name="ioLevel"
            aria-label={t('scheduling.ioLevel')}
            title={t('scheduling.ioLevelHint')}
            min={0}
            max={IO_LEVEL_MAX}
            step={1}
            value={level}
            onChange={(e) => setLevel(e.target.value)}
          />
        )}
        <button type="submit">{t('scheduling.ionice')}</button>
      </form>
      <form
        className="menu-renice menu-affinity"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = parseCpuList(cpus);
          if (!parsed.ok) return setCpuProblem(t('scheduling.badCpuList'));
          onAffinity(parsed.cpus);
          onClose();
        }}
      >
        <label>
          {t('scheduling.cpus')}{' '}
          <input
            type="text"
            name="cpus"
            placeholder={t('scheduling.cpusPlaceholder')}
            value={cpus}
            aria-invalid={cpuProblem !== null}
            onChange={(e) => {
              setCpus(e.target.value);
              setCpuProblem(null);
            }}
          />
        </label>
        <button type="submit">{t('scheduling.setCpus')}</button>
      </form>
      {cpuProblem && (
        <div className="menu-problem" role="alert">
          {cpuProblem}
        </div>
      )}
    </>
  );
}
