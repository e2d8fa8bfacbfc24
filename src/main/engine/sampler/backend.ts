import type { Platform } from '../../../shared/model';
import { ForkscopeError } from '../../../shared/result';
import { currentPlatform } from '../platform';
import { LinuxProcessReader } from './linux';
import type { ProcessReader } from './session';

/** Picks the platform's backend once, as psutil does at import; nowhere else asks. */
export function createProcessReader(): { reader: ProcessReader; platform: Platform } {
  const platform = currentPlatform();
  switch (platform) {
    case 'linux':
      return { reader: new LinuxProcessReader(), platform };
    default:
      throw new ForkscopeError('unsupported', `the ${platform} process sampler is not available in this version of Forkscope`);
  }
}
