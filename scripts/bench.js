#!/usr/bin/env node
// `npm run bench [-- NAME [ARGS…]]`: runs every bench/*.ts, or the one named, through tsx and under
// the test subreaper (benchmarks make zombies too); each prints ratios against anchors it measures
// in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { subreaperPrefix } from './subreaper-prefix.js';

const root = join(import.meta.dirname, '..');
const benchDir = join(root, 'bench');
const [name, ...rest] = process.argv.slice(2);
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const chosen = name ? [name] : all;
for (const bench of chosen) {
  if (!all.includes(bench)) {
    process.stderr.write(`bench: no benchmark named ${JSON.stringify(bench)}; there are: ${all.join(', ') || 'none'}\n`);
    process.exit(2);
  }
}
if (!existsSync(join(root, 'out', 'main', 'cli.js'))) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const reaper = subreaperPrefix();
let failed = 0;
for (const bench of chosen) {
  process.stderr.write(`\n── bench ${bench} ──\n`);
  const result = spawnSync(...reaper.wrap(process.execPath, ['--import', 'tsx', join(benchDir, `${bench}.ts`), ...rest]), {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
