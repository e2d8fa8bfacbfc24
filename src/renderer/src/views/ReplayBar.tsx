import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatOffset } from '../../../shared/recording';
import { JUMP_TYPES, REPLAY_SPEEDS, type ReplayMarker, type ReplayStatus } from '../../../shared/session';
import { fetchExport } from '../api/fetch-export';
import { download } from '../components/download';
import { ErrorNotice } from '../components/ErrorNotice';
import type { Outcome } from '../state/actions';
import { useActions } from '../state/app-context';

/** At most this many ticks on the timeline; zombies and orphans always show. */
const MAX_TICKS = 1500;

function ticksOf(markers: ReplayMarker[]): ReplayMarker[] {
  const rare = markers.filter((m) => m.kind === 'zombie' || m.kind === 'orphan');
  const common = markers.filter((m) => m.kind === 'spawn' || m.kind === 'exit');
  const step = Math.max(1, Math.ceil(common.length / Math.max(1, MAX_TICKS - rare.length)));
  return [...common.filter((_, i) => i % step === 0), ...rare];
}

/** The replay's timeline: play, speed, scrub, jump between events of a type, export, back to live. */
export function ReplayBar({ replay }: { replay: ReplayStatus }) {
  const { t } = useTranslation();
  const actions = useActions();
  const [markers, setMarkers] = useState<ReplayMarker[]>([]);
  const [jumpType, setJumpType] = useState<(typeof JUMP_TYPES)[number]>('became-zombie');
  const [message, setMessage] = useState<string | null>(null);
  const [scrub, setScrub] = useState<number | null>(null);

  useEffect(() => {
    void actions.call('replay:markers', {}).then((r) => r.ok && setMarkers(r.value));
  }, [actions, replay.path, replay.startedAt]);
  const ticks = useMemo(() => ticksOf(markers), [markers]);

  const call = async (run: () => Promise<Outcome<unknown>>): Promise<void> => {
    setMessage(null);
    const result = await run();
    if (!result.ok) setMessage(result.text);
  };
  const jump = (direction: 'next' | 'previous') =>
    void actions
      .call('replay:jump', { type: jumpType, direction })
      .then((r) => setMessage(r.ok ? (r.value.found ? null : t('replay.noMore', { type: t(`replay.type.${jumpType}`) })) : r.text));
  const exportAs = (format: 'perfetto' | 'csv' | 'summary') =>
    void fetchExport(actions.call, format).then((r) => (r.ok ? download(r.value.fileName, r.value.mimeType, r.value.parts) : setMessage(r.text)));
  const duration = Math.max(1, replay.durationMs);
  const position = scrub ?? replay.positionMs;
  const name = replay.path.split(/[\\/]/).pop();

  return (
    <section className="replay-bar" aria-label={t('replay.label')}>
      <div className="replay-title">
        <span className="badge replay">{t('replay.badge')}</span>
        <strong title={replay.path}>{name}</strong>
        <span className="muted">
          {t('replay.from', { host: replay.host, platform: replay.platform, date: new Date(replay.startedAt).toLocaleString() })}
        </span>
        {replay.notice && (
          <span className="notice warning" role="status">
            {replay.notice}
          </span>
        )}
        <button type="button" onClick={() => void call(() => actions.call('replay:close', {}))}>
          {t('replay.backToLive')}
        </button>
      </div>
      <div className="replay-controls">
        <button
          type="button"
          className="primary"
          aria-label={replay.playing ? t('replay.pause') : t('replay.play')}
          onClick={() => void call(() => (replay.playing ? actions.call('replay:pause', {}) : actions.call('replay:play', {})))}
        >
          {replay.playing ? '❚❚' : '▶'}
        </button>
        <select
          aria-label={t('replay.speed')}
          value={replay.speed}
          onChange={(e) => void call(() => actions.call('replay:play', { speed: Number(e.target.value) }))}
        >
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <div className="timeline">
          <input
            type="range"
            aria-label={t('replay.position')}
            min={0}
            max={duration}
            step={100}
            value={position}
            onChange={(e) => setScrub(Number(e.target.value))}
            onPointerUp={() => scrub !== null && void call(() => actions.call('replay:seek', { ms: scrub })).then(() => setScrub(null))}
            onKeyUp={() => scrub !== null && void call(() => actions.call('replay:seek', { ms: scrub })).then(() => setScrub(null))}
          />
          <div className="ticks" aria-hidden="true">
            {ticks.map((m, i) => (
              <span
                key={i}
                className={`tick ${m.kind}`}
                style={{ left: `${(100 * m.dt) / duration}%` }}
                title={`${formatOffset(m.dt)} ${t(`replay.marker.${m.kind}`)} ${m.name} ${m.pid}`}
              />
            ))}
          </div>
        </div>
        <span className="offset num" data-testid="replay-position">
          {formatOffset(position)} / {formatOffset(replay.durationMs)}
        </span>
        <select aria-label={t('replay.jumpType')} value={jumpType} onChange={(e) => setJumpType(e.target.value as (typeof JUMP_TYPES)[number])}>
          {JUMP_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`replay.type.${type}`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => jump('previous')}>
          {t('replay.previous')}
        </button>
        <button type="button" onClick={() => jump('next')}>
          {t('replay.next')}
        </button>
        <span className="group">
          <button type="button" onClick={() => exportAs('perfetto')}>
            Perfetto
          </button>
          <button type="button" onClick={() => exportAs('csv')}>
            CSV
          </button>
          <button type="button" onClick={() => exportAs('summary')}>
            {t('replay.summary')}
          </button>
        </span>
      </div>
      <ErrorNotice message={message} />
    </section>
  );
}
