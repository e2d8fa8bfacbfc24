import { useTranslation } from 'react-i18next';
import { RESTART_BACKOFF_DEFAULTS, type RestartPolicy, type RestartWhen } from '../../../shared/supervision';

const WHEN: readonly RestartWhen[] = ['never', 'on-failure', 'always'];

/** The spawn dialog's restart choice, as a person sets it: when, and how many restarts a window allows. */
export interface RestartChoice {
  when: RestartWhen;
  maxRestarts: number;
  windowSeconds: number;
}
export const NO_RESTART: RestartChoice = { when: 'never', maxRestarts: 5, windowSeconds: 60 };

/** The request's `restart` field for a choice (the back-off keeps its defaults; the engine checks the bounds), or nothing for "never". */
export function restartRequest(choice: RestartChoice): { restart?: RestartPolicy } {
  if (choice.when === 'never') return {};
  return {
    restart: { ...RESTART_BACKOFF_DEFAULTS, when: choice.when, maxRestarts: choice.maxRestarts, windowMs: Math.round(choice.windowSeconds * 1000) },
  };
}

interface Props {
  value: RestartChoice;
  onChange: (value: RestartChoice) => void;
}

/** Never, on failure or always, as pm2 and supervisord offer, with the limit of restarts in a window. */
export function RestartField({ value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="restart-policy">
      <legend>{t('restart.label')}</legend>
      <select
        name="restart"
        aria-label={t('restart.label')}
        value={value.when}
        onChange={(e) => onChange({ ...value, when: e.target.value as RestartWhen })}
      >
        {WHEN.map((when) => (
          <option key={when} value={when}>
            {t(`restart.when.${when}`)}
          </option>
        ))}
      </select>
      {value.when !== 'never' && (
        <>
          <label>
            {t('restart.maxRestarts')}
            <input
              name="maxRestarts"
              type="number"
              min={1}
              max={100}
              value={value.maxRestarts}
              onChange={(e) => onChange({ ...value, maxRestarts: Number(e.target.value) })}
            />
          </label>
          <label>
            {t('restart.window')}
            <input
              name="restartWindow"
              type="number"
              min={1}
              max={3600}
              value={value.windowSeconds}
              onChange={(e) => onChange({ ...value, windowSeconds: Number(e.target.value) })}
            />
          </label>
          <small className="muted">{t('restart.hint')}</small>
        </>
      )}
    </fieldset>
  );
}
