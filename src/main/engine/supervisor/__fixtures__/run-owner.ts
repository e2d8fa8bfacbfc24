import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appRoot } from '../../../paths';
import type { ChildInfo } from '../../../../shared/supervision';
import type { SpawnRequest } from '../supervisor';

export interface Owner {
  process: ChildProcess;
  pid: number;
  children: ChildInfo[];
  /** Resolves with the exit code or signal once the owner is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const script = fileURLToPath(new URL('./owner.ts', import.meta.url));

/** Starts owner.ts (a separate process with its own Supervisor) and waits for its children's list. */
export async function startOwner(requests: SpawnRequest[], then: 'stay' | 'exit', env: NodeJS.ProcessEnv = {}): Promise<Owner> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ requests, then })], {
    cwd: appRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      const newline = text.indexOf('\n');
      if (newline >= 0) resolve(text.slice(0, newline));
    });
    void exited.then(({ code, signal }) => reject(new Error(`the owner fixture exited (${code ?? signal}) before listing its children`)));
  });
  const { pid, children } = JSON.parse(line) as { pid: number; children: ChildInfo[] };
  return { process: child, pid, children, exited };
}
