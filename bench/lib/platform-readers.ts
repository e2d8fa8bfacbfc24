// The Windows and macOS readers timed side by side: the native reader (FFI) against the fallback (PowerShell CIM,
// ps) in the same run, where both can run. Run on the platform itself, or bundled and run under Wine by
// bench/sampler.ts. Prints one JSON line.
import { darwinApi } from '../../src/main/engine/os/darwin-api';
import { win32Api } from '../../src/main/engine/os/win32-api';
import { DarwinProcessReader } from '../../src/main/engine/sampler/darwin';
import { DarwinNativeReader } from '../../src/main/engine/sampler/darwin-native';
import type { ProcessReader } from '../../src/main/engine/sampler/session';
import { Win32ProcessReader } from '../../src/main/engine/sampler/win32';
import { Win32NativeReader } from '../../src/main/engine/sampler/win32-native';
import { median, timeMs } from './population';

export interface ReaderFigures {
  coldMs: number;
  steadyMs: number;
  steadyCpuMs: number;
}
export interface PlatformFigures {
  platform: string;
  processes: number;
  rounds: number;
  native: ReaderFigures | { problem: string };
  fallback: ReaderFigures | { problem: string };
}

function measure(make: () => ProcessReader, rounds: number): ReaderFigures | { problem: string } {
  try {
    const steady = make();
    steady.read();
    const cold: number[] = [];
    const warm: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < rounds; round++) {
      cold.push(timeMs(() => make().read()));
      const before = process.cpuUsage();
      warm.push(timeMs(() => steady.read()));
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    return { coldMs: median(cold), steadyMs: median(warm), steadyCpuMs: median(cpu) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export function measurePlatformReaders(rounds: number): PlatformFigures {
  if (process.platform === 'win32') {
    const bound = win32Api();
    const native: () => ProcessReader = () => {
      if (!('api' in bound)) throw new Error(bound.reason);
      return new Win32NativeReader(bound.api);
    };
    return {
      platform: 'win32',
      processes: measureSize(native),
      rounds,
      native: measure(native, rounds),
      fallback: measure(() => new Win32ProcessReader(), Math.min(rounds, 3)),
    };
  }
  if (process.platform === 'darwin') {
    const bound = darwinApi();
    const native: () => ProcessReader = () => {
      if (!('api' in bound)) throw new Error(bound.reason);
      return new DarwinNativeReader(bound.api);
    };
    return {
      platform: 'darwin',
      processes: measureSize(native),
      rounds,
      native: measure(native, rounds),
      fallback: measure(() => new DarwinProcessReader(), rounds),
    };
  }
  throw new Error(`the native Windows and macOS readers do not run on ${process.platform}`);
}

function measureSize(make: () => ProcessReader): number {
  try {
    return make().read().length;
  } catch {
    return 0;
  }
}

if (process.argv.includes('--print')) {
  const index = process.argv.indexOf('--rounds');
  process.stdout.write(`${JSON.stringify(measurePlatformReaders(index > 0 ? Number(process.argv[index + 1]) : 9))}\n`);
}

export function printPlatformFigures(figures: PlatformFigures, json: boolean, where = ''): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ bench: 'sampler-native', ...figures })}\n`);
    return;
  }
  const f = (n: number) => n.toFixed(2).padStart(8);
  const line = (name: string, r: ReaderFigures | { problem: string }) =>
    'problem' in r
      ? `  ${name.padEnd(9)} cannot run here: ${r.problem}`
      : `  ${name.padEnd(9)} cold ${f(r.coldMs)} ms   steady ${f(r.steadyMs)} ms   CPU per steady sample ${f(r.steadyCpuMs)} ms`;
  const lines = [
    `${figures.platform}${where}: ${figures.processes} processes, ${figures.rounds} rounds, medians`,
    line('native', figures.native),
    line('fallback', figures.fallback),
  ];
  if (!('problem' in figures.native) && !('problem' in figures.fallback)) {
    lines.push(
      `  native steady sample = ${(figures.native.steadyMs / figures.fallback.steadyMs).toFixed(3)} × fallback (${(figures.fallback.steadyMs / figures.native.steadyMs).toFixed(0)}× faster)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
