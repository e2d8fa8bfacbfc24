import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotSchema } from '../../shared/model';
import { appRoot, appVersion } from '../paths';
import { pythonOrSkip } from '../test-support/python';

// These run the built CLI exactly as a user does (`npm test` builds first).
const bin = join(appRoot(), 'bin', 'forkscope.js');

function forkscope(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('forkscope CLI', () => {
  it('prints its version and help', () => {
    expect(forkscope(['--version']).stdout.trim()).toBe(appVersion());
    const help = forkscope(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/snapshot/);
  });

  it('refuses an unknown command or flag with one line, a hint and exit code 2', () => {
    for (const args of [['explode'], ['--bogus'], ['serve', '--port', 'many'], ['serve', '--port', '70000']]) {
      const result = forkscope(args);
      expect(result.status, args.join(' ')).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^forkscope: /);
      expect(lines[1]).toMatch(/forkscope --help/);
    }
  });

  it('refuses --host 0.0.0.0 without an explicit token', () => {
    const result = forkscope(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--token/);
  });

  it('says "port N is in use" and exits 2 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = forkscope(['serve', '--port', String(port)]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });

  it('snapshot --json prints one object listing itself with the right parent', async () => {
    const child = spawn(process.execPath, [bin, 'snapshot', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const snapshot = SnapshotSchema.parse(JSON.parse(out));
    const self = snapshot.processes.find((p) => p.pid === child.pid);
    expect(self).toBeDefined();
    expect(self!.ppid).toBe(process.pid);
    expect(snapshot.platform).toBe(process.platform);
    // Every platform reads natively here (/proc, NtQuerySystemInformation, sysctl); the fallback would say why.
    expect({ reader: snapshot.reader, reason: snapshot.readerReason }).toEqual({ reader: 'native', reason: null });
    expect(Math.abs(snapshot.takenAt - Date.now())).toBeLessThan(60_000);
  });

  it('without an Electron binary, `forkscope` alone says so and points to serve', () => {
    const result = spawnSync(process.execPath, [bin], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(appRoot(), 'no-such-electron-dist') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/desktop app/);
    expect(result.stderr).toMatch(/forkscope serve/);
  });
});

describe('forkscope queue', () => {
  it('runs an experiment and prints one JSON result', () => {
    const result = forkscope([
      'queue',
      '--engine',
      'node',
      '--producers',
      '3',
      '--consumers',
      '2',
      '--capacity',
      '50',
      '--messages',
      '5000',
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      engine: 'node',
      messages: 5000,
      exactlyOnce: true,
      throughput: expect.any(Number),
      p50LatencyMs: expect.any(Number),
      p99LatencyMs: expect.any(Number),
    });
  });

  it('refuses a capacity of 0 before starting anything', () => {
    const result = forkscope(['queue', '--capacity', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--capacity must be a whole number of at least 1/);
  });

  it('runs for --duration seconds instead of a number of messages, and refuses both at once', () => {
    const timed = forkscope(['queue', '--duration', '0.5', '--capacity', '20', '--json']);
    expect(timed.status).toBe(0);
    expect(JSON.parse(timed.stdout)).toMatchObject({ engine: 'node', exactlyOnce: true, messages: expect.any(Number) });
    const both = forkscope(['queue', '--duration', '1', '--messages', '10']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--duration <seconds>' cannot be used with option '--messages/);
  });
});

describe('forkscope queue --engine python', () => {
  it.skipIf(!pythonOrSkip())('runs the same experiment on multiprocessing.Queue', () => {
    const result = forkscope([
      'queue',
      '--engine',
      'python',
      '--producers',
      '2',
      '--consumers',
      '2',
      '--capacity',
      '20',
      '--messages',
      '1000',
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ engine: 'python', messages: 1000, exactlyOnce: true });
  });
});
