import { join } from 'node:path';
import { findElectronBinary } from '../src/main/electron-binary';

export const appRoot = join(import.meta.dirname, '..');

/** The binary the electron project launches, or the reason it cannot run on this machine. */
export const electronBinary = findElectronBinary(appRoot);

export const electronSkipReason = 'missing' in electronBinary ? `electron project skipped: ${electronBinary.missing}` : null;
