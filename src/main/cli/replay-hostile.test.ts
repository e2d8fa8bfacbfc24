import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fifos, hostilePaths, writeGzipBomb } from '../engine/recorder/__fixtures__/hostile-files';
import { appRoot } from '../paths';
import { openCallSocket, startServe } from '../test-support/serve-process';
import { waitFor } from '../test-support/wait-for';

// The built CLI as a user runs it, on files that are not recordings: each ends at once with the reason.
const bin = join(appRoot(), 'bin', 'forkscope.js');
const dir = mkdtempSync(join(tmpdir(), 'forkscope-replay-hostile-'));
const paths = hostilePaths(dir);
const bomb = join(dir, 'bomb.fsrec.gz');
/** Loaded before the CLI: reports the process's peak resident memory (VmHWM) as it exits. */
const peakReporter = join(dir, 'report-peak.cjs');
beforeAll(async () => {
  await writeGzipBomb(bomb);
  writeFileSync(
    peakReporter,
    "process.on('exit', () => { const s = require('fs').readFileSync('/proc/self/status', 'utf8'); process.stderr.write('VmHWM ' + /VmHWM:\\s+(\\d+) kB/.exec(s)[1] + '\\n'); });\n",
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const replay = (file: string, preload: string[] = []) =>
  spawnSync(process.execPath, [...preload, bin, 'replay', file], { encoding: 'utf8', timeout: 30_000 });

describe('forkscope replay on files that are not recordings', () => {
  it('a FIFO, a folder, a symlink loop and /dev/zero: exit 2 with the file and what it is', () => {
    const cases: Array<[string, string]> = [
      [paths.fifo, 'it is a named pipe (FIFO), not a file'],
      [paths.folder, 'it is a folder'],
      [paths.loop, 'it is a symbolic link that loops (or a chain of too many links)'],
      [paths.zero, 'it is a device, not a file'],
    ];
    for (const [file, why] of cases) {
      const result = replay(file);
      expect(result.error, file).toBeUndefined();
      expect({ status: result.status, stderr: result.stderr }, file).toEqual({
        status: 2,
        stderr: `forkscope: cannot open the recording ${file}: ${why}\n`,
      });
    }
  });

  it('a gzip bomb (a header and 500 MB of newlines): exit 2 with the reason, and a peak RSS under 300 MB', () => {
    const result = replay(bomb, ['--require', peakReporter]);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'forkscope: not a Forkscope recording: line 2 is not a valid record: it is empty (a recording has no empty lines), and nothing after its header is readable\n',
    );
    const peakKb = Number(/VmHWM (\d+)/.exec(result.stderr)?.[1]);
    console.log(`peak RSS opening the gzip bomb: ${(peakKb / 1024).toFixed(0)} MB`);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb * 1024).toBeLessThan(300 * 1000 * 1000);
  });
});

describe('forkscope serve and replay:open on FIFOs', () => {
  it('five replay:open on FIFOs at once are refused, and the server keeps answering HTTP and calls', async () => {
    const pipes = fifos(dir, 5);
    const serve = await startServe([]);
    try {
      const { ws, results } = await openCallSocket<{ ok: boolean; error?: { kind: string; message: string } }>(serve.url);
      pipes.forEach((path, id) => ws.send(JSON.stringify({ type: 'call', id, command: 'replay:open', request: { path } })));
      ws.send(JSON.stringify({ type: 'call', id: 99, command: 'app:info', request: {} }));
      await waitFor('every answer', () => results.size === pipes.length + 1, 10_000);
      pipes.forEach((path, id) =>
        expect(results.get(id)).toEqual({
          ok: false,
          error: { kind: 'invalid-request', message: `cannot open the recording ${path}: it is a named pipe (FIFO), not a file` },
        }),
      );
      expect(results.get(99)).toMatchObject({ ok: true });
      const page = await fetch(serve.url);
      expect(page.status).toBe(200);
      ws.close();
    } finally {
      await serve.stop();
    }
  });
});
