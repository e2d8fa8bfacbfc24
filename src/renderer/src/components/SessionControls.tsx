import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/session';
import type { ForkscopeClient } from '../api/client';
import { uploadRecording } from '../api/upload-recording';

/** Opens a recording file (picked here or dropped anywhere on the window) as a replay. */
export async function openRecordingFile(client: ForkscopeClient, file: File, onProgress?: (fraction: number) => void): Promise<string | null> {
  const uploaded = await uploadRecording(client, file, onProgress);
  if (!uploaded.ok) return uploaded.error.message;
  const opened = await client.call('replay:open', { path: uploaded.value });
  return opened.ok ? null : opened.error.message;
}

/** Record / stop recording, and open a recording to replay. */
export function SessionControls({ client, session }: { client: ForkscopeClient; session: SessionStatus }) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const recording = session.recording;

  const toggleRecording = async (): Promise<void> => {
    setMessage(null);
    const result = recording ? await client.call('recorder:stop', {}) : await client.call('recorder:start', {});
    if (!result.ok) setMessage({ text: result.error.message, error: true });
    else if (recording) setMessage({ text: t('session.saved', { path: result.value.path, records: result.value.records }), error: false });
  };
  const open = async (file: File): Promise<void> => {
    setMessage(null);
    setProgress(0);
    const failure = await openRecordingFile(client, file, setProgress);
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
        <span className={`notice ${message.error ? 'error' : ''}`} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </span>
  );
}
