import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { requirePython } from '../engine/queue-lab/python';

/**
 * Whether Python tests can run. Python is optional for users, so without python3 they are
 * skipped with a printed reason; in CI (CI=true) a missing python3 is a failure instead.
 */
export function pythonOrSkip(): boolean {
  const found = spawnSync('python3', ['--version']).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') throw new Error('python3 is required in CI (CI=true) but was not found on PATH');
  process.stdout.write('Python tests skipped: python3 was not found on PATH\n');
  return false;
}

/** The interpreter itself (sys.executable), as the engine starts it: no version-manager shim and its helper processes. */
export function pythonExecutable(): string {
  return requirePython();
}

/**
 * Every Python 3.8 and newer this machine has: the one the engine resolves, and each version a
 * pyenv here holds (~/.pyenv, or PYENV_ROOT). A minor version not found is skipped with the
 * reason printed.
 */
export function pythonVersions(): { version: string; path: string }[] {
  const found = new Map<string, string>();
  const own = spawnSync(pythonExecutable(), ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  found.set(own.stdout.trim(), pythonExecutable());
  const root = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const installed = existsSync(join(root, 'versions')) ? readdirSync(join(root, 'versions')) : [];
  for (let minor = 8; minor <= 13; minor++) {
    const version = `3.${minor}`;
    const folder = installed
      .filter((name) => name.startsWith(`${version}.`) && !name.includes('t'))
      .sort()
      .at(-1);
    const path = folder ? join(root, 'versions', folder, 'bin', 'python3') : undefined;
    if (!found.has(version) && path && existsSync(path)) found.set(version, path);
    if (!found.has(version))
      process.stdout.write(`Python ${version} tests skipped: not installed (neither the python3 on PATH nor ${root}/versions has it)\n`);
  }
  return [...found].map(([version, path]) => ({ version, path })).sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/** Starts a Python fixture with the interpreter itself and waits for its first line: the pids it printed, space apart. */
export async function startFixtureForPids(file: string): Promise<{ child: ChildProcess; pids: number[] }> {
  const child = spawn(pythonExecutable(), [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, pids: line.toString().trim().split(' ').map(Number) };
}
