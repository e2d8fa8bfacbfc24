// Runs bench/lib/platform-readers.ts as a Windows program under Wine: bundled first (Node for Windows has no tsx
// and no Windows esbuild here), beside the project so koffi resolves from node_modules.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformFigures } from './platform-readers';
// @ts-expect-error plain JS helper scripts without types
import { prepareWindows } from '../../scripts/windows-prepare.js';
// @ts-expect-error plain JS helper scripts without types
import { defaultPrefix, runUnderWine, stopWine, wineProblem } from '../../scripts/wine-node.js';

const root = join(import.meta.dirname, '..', '..');

export async function wineFigures(rounds: number): Promise<PlatformFigures | { problem: string }> {
  try {
    prepareWindows({ log: () => {} });
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const problem = wineProblem() as string | null;
  if (problem) return { problem };
  const dir = join(root, 'out', 'bench');
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, 'platform-readers.mjs');
  await build({
    entryPoints: [join(root, 'bench', 'lib', 'platform-readers.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    external: ['koffi'],
    logLevel: 'silent',
  });
  const prefix = join(defaultPrefix(), '..', 'prefix-bench');
  try {
    const result = runUnderWine([bundle, '--print', '--rounds', String(rounds)], { cwd: root, prefix, timeoutMs: 180_000 });
    if (result.status !== 0) return { problem: `the bundled bench exited ${result.status}: ${result.stderr.trim()}` };
    return JSON.parse(result.stdout) as PlatformFigures;
  } finally {
    stopWine(prefix);
    rmSync(bundle, { force: true });
  }
}
