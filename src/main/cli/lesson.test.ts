import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latinWordRuns } from '../../shared/chinese-style';
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

  it('says the lesson, what it observed and the outcome in Chinese with --lang zh-CN', () => {
    const result = forkscope(['lesson', 'run', 'orphan', '--engine', 'node', '--lang', 'zh-CN']);
    expect(result.status, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^第 8 课：孤儿进程（node）\n/);
    expect(out).toContain('Forkscope 观察到的（引擎）与程序标记的（程序）：');
    expect(out).toMatch(/\[引擎\]\s+\d+（(?:MainThread|node)）/);
    expect(out).toContain('结果检查：');
    expect(out).toMatch(/✓ \[引擎\] 在 \+\d+\.\d\d 秒，采样器看到它的父进程从 \d+ 变为 \d+/);
    expect(out.trimEnd().endsWith('通过')).toBe(true);
    // The outcome check and the timeline, command lines aside (the timeline's "started …: CMD" lines end in one), read as Chinese.
    const observed = out.split('\n').map((line) => line.replace(/：\S*\/\S+.*$/, ''));
    expect(observed.flatMap((line) => latinWordRuns(line, ['Forkscope', 'MainThread', 'node', 'EOF', 'SIGTERM', 'SIGKILL']))).toEqual([]);
  });
});
