import type { TFunction } from 'i18next';
import type { Burst } from '../../../shared/analysis/bursts';
import type { EngineEvent } from '../../../shared/events';

/** One line of the event log: which process it is about, and what happened, in the person's language. */
export interface LogLine {
  pid: number;
  startTime: number;
  name: string;
  text: string;
}

/** An event type's name for a person (never the internal `became-zombie`). */
export function eventTypeLabel(t: TFunction, type: string): string {
  return t(`events.type.${type}`, { defaultValue: type });
}

function codeOrSignal(t: TFunction, code: number | null, signal: string | null): string {
  return signal ?? t('log.text.code', { code });
}

/** How a run ended, as a restart's reason: "exited with code 2", "killed by SIGKILL". */
function exitText(t: TFunction, exit: { code: number | null; signal: string | null }): string {
  return exit.signal ? t('log.text.killedBy', { signal: exit.signal }) : t('log.text.exitedCode', { code: exit.code });
}

/** Why a restart policy ended, in the person's language; a recording from before the structured fields says its message. */
function restartEndedText(t: TFunction, event: Extract<EngineEvent, { type: 'restart-ended' }>): string {
  switch (event.reason) {
    case 'limit':
      if (!event.exit || !event.limit) return event.message;
      return t('log.text.restartEnded.limit', {
        exit: exitText(t, event.exit),
        max: event.limit.maxRestarts,
        seconds: event.limit.windowMs / 1000,
        windowMs: event.limit.windowMs,
      });
    case 'user':
      return event.signal ? t('log.text.restartEnded.user', { signal: event.signal }) : event.message;
    case 'shutdown':
      return t('log.text.restartEnded.shutdown');
    case 'failed':
      return event.error !== undefined ? t('log.text.restartEnded.failed', { error: event.error }) : event.message;
  }
}

/** The line for an event the log shows, or null for one it does not. */
export function describeLogEvent(t: TFunction, event: EngineEvent): LogLine | null {
  switch (event.type) {
    case 'started':
      return {
        pid: event.process.pid,
        startTime: event.process.startTime,
        name: event.process.name,
        text: t('log.text.ppid', { ppid: event.process.ppid }),
      };
    case 'spawned': {
      const mode = t(`spawn.mode.${event.mode}`, { defaultValue: event.mode });
      return { ...event, text: t('log.text.spawned', { mode, command: [event.command, ...event.args].join(' ') }) };
    }
    case 'exited':
      return { ...event, text: codeOrSignal(t, event.code, event.signal) };
    case 'exec':
      return { ...event, text: t('log.text.change', { from: event.formerName, to: event.name }) };
    case 'exit': {
      const killed = event.signal ? t('log.text.killedBy', { signal: event.signal }) : null;
      const how = killed ? (event.core ? t('log.text.coreDumped', { text: killed }) : killed) : t('log.text.code', { code: event.code });
      return { ...event, text: event.runMs === null ? how : t('log.text.after', { text: how, ms: event.runMs }) };
    }
    case 'reparented':
      return { ...event, text: t('log.text.change', { from: event.from, to: event.to }) };
    case 'state-changed':
      return { ...event, text: t('log.text.change', { from: t(`state.${event.from}`), to: t(`state.${event.to}`) }) };
    case 'orphaned':
      return { ...event, text: t('log.text.wasChildOf', { name: event.formerParent.name, pid: event.formerParent.pid }) };
    case 'adopted':
      return {
        ...event,
        text: event.formerParent
          ? t('log.text.adopted', { pid: event.formerParent.pid, name: event.formerParent.name })
          : t('log.text.adoptedUnseen'),
      };
    case 'became-zombie':
    case 'zombie-reaped':
      return { ...event, text: t('log.text.parent', { ppid: event.ppid }) };
    case 'signaled':
      return {
        ...event,
        text: t('log.text.signaled', { signal: event.signal, outcome: t(`log.outcome.${event.outcome}`, { defaultValue: event.outcome }) }),
      };
    case 'joined':
      return { ...event, text: event.timedOut ? t('log.text.timedOut') : codeOrSignal(t, event.code, event.signal) };
    case 'restart-scheduled':
      return {
        ...event,
        text: t('log.text.restartScheduled', {
          reason: event.exit ? exitText(t, event.exit) : event.reason,
          attempt: event.attempt,
          ms: event.delayMs,
        }),
      };
    case 'restarted':
      return { ...event, text: t('log.text.restarted', { count: event.restarts, pid: event.previous.pid }) };
    case 'restart-ended':
      return { ...event, text: restartEndedText(t, event) };
    case 'ended':
    case 'reaped':
      return { ...event, text: '' };
    default:
      return null;
  }
}

/** "make started 412 processes in 3 s; 3 exited non-zero", in the person's language. */
export function describeBurstLine(t: TFunction, burst: Burst): string {
  const seconds = Math.max(1, Math.round((burst.lastT - burst.firstT) / 1000));
  const text = t('log.text.burst', { name: burst.parentName, count: burst.started, seconds });
  return burst.nonZero > 0 ? t('log.text.burstNonZero', { text, count: burst.nonZero }) : text;
}
