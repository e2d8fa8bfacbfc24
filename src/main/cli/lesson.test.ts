import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

const bin = join(appRoot(), 'bin', 'forkscope.js');
const forkscope = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, FORKSCOPE_TIME_SCALE: '0.2' } });

describe('forkscope lesson', () => {
  it('lists the fifteen lessons, one per line, with the engines each has', () => {
    const result = forkscope(['lesson', 'list']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(15);
    expect(lines[6]).toMatch(/^\s*7\s+zombie\s+Zombies\s+\(python only\)$/);
    expect(lines[11]).toMatch(/^\s*12\s+pipe\s+.*\(python, node\)$/);
  });

  it('names the lessons there are when asked for one that is not', () => {
    const result = forkscope(['lesson', 'run', 'no-such-lesson']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no lesson named "no-such-lesson"; the lessons are separate, start-order/);
    const node = forkscope(['lesson', 'run', 'zombie', '--engine', 'node']);
    expect(node.status).toBe(2);
    expect(node.stderr).toMatch(/Python only/);
  });

  it('runs a lesson headless and prints the observations and the outcome as JSON', () => {
    const result = forkscope(['lesson', 'run', 'orphan', '--engine', 'node', '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { lesson: string; engine: string; passed: boolean; observations: Array<{ text: string }> };
    expect(report).toMatchObject({ lesson: 'orphan', engine: 'node', passed: true });
    expect(report.observations.some((o) => /orphan|re-parented/.test(o.text))).toBe(true);
  });
});
