import type { Platform } from '../../../shared/model';
import { currentPlatform } from '../platform';
import { DarwinProcessReader } from './darwin';
import { LinuxProcessReader } from './linux';
import type { ProcessReader } from './session';
import { Win32ProcessReader } from './win32';

/** Picks the platform's backend once, as psutil does at import; nowhere else asks. */
export function createProcessReader(): { reader: ProcessReader; platform: Platform } {
  const platform = currentPlatform();
  switch (platform) {
    case 'linux':
      return { reader: new LinuxProcessReader(), platform };
    case 'darwin':
      return { reader: new DarwinProcessReader(), platform };
    case 'win32':
      return { reader: new Win32ProcessReader(), platform };
  }
}
