import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcess } from '../sampler';

/** Inside each folder: which Forkscope made it (pid and start time), so a later one knows whether it is left over. */
const OWNER_FILE = '.forkscope-owner';
/** A folder of an older Forkscope (no owner file) counts as left over after this long. */
const UNMARKED_STALE_MS = 24 * 60 * 60 * 1000;

let self: { pid: number; startTime: number } | null = null;
function owner(): { pid: number; startTime: number } {
  self ??= { pid: process.pid, startTime: readProcess(process.pid)?.startTime ?? -1 };
  return self;
}

/** A new private folder `<tmp>/<prefix>XXXXXX`, marked as this Forkscope's. */
export function makeOwnedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner()));
  return dir;
}

/**
 * Removes `<tmp>/<prefix>*` folders left by Forkscopes that are gone: folders of this user whose
 * owner (pid and start time) no longer runs, and unmarked ones (older versions) a day old.
 * Another user's folders, symbolic links and folders of a running Forkscope are left alone.
 * Returns what it removed; never throws.
 */
export function removeStaleTempDirs(prefix: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(prefix));
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const dir = join(tmpdir(), name);
    try {
      const stats = lstatSync(dir);
      if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) continue;
      if (!isLeftOver(dir, now - stats.mtimeMs)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to read: leave it
    }
  }
  return removed;
}

function isLeftOver(dir: string, ageMs: number): boolean {
  let marker: { pid?: unknown; startTime?: unknown };
  try {
    marker = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as typeof marker;
  } catch {
    return ageMs > UNMARKED_STALE_MS;
  }
  if (typeof marker.pid !== 'number' || typeof marker.startTime !== 'number') return ageMs > UNMARKED_STALE_MS;
  const row = readProcess(marker.pid);
  return row === null || row.startTime !== marker.startTime;
}
