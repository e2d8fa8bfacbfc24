import { readFileSync, readlinkSync } from 'node:fs';
import type { ProcessDetails } from '../../../shared/details';

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
  return {
    exe: attempt(() => readlinkSync(`/proc/${pid}/exe`)),
    cwd: attempt(() => readlinkSync(`/proc/${pid}/cwd`)),
    env: environ === null ? null : environ.split('\0').filter(Boolean),
  };
}
