import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { killLeftovers, type Identity } from './__fixtures__/alive';
import { Supervisor } from './supervisor';

const started: Identity[] = [];
const folders: string[] = [];
let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.dispose(200);
  supervisor = undefined;
  killLeftovers(started);
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function withLogDir(): { logDir: string; supervisor: Supervisor } {
  const logDir = mkdtempSync(join(tmpdir(), 'forkscope-logs-test-'));
  folders.push(logDir);
  supervisor = new Supervisor({ logDir });
  return { logDir, supervisor };
}

describe('detached log files', () => {
  it('are named by pid and start time only, and hold the output', async () => {
    const { logDir, supervisor } = withLogDir();
    const [child] = await supervisor.spawn({ mode: 'detached', command: 'sh', args: ['-c', 'echo said by $$; exec sleep 30'] });
    started.push(child!);
    expect(basename(child!.logFile!)).toBe(`${child!.pid}-${child!.startTime}.log`);
    expect(readdirSync(logDir)).toEqual([`${child!.pid}-${child!.startTime}.log`]);
    await waitFor('the output in the log', () => readFileSync(child!.logFile!, 'utf8').includes(`said by ${child!.pid}`));
  });

  it('are not left behind by a detached spawn that fails, whatever the command was called', async () => {
    const { logDir, supervisor } = withLogDir();
    await expect(supervisor.spawn({ mode: 'detached', command: 'no-such-forkscope-command-..-x' })).rejects.toMatchObject({
      kind: 'invalid-request',
    });
    expect(readdirSync(logDir)).toEqual([]);
  });
});
