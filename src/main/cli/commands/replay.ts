import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { writeEventsCsv } from '../../engine/recorder/event-csv';
import { writeTrace } from '../../engine/recorder/perfetto';
import { openRecording } from '../../engine/recorder/reader';
import { formatSummary, summarize } from '../../engine/recorder/summary';

interface ReplayOptions {
  summary?: boolean;
  perfetto?: string;
  csv?: string;
  json?: boolean;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'read a recording: a summary of what it saw, or an export for Perfetto or a spreadsheet (to watch it, use forkscope serve --replay FILE)',
    )
    .argument('<file>', 'a recording made with Record, --record or forkscope run --record')
    .option('--summary', 'processes seen, lifetimes, exit codes, zombies and orphans with their parents (the default)')
    .option('--perfetto <out>', 'write Chrome Trace Event JSON that ui.perfetto.dev and chrome://tracing open')
    .option('--csv <out>', 'write the event log as CSV')
    .option('--json', 'the summary as one JSON object')
    .action(async (file: string, options: ReplayOptions) => {
      const opened = await openRecording(file);
      if (!opened.ok) {
        process.stderr.write(`forkscope: ${opened.error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const recording = opened.value;
      if (recording.notice) process.stderr.write(`forkscope: ${recording.notice}\n`);
      try {
        if (options.perfetto) {
          writeStreamed(options.perfetto, (write) => writeTrace(recording, write));
          process.stderr.write(`forkscope: wrote ${options.perfetto}; open it at https://ui.perfetto.dev\n`);
        }
        if (options.csv) {
          writeStreamed(options.csv, (write) => writeEventsCsv(recording, write));
          process.stderr.write(`forkscope: wrote ${options.csv}\n`);
        }
      } catch (error) {
        process.stderr.write(`forkscope: cannot write the export: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      if (options.summary || (!options.perfetto && !options.csv)) {
        const summary = summarize(recording);
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      }
    });
}

/** Writes an export to `path` piece by piece as it is made, so no export is ever one string. */
function writeStreamed(path: string, produce: (write: (piece: string) => void) => void): void {
  const fd = openSync(path, 'w');
  try {
    produce((piece) => {
      const bytes = Buffer.from(piece, 'utf8');
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    });
  } finally {
    closeSync(fd);
  }
}
