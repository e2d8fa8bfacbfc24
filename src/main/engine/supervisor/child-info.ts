import type { SpawnMode } from '../../../shared/events';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  runMs: number;
  /** Epoch ms when Forkscope reaped it (Node reaps a child as it reports the exit). */
  reapedAt: number;
}

/** One child Forkscope started, as the UI lists it; `exit` stays null while it runs. */
export interface ChildInfo {
  pid: number;
  startTime: number;
  name: string;
  mode: SpawnMode;
  command: string;
  args: string[];
  startedAt: number;
  logFile: string | null;
  exit: ExitInfo | null;
}

export type JoinResult = ({ timedOut: false } & ExitInfo & { pid: number }) | { timedOut: true; pid: number; runningMs: number };
