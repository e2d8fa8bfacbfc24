import type { Platform, ReaderInfo } from '../../../shared/model';
import { darwinApi } from '../os/darwin-api';
import { win32Api } from '../os/win32-api';
import { currentPlatform } from '../platform';
import { DarwinProcessReader } from './darwin';
import { DarwinNativeReader } from './darwin-native';
import { LinuxProcessReader } from './linux';
import type { ProcessReader } from './session';
import { Win32ProcessReader } from './win32';
import { Win32NativeReader } from './win32-native';

export interface ReaderChoice {
  reader: ProcessReader;
  platform: Platform;
  info: ReaderInfo;
}

/**
 * Picks the platform's backend once, as psutil does at import; nowhere else asks. Windows and macOS read natively
 * through the FFI and fall back to their command-line readers only when the FFI cannot load, saying why.
 */
export function createProcessReader(options: { forSampler?: boolean } = {}): ReaderChoice {
  const platform = currentPlatform();
  switch (platform) {
    case 'linux':
      // The sampler's reader reads every process every tick: it keeps their stat files open (see StatFiles).
      return {
        reader: new LinuxProcessReader({ holdStatFiles: options.forSampler ?? false }),
        platform,
        info: { kind: 'native', source: '/proc', reason: null },
      };
    case 'darwin': {
      const native = darwinApi();
      if ('api' in native)
        return { reader: new DarwinNativeReader(native.api), platform, info: { kind: 'native', source: 'sysctl(KERN_PROC_ALL)', reason: null } };
      return { reader: new DarwinProcessReader(), platform, info: { kind: 'fallback', source: 'ps', reason: native.reason } };
    }
    case 'win32': {
      const native = win32Api();
      if ('api' in native)
        return { reader: new Win32NativeReader(native.api), platform, info: { kind: 'native', source: 'NtQuerySystemInformation', reason: null } };
      return {
        reader: new Win32ProcessReader(),
        platform,
        info: { kind: 'fallback', source: 'PowerShell CIM (Win32_Process)', reason: native.reason },
      };
    }
  }
}

let info: ReaderInfo | undefined;
/** Which reader this process uses (the sampler's worker makes the same choice, from the same facts). */
export function processReaderInfo(): ReaderInfo {
  info ??= createProcessReader().info;
  return info;
}
