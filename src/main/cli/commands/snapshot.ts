import type { Command } from 'commander';
import { takeSnapshot } from '../../engine/sampler';
import { formatSnapshotTable } from '../format-table';

export function registerSnapshotCommand(program: Command): void {
  program
    .command('snapshot')
    .description('print the process table once, with zombies and orphans marked (CPU % over 250 ms)')
    .option('--json', 'print one JSON object instead of a table')
    .option('--tree', 'indent children under their parents')
    .action(async (options: { json?: boolean; tree?: boolean }) => {
      const snapshot = await takeSnapshot();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(snapshot)}\n`);
        return;
      }
      const width = process.stdout.isTTY ? process.stdout.columns : undefined;
      process.stdout.write(`${formatSnapshotTable(snapshot, { tree: Boolean(options.tree), ...(width ? { width } : {}) })}\n`);
    });
}
