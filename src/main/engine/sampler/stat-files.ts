import { openFilesLimit, procFiles, type ProcFiles } from '../os/proc-files';

/**
 * At most this many /proc/PID/stat files are held open (and at most a quarter of the open-files limit):
 * each costs the kernel about 5 KiB, and beyond it the other processes are read by open, read, close.
 */
export const HELD_STAT_FILES_MAX = 4096;

/**
 * /proc/PID/stat of each process, held open from its first read: a later read is one pread at offset 0
 * (the kernel writes the file afresh) instead of open, read and close, a third of the cost. A held file
 * names its process, not its pid: once that process is reaped, a read fails (ESRCH) even if a newcomer
 * took the pid, so a failed read closes it and opens the pid's file anew, which reads the newcomer.
 */
export class StatFiles {
  private readonly held = new Map<number, number>();
  private readonly limit: number;
  private readonly files: ProcFiles;
  private readonly file: string;

  /**
   * `hold: false` reads without keeping anything open (one-off readers: a snapshot, kill-tree's table). `file`: which
   * file of /proc/PID (default stat; the sampler also holds schedstat, see LinuxProcessReader).
   */
  constructor(options: { hold: boolean; limit?: number; file?: 'stat' | 'schedstat' }) {
    this.files = procFiles();
    this.file = options.file ?? 'stat';
    const budget = Math.floor((openFilesLimit() ?? 1024) / 4);
    this.limit = options.hold ? Math.max(0, Math.min(options.limit ?? HELD_STAT_FILES_MAX, budget)) : 0;
  }

  /** Whether the last read found its held file failing (its process gone) and read the pid's file anew. */
  reopened = false;

  /** Bytes of pid's stat read into buffer, or -1 when the process is gone. */
  read(pid: number, buffer: Buffer): number {
    const fd = this.held.get(pid);
    this.reopened = fd !== undefined;
    if (fd !== undefined) {
      const length = this.files.pread(fd, buffer);
      if (length > 0) {
        this.reopened = false;
        return length;
      }
      this.release(pid);
    }
    const opened = this.files.open(`/proc/${pid}/${this.file}`);
    if (opened < 0) return -1;
    const length = this.files.pread(opened, buffer);
    if (length > 0 && this.held.size < this.limit) this.held.set(pid, opened);
    else this.files.close(opened);
    return length > 0 ? length : -1;
  }

  release(pid: number): void {
    const fd = this.held.get(pid);
    if (fd === undefined) return;
    this.held.delete(pid);
    this.files.close(fd);
  }

  /** Closes the files of every pid not in `pids`. */
  retain(pids: ReadonlySet<number>): void {
    for (const pid of this.held.keys()) if (!pids.has(pid)) this.release(pid);
  }

  /** Whether pid's file is held open (a read of it is one pread). */
  holds(pid: number): boolean {
    return this.held.has(pid);
  }

  heldCount(): number {
    return this.held.size;
  }

  closeAll(): void {
    for (const pid of [...this.held.keys()]) this.release(pid);
  }
}
