import { readFileSync, readlinkSync } from 'node:fs';
import type { ProcessDetails } from '../../../shared/details';
import { parseCpuList } from '../../../shared/scheduling';
import { getIoPriority } from '../os/linux-process';

/** What the details pane shows beyond the table, each field null when the OS will not tell this user. */
export function readLinuxDetails(pid: number): ProcessDetails {
  const attempt = <T>(read: () => T): T | null => {
    try {
      return read();
    } catch {
      return null;
    }
  };
  const environ = attempt(() => readFileSync(`/proc/${pid}/environ`, 'utf8'));
  const io = getIoPriority(pid);
  const allowed = attempt(() => /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? null);
  const cpus = allowed ? parseCpuList(allowed) : null;
  return {
    exe: attempt(() => readlinkSync(`/proc/${pid}/exe`)),
    cwd: attempt(() => readlinkSync(`/proc/${pid}/cwd`)),
    env: environ === null ? null : environ.split('\0').filter(Boolean),
    ioPriority: io.ok ? { class: io.class, level: io.level } : null,
    affinity: cpus?.ok ? cpus.cpus : null,
  };
}
