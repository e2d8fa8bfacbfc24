import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../paths';
import { pidNamespaceDepth, probeLifecycle } from './probe';
import { SNAPSHOT_BYTES } from '../../test-support/snapshot-bytes';

const bin = join(appRoot(), 'bin', 'forkscope.js');

describe('the lifecycle probe', () => {
  it('reads the PID namespace depth from NSpid', () => {
    expect(pidNamespaceDepth('Name:\tx\nNSpid:\t4242\n')).toBe(1);
    expect(pidNamespaceDepth('Name:\tx\nNSpid:\t4242\t7\t1\n')).toBe(3);
    expect(pidNamespaceDepth('Name:\tx\n')).toBe(1);
  });

  it('turns events on here, where the probe fork is seen under its own pid, and off when asked', () => {
    const probe = probeLifecycle({ receiveBufferBytes: 65536 });
    probe.source?.close();
    expect(probe.status.mode).toBe('events');
    expect(probeLifecycle({ receiveBufferBytes: 65536, lifecycle: 'sampled' }).status).toMatchObject({
      mode: 'sampled',
      reason: expect.stringContaining('as asked'),
    });
  });

  it('snapshot --json says which mode is on; FORKSCOPE_LIFECYCLE=sampled forces sampling', () => {
    const on = spawnSync(process.execPath, [bin, 'snapshot', '--json'], { encoding: 'utf8', timeout: 20_000, maxBuffer: SNAPSHOT_BYTES });
    expect(JSON.parse(on.stdout).lifecycle).toMatchObject({ mode: 'events' });
    const off = spawnSync(process.execPath, [bin, 'snapshot', '--json'], {
      encoding: 'utf8',
      timeout: 20_000,
      maxBuffer: SNAPSHOT_BYTES,
      env: { ...process.env, FORKSCOPE_LIFECYCLE: 'sampled' },
    });
    expect(JSON.parse(off.stdout).lifecycle).toMatchObject({ mode: 'sampled', reason: expect.stringContaining('FORKSCOPE_LIFECYCLE=sampled') });
  });

  it('refuses kernel events inside a PID namespace (unshare --pid --fork --mount-proc), where they carry the host pids', () => {
    const result = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, bin, 'snapshot', '--json'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.error || (result.status !== 0 && /unshare failed|Operation not permitted/.test(result.stderr))) {
      if (process.env.CI === 'true') throw new Error(`unshare is needed in CI: ${result.error?.message ?? result.stderr}`);
      process.stdout.write(
        `container probe test skipped: unshare cannot make a PID namespace here (${result.error?.message ?? result.stderr.trim()})\n`,
      );
      return;
    }
    expect(result.status).toBe(0);
    // With its own /proc mounted, NSpid shows one level there: the probe fork, whose event names its host pid, is what refuses.
    expect(JSON.parse(result.stdout).lifecycle).toMatchObject({
      mode: 'sampled',
      reason: expect.stringMatching(/PID namespace|no fork event named the probe child/),
    });
  });
});
