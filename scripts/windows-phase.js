// The Windows phase of `npm test`: Forkscope's Windows code run for real — under Wine on Linux, directly on Windows.
// Each check counts as one test in the closing line. Where Wine differs from Windows the check says so (see also
// docs/platform-notes.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareWindows } from './windows-prepare.js';
import { runUnderWine, startUnderWine, stopWine, wineProblem, defaultPrefix } from './wine-node.js';

const root = join(import.meta.dirname, '..');

/** Runs `bin/forkscope.js ARGS` as a Windows program: under Wine on Linux, with this Node on Windows. */
function forkscope(args, { env, wine }) {
  const cli = join(root, 'bin', 'forkscope.js');
  if (wine) return runUnderWine([cli, ...args], { env, cwd: root, timeoutMs: 60_000, prefix: wine.prefix });
  const result = spawnSync(process.execPath, [cli, ...args], { env, cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut: result.error?.code === 'ETIMEDOUT' };
}

function snapshotOf(result) {
  if (result.timedOut) throw new Error('forkscope snapshot --json did not finish within 60 s');
  if (result.status !== 0) throw new Error(`forkscope snapshot --json exited ${result.status}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout);
}

/**
 * Runs the checks and returns their counts. `log` prints one line per check. Outside CI a missing Wine skips the
 * phase with the reason; in CI (CI=true) it is a failure.
 */
export function runWindowsPhase({ env, log }) {
  const counts = { passed: 0, failed: 0, skipped: 0, problems: [] };
  const onWindows = process.platform === 'win32';
  if (process.platform === 'darwin') {
    log('skipped: the Windows phase runs on Windows, or under Wine on Linux; this is macOS');
    counts.skipped++;
    return counts;
  }
  let wine = null;
  if (!onWindows) {
    try {
      prepareWindows({ log });
    } catch (error) {
      log(`windows:prepare failed: ${error.message}`);
    }
    const problem = wineProblem();
    if (problem) {
      log(`${process.env.CI === 'true' ? 'FAILED' : 'skipped'}: ${problem}`);
      if (process.env.CI === 'true') {
        counts.failed++;
        counts.problems.push(`windows phase: ${problem}`);
      } else counts.skipped++;
      return counts;
    }
    // A prefix of the test run's own, so stopping its wineserver touches nothing else.
    wine = { prefix: join(defaultPrefix(), '..', 'prefix-test') };
  }
  const check = (name, fn) => {
    try {
      const note = fn();
      counts.passed++;
      log(`ok   ${name}${note ? ` (${note})` : ''}`);
    } catch (error) {
      counts.failed++;
      counts.problems.push(`windows: ${name}: ${error.message}`);
      log(`FAIL ${name}: ${error.message}`);
    }
  };
  const expect = (condition, message) => {
    if (!condition) throw new Error(message);
  };

  // Wine: its services and desktop (explorer.exe) start with the first program and end a few seconds after the last;
  // a program kept running meanwhile keeps them up, so every check sees the same small table.
  if (wine) {
    // A new prefix is set up by the first program (tens of seconds): once, alone, before anything runs beside it.
    const warm = runUnderWine(['-e', ''], { env, cwd: root, timeoutMs: 180_000, prefix: wine.prefix });
    if (warm.status !== 0) log(`Wine's first run exited ${warm.status}${warm.timedOut ? ' (timed out)' : ''}: ${warm.stderr.trim()}`);
  }
  // It asks user32 for the desktop window, which is what makes Wine start explorer.exe /desktop.
  const desktop = `require(${JSON.stringify(join(root, 'node_modules', 'koffi'))}).load('user32.dll').func('void * GetDesktopWindow()')()`;
  const keepAlive = wine ? startUnderWine(['-e', `${desktop}; setTimeout(() => {}, 240000)`], { env, prefix: wine.prefix }) : null;
  try {
    let snapshot;
    check('forkscope snapshot --json runs as a Windows program', () => {
      // Wine starts explorer.exe a moment after its first program: read again (at most 5 times) until it is there.
      for (let attempt = 1; ; attempt++) {
        snapshot = snapshotOf(forkscope(['snapshot', '--json'], { env, wine }));
        if (!wine || attempt === 5 || snapshot.processes.some((p) => p.name.toLowerCase() === 'explorer.exe')) break;
      }
      expect(snapshot.platform === 'win32', `platform is ${snapshot.platform}, not win32`);
      return `${snapshot.processes.length} processes`;
    });
    if (!snapshot) return counts;
    const byName = (name) => snapshot.processes.filter((p) => p.name.toLowerCase() === name);
    const withFigures = (name) => {
      const [p] = byName(name);
      expect(p, `no ${name} in the table (${snapshot.processes.map((q) => q.name).join(', ')})`);
      expect(p.rssBytes > 0, `${name} has no working set (${p.rssBytes})`);
      expect(p.threads > 0, `${name} has no thread count (${p.threads})`);
      expect(Number.isInteger(p.ppid), `${name} has no parent pid`);
      expect(p.startTime > Date.UTC(2000, 0, 1) && p.startTime === p.startedAt, `${name} start time ${p.startTime} is not epoch ms`);
      return p;
    };
    check('the native reader read it (reader "native")', () => {
      expect(snapshot.reader === 'native', `reader is ${snapshot.reader}: ${snapshot.readerReason}`);
      return snapshot.readerSource;
    });
    check('services.exe is listed with memory, threads and its parent', () => {
      const p = withFigures('services.exe');
      const parent = snapshot.processes.find((q) => q.pid === p.ppid);
      // Wine: services.exe's parent (wineboot) has exited, so it is not in the table; on Windows it is wininit.exe.
      if (wine) return `ppid ${p.ppid}, ${parent ? parent.name : 'not in the table, as under Wine'}; ${p.threads} threads, ${p.rssBytes} B`;
      expect(parent, `the parent ${p.ppid} of services.exe is not in the table`);
      return `parent ${parent.name}; ${p.threads} threads, ${p.rssBytes} B`;
    });
    if (wine) {
      check('explorer.exe is listed with memory and threads', () => {
        const p = withFigures('explorer.exe');
        return `${p.threads} threads, ${p.rssBytes} B, ${p.handles} handles`;
      });
    }
    check('Forkscope lists itself with its command line, owner and private bytes', () => {
      const self = snapshot.processes.find((p) => /forkscope\.js"? snapshot --json/.test(p.cmd));
      expect(
        self,
        `no process with the command line "… forkscope.js snapshot --json" (node.exe rows: ${JSON.stringify(byName('node.exe').map((p) => p.cmd))})`,
      );
      expect(self.name.toLowerCase() === 'node.exe', `it is named ${self.name}`);
      expect(typeof self.user === 'string' && self.user.includes('\\'), `its owner is ${self.user}, not DOMAIN\\user`);
      expect(self.privateBytes > 0 && self.handles > 0, `private bytes ${self.privateBytes}, handles ${self.handles}`);
      return `${self.user}, ${self.cmd}`;
    });
    check('with the FFI off, the fallback reader is used or its failure is an error, never an empty table', () => {
      const result = forkscope(['snapshot', '--json'], { env: { ...env, FORKSCOPE_NO_FFI: '1' }, wine });
      if (wine) {
        // Wine's powershell.exe is a stub that prints nothing and exits 0; on Windows the CIM reader works.
        expect(result.status !== 0, `it exited 0 with ${result.stdout.slice(0, 200)}`);
        expect(/PowerShell printed no processes/.test(result.stderr), `stderr does not name the problem: ${result.stderr.trim()}`);
        return 'Wine: PowerShell is a stub, the error names it';
      }
      const fallback = snapshotOf(result);
      expect(
        fallback.reader === 'fallback' && /FORKSCOPE_NO_FFI/.test(fallback.readerReason ?? ''),
        `reader ${fallback.reader}: ${fallback.readerReason}`,
      );
      expect(
        fallback.processes.some((p) => p.name.toLowerCase() === 'services.exe'),
        'the fallback table has no services.exe',
      );
      return fallback.readerReason;
    });
    check('forkscope run starts a Windows child through the supervisor and reports its exit code', () => {
      const result = forkscope(['run', '--json', '--', 'cmd.exe', '/c', 'exit', '3'], { env, wine });
      const events = result.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      const spawned = events.find((e) => e.type === 'spawned');
      expect(spawned?.name?.toLowerCase() === 'cmd.exe', `no spawned event for cmd.exe: ${result.stderr.slice(0, 400)}`);
      const exited = events.find((e) => e.type === 'exited' && e.pid === spawned.pid);
      expect(exited?.code === 3, `its exit: ${JSON.stringify(exited)}`);
      expect(result.status === 3, `forkscope run exited ${result.status}, not the child's 3`);
      const summary = events.find((e) => e.type === 'summary');
      return `pid ${spawned.pid}, code ${exited.code}, ${summary?.processes} process(es) in its subtree`;
    });
    check("the sampler's worker thread reads the table (the FFI loads in a worker thread), with htop's columns when shown", () => {
      const script = join(root, 'out', 'windows-checks', 'sampler-worker-check.mjs');
      mkdirSync(join(script, '..'), { recursive: true });
      const worker = JSON.stringify(join(root, 'out', 'main', 'sampler-worker.js'));
      writeFileSync(
        script,
        `import { Worker } from 'node:worker_threads';
const demand = { columns: ['priority', 'nice', 'virt', 'io'], rows: 'all' };
const w = new Worker(${worker}, { workerData: { intervalMs: 500, keyframeEvery: 1, reaperPids: [], demand } });
w.on('message', (m) => {
  const keyframe = m.type === 'tick' && m.events.find((e) => e.type === 'keyframe');
  const processes = keyframe ? keyframe.snapshot.processes : [];
  const services = processes.find((p) => p.name.toLowerCase() === 'services.exe');
  process.stdout.write(JSON.stringify(m.type === 'error' ? { error: m.message } : { names: processes.map((p) => p.name), services }));
  w.terminate().then(() => process.exit(0));
});
w.on('error', (e) => { process.stdout.write(JSON.stringify({ error: e.message })); process.exit(1); });
`,
      );
      const result = wine
        ? runUnderWine([script], { env, cwd: root, timeoutMs: 60_000, prefix: wine.prefix })
        : spawnSync(process.execPath, [script], { env, cwd: root, encoding: 'utf8', timeout: 60_000 });
      const answer = JSON.parse(result.stdout || '{}');
      expect(!answer.error, `the worker said: ${answer.error}`);
      expect(
        answer.names?.some((name) => name.toLowerCase() === 'services.exe'),
        `its first keyframe has no services.exe: ${result.stdout} ${result.stderr}`,
      );
      const { priority, nice, virtBytes, rssBytes, ioReadable } = answer.services;
      // Windows gives a base priority (8: normal class), address space and I/O counters in the same record; no nice value.
      expect(Number.isInteger(priority) && priority > 0, `services.exe has base priority ${priority}`);
      expect(nice === null, `services.exe has nice ${nice}, where Windows has none`);
      expect(virtBytes > rssBytes, `services.exe's virtual size ${virtBytes} is not above its working set ${rssBytes}`);
      expect(ioReadable === true, `services.exe's I/O counters are not readable (${ioReadable})`);
      return `${answer.names.length} processes in its first keyframe; services.exe: priority ${priority}, VIRT ${virtBytes} B, I/O counted`;
    });
    bundledChecks('the job object checks build and run', join('src', 'main', 'engine', 'os', 'win32-job-check.ts'), { env, wine, check, expect });
    bundledChecks('the supervisor job checks build and run', join('src', 'main', 'engine', 'supervisor', 'windows-jobs-check.ts'), {
      env,
      wine,
      check,
      expect,
    });
  } finally {
    keepAlive?.kill('SIGKILL');
    if (wine) stopWine(wine.prefix);
  }
  return counts;
}

/**
 * Job objects on the real API: a check file (src/main/engine/os/win32-job-check.ts for win32-job.ts,
 * src/main/engine/supervisor/windows-jobs-check.ts for the supervisor's use of them) bundled with esbuild (Node for
 * Windows has no tsx here) and run as a Windows program; each of its checks counts as one.
 */
function bundledChecks(name, source, { env, wine, check, expect }) {
  const bundle = join(root, 'out', 'windows-checks', `${source.split(/[\\/]/).pop().replace(/\.ts$/, '')}.mjs`);
  let results = null;
  check(name, () => {
    mkdirSync(join(bundle, '..'), { recursive: true });
    const entry = join(root, source);
    createRequire(import.meta.url)('esbuild').buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['koffi'],
      outfile: bundle,
      logLevel: 'warning',
    });
    const result = wine
      ? runUnderWine([bundle], { env, cwd: root, timeoutMs: 120_000, prefix: wine.prefix })
      : spawnSync(process.execPath, [bundle], { env, cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(result.status === 0, `${source} exited ${result.status}: ${result.stderr}`);
    results = JSON.parse(result.stdout);
    return `${results.length} checks`;
  });
  for (const result of results ?? []) {
    check(result.name, () => {
      expect(result.ok, result.note);
      return result.note;
    });
  }
}

// `node scripts/windows-phase.js REPORT.json`: npm test runs the phase this way, under its subreaper, so the Wine
// daemons that outlive their programs are reaped rather than left as zombies of a pid 1 that never reaps.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const counts = runWindowsPhase({ env: process.env, log: (line) => process.stdout.write(`${line}\n`) });
  if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(counts));
  process.exit(counts.failed > 0 ? 1 : 0);
}
