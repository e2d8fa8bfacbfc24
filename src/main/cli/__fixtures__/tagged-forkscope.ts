import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { WebSocket } from 'ws';
import { appRoot } from '../../paths';

// The built CLI, as a user runs it (`npm test` builds first). Each Forkscope started here has a tag in its environment,
// so every process it leads to can be found afterwards in /proc, wherever it was re-parented.
const bin = join(appRoot(), 'bin', 'forkscope.js');

export interface Seen {
  pid: number;
  pgid: number;
  cmd: string;
}

/** Every process whose environment carries the tag, with its group and command line. */
export function tagged(tag: string): Seen[] {
  const found: Seen[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`FORKSCOPE_STOP_TAG=${tag}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // dead, waiting for a parent's wait()
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), pgid: Number(fields[2]), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Every live process in any of the groups, tagged or not. */
export function inGroups(pgids: ReadonlySet<number>): Seen[] {
  const found: Seen[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || !pgids.has(Number(fields[2]))) continue;
      found.push({ pid: Number(entry), pgid: Number(fields[2]), cmd: readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ') });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Starts the built `forkscope ARGS` with a fresh tag; afterEach SIGKILLs it and everything tagged, so a failed case leaks nothing. */
export function startForkscope(args: string[]): { tag: string; child: ChildProcess; output: () => string } {
  const tag = randomBytes(6).toString('hex');
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, FORKSCOPE_STOP_TAG: tag }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  started.push({ tag, process: child });
  return { tag, child, output: () => output };
}

const started: Array<{ tag: string; process: ChildProcess }> = [];
afterEach(() => {
  // A failed case must not leave its processes running for the next.
  for (const { tag, process: owner } of started.splice(0)) {
    owner.kill('SIGKILL');
    for (const p of tagged(tag)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
});

export async function call(ws: WebSocket, id: number, command: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  const answer = new Promise<{ ok: boolean; value?: unknown }>((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean; value?: unknown } };
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result!);
      }
    };
    ws.on('message', onMessage);
  });
  ws.send(JSON.stringify({ type: 'call', id, command, request }));
  return answer;
}


/** Starts `forkscope serve --port 0 ARGS` and connects a WebSocket client with its token. */
export async function serveAndConnect(args: string[] = []): Promise<{ tag: string; child: ChildProcess; ws: WebSocket; output: () => string }> {
  const { WebSocket } = await import('ws');
  const { tag, child, output } = startForkscope(['serve', '--port', '0', ...args]);
  const url = new URL(await waitForUrl(output));
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { tag, child, ws, output };
}

async function waitForUrl(output: () => string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const url = /http:\/\/\S+/.exec(output())?.[0];
    if (url) return url;
    if (Date.now() > deadline) throw new Error(`serve printed no URL within 20 s: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sends a signal and waits for the exit. */
export async function stopWith(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
