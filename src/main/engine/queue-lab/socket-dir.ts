import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcess } from '../sampler';

let own: string | undefined;

/**
 * The private folder (mode 0700) for this Forkscope's queue sockets: `<tmp>/forkscope-<uid>/q-<pid>-<start time>`.
 * Made on first use, when the folders of Forkscopes that no longer run (a SIGKILL leaves its sockets) are removed;
 * removed itself when this process exits. Other users can neither list nor connect to what is inside.
 */
export function queueSocketDir(): string {
  if (own && isPrivateFolder(own)) return own;
  own = prepareSocketDir(join(tmpdir(), `forkscope-${process.getuid?.() ?? 'user'}`));
  const made = own;
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  return own;
}

/** Makes (or takes over) `base`, removes what dead Forkscopes left in it, and makes this process's own folder. */
export function prepareSocketDir(base: string): string {
  if (!ensurePrivateFolder(base)) {
    // Someone else's, or not a folder (a symlink planted in /tmp): never use it; a fresh private one instead.
    return mkdtempSync(join(tmpdir(), 'forkscope-q-'));
  }
  for (const entry of readdirSync(base)) {
    const match = /^q-(\d+)-(\d+)$/.exec(entry);
    if (match && readProcess(Number(match[1]))?.startTime !== Number(match[2])) rmSync(join(base, entry), { recursive: true, force: true });
  }
  const self = readProcess(process.pid);
  const folder = join(base, `q-${process.pid}-${self?.startTime ?? 0}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** True when `folder` is a real folder of ours with no access for others, fixing the mode if needed. */
function ensurePrivateFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  const stat = lstatSync(folder);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) return false;
  if ((stat.mode & 0o077) !== 0) chmodSync(folder, 0o700);
  return true;
}

function isPrivateFolder(folder: string): boolean {
  try {
    return lstatSync(folder).isDirectory();
  } catch {
    return false;
  }
}
