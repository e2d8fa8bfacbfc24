import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SupervisorEvent } from '../../../shared/events';
import { appRoot } from '../../paths';
import { adoptionInactiveReason } from './adoption';

const owner = fileURLToPath(new URL('./__fixtures__/reaper-owner.ts', import.meta.url));

describe('Adoption (in a process that made itself a child subreaper, as the entry points do)', () => {
  it('reaps exactly the orphans, with their statuses, and leaves every status Node waits for to Node', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', owner], { cwd: appRoot(), encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
      error?: string;
      pid: number;
      exits: Array<{ pid: number; code: number | null; timedOut: boolean }>;
      sync: [number | null, string];
      adoptions: SupervisorEvent[];
    };
    if (report.error) {
      // Only where prctl or the FFI is missing (not Linux): say so.
      process.stdout.write(`adoption test did not run: ${report.error}\n`);
      expect(process.platform).not.toBe('linux');
      return;
    }
    // Node got every child's own status: the reaper never took one.
    expect(report.exits.map((e) => e.code)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(report.sync).toEqual([3, 'ok']);
    const childPids = new Set(report.exits.map((e) => e.pid));
    const adopted = report.adoptions.filter((e) => e.type === 'adopted');
    expect(adopted).toHaveLength(8);
    for (const event of adopted as Array<Extract<SupervisorEvent, { type: 'adopted' }>>) {
      expect(childPids.has(event.pid)).toBe(false);
      expect(event.ppid).toBe(report.pid);
      // The parent it lost is named when a sample showed it before (a loaded machine may sample too late: null).
      if (event.formerParent) expect(childPids.has(event.formerParent.pid)).toBe(true);
    }
    const codes = report.adoptions.flatMap((e) => (e.type === 'exited' ? [e.code] : [])).sort((a, b) => a! - b!);
    expect(codes).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
    expect(report.adoptions.filter((e) => e.type === 'reaped')).toHaveLength(8);
  });

  it('is off in a process that is not a subreaper (a test, an Engine built in a test)', () => {
    expect(adoptionInactiveReason()).toMatch(/not a child subreaper|FFI/);
  });
});
