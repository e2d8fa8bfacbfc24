import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/session';
import { useActions } from '../state/app-context';

/** Record / stop recording, and open a recording to replay. */
export function SessionControls({ session }: { session: SessionStatus }) {
  const { t } = useTranslation();
  const actions = useActions();
  const picker = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  // Off by default, and each time: output can hold secrets (tokens, passwords a program prints).
  const [keepOutput, setKeepOutput] = useState(false);
  const recording = session.recording;

  const toggleRecording = async (): Promise<void> => {
    setMessage(null);
    const result = recording ? await actions.call('recorder:stop', {}) : await actions.call('recorder:start', { output: keepOutput });
    if (!result.ok) setMessage({ text: result.text, error: true });
    else if (recording) setMessage({ text: t('session.saved', { path: result.value.path, records: result.value.records }), error: false });
  };
  const open = async (file: File): Promise<void> => {
    setMessage(null);
    setProgress(0);
    const failure = await actions.openRecordingFile(file, setProgress);
    setProgress(null);
    if (failure) setMessage({ text: failure, error: true });
  };

  return (
    <span className="session-controls">
      <button
        type="button"
        className={recording ? 'recording' : ''}
        aria-pressed={Boolean(recording)}
        disabled={session.replay !== null}
        title={recording ? recording.path : t('session.recordHint')}
        onClick={() => void toggleRecording()}
      >
        {recording ? t('session.stopRecording', { records: recording.records }) : t('session.record')}
      </button>
      <label className="keep-output" title={t('session.keepOutputHint')}>
        <input
          type="checkbox"
          name="recordOutput"
          checked={recording ? recording.output : keepOutput}
          disabled={recording !== null || session.replay !== null}
          onChange={(e) => setKeepOutput(e.target.checked)}
        />{' '}
        {t('session.keepOutput')}
      </label>
      <button type="button" onClick={() => picker.current?.click()} title={t('session.openHint')}>
        {t('session.open')}
      </button>
      <input
        ref={picker}
        type="file"
        accept=".gz,.fsrec,.ndjson,.jsonl"
        hidden
        data-testid="open-recording"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
      />
      {progress !== null && <span className="muted">{t('session.uploading', { percent: Math.round(progress * 100) })}</span>}
      {message && (
        <span
          className={`notice ${message.error ? 'error' : ''}`}
          role={message.error ? 'alert' : 'status'}
          // The header keeps one line: a long notice is cut short there, and reads whole in its tooltip.
          title={message.text}
          data-testid="session-notice"
        >
          {message.text}
        </span>
      )}
    </span>
  );
}
