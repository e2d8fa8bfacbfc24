import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

const bin = join(appRoot(), 'bin', 'forkscope.js');

/** Runs `forkscope events` for a while, starts a marked command meanwhile, and returns the lines it printed. */
async function eventsWhile(args: string[], command: string[]): Promise<string[]> {
  const events = spawn(process.execPath, [bin, 'events', '--duration', '2500', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  events.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => setTimeout(resolve, 1200));
  spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
  await new Promise((resolve) => events.once('exit', resolve));
  return out.trim().split('\n').filter(Boolean);
}

describe('forkscope events', () => {
  it('prints exec with its argv and exit with the code, as JSON, filtered with the window language', async () => {
    const lines = (await eventsWhile(['--json', '--filter', 'cmd:0.31337'], ['sh', '-c', 'exec sleep 0.31337'])).map(
      (line) => JSON.parse(line) as Record<string, unknown>,
    );
    const exec = lines.find((l) => l.type === 'exec' && l.name === 'sleep');
    expect(exec).toMatchObject({ cmd: 'sleep 0.31337' });
    expect(lines.find((l) => l.type === 'exit' && l.pid === exec!.pid)).toMatchObject({ name: 'sleep', code: 0, signal: null, core: false });
    // Only what matches the filter: nothing about other processes.
    for (const line of lines) expect(line.pid).toBe(exec!.pid);
  });

  it('says when a signal ended a process, in forkstat-like lines', async () => {
    const lines = await eventsWhile(['--filter', 'cmd:3.1337'], ['sh', '-c', 'sleep 3.1337 & p=$!; sleep 0.2; kill $p; wait']);
    expect(lines.some((l) => / exec +\d+ sleep 3\.1337$/.test(l))).toBe(true);
    expect(lines.some((l) => / exit +\d+ \(sleep\) killed by SIGTERM$/.test(l))).toBe(true);
  });

  it('refuses a filter with an unknown key, naming it', async () => {
    const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'events', '--filter', 'colour:red'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('exit', (code) => resolve({ code, err }));
    });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown filter key "colour"/);
  });
});
