import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readProcess } from '../sampler';
import { runExperiment } from './experiment';
import { prepareSocketDir, queueSocketDir } from './socket-dir';

const posix = process.platform !== 'win32';
if (!posix) console.log('queue socket folder tests skipped: its 0700 mode and the checks of its owner are POSIX notions; this is', process.platform);
const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});
const scratch = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'forkscope-socket-dir-test-'));
  made.push(folder);
  return folder;
};
const mode = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(!posix)('the queue socket folder', () => {
  it('is private (0700), and at start-up the folders of Forkscopes no longer running are removed, live ones kept', () => {
    const base = join(scratch(), 'forkscope-test-uid');
    mkdirSync(base, { mode: 0o755 });
    // A dead Forkscope's folder: this pid with a start time it never had (the pid was reused, or it is gone).
    const stale = join(base, `q-${process.pid}-1`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'left-by-a-sigkill.sock'), '');
    const parent = readProcess(process.ppid)!;
    const live = join(base, `q-${parent.pid}-${parent.startTime}`);
    mkdirSync(live);

    const own = prepareSocketDir(base);
    expect(dirname(own)).toBe(base);
    expect(own).toBe(join(base, `q-${process.pid}-${readProcess(process.pid)!.startTime}`));
    expect(mode(base)).toBe(0o700);
    expect(mode(own)).toBe(0o700);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('is never a folder it does not own outright: a symlink planted in its place is not followed', () => {
    const root = scratch();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(root, 'forkscope-test-uid'));
    const own = prepareSocketDir(join(root, 'forkscope-test-uid'));
    made.push(own);
    expect(own.startsWith(elsewhere)).toBe(false);
    expect(mode(own)).toBe(0o700);
  });

  it('holds a running experiment’s socket, which is gone when the experiment ends', async () => {
    let socketPath = '';
    await runExperiment({ producers: 1, consumers: 1, messages: 200 }, undefined, ({ root }) => {
      const environ = readFileSync(`/proc/${root}/environ`, 'utf8').split('\0');
      socketPath = (JSON.parse(environ.find((e) => e.startsWith('FORKSCOPE_QUEUE='))!.slice('FORKSCOPE_QUEUE='.length)) as { socketPath: string })
        .socketPath;
    });
    expect(dirname(socketPath)).toBe(queueSocketDir());
    expect(mode(queueSocketDir())).toBe(0o700);
    expect(existsSync(socketPath)).toBe(false);
  });
});
