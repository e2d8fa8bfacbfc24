import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

/**
 * The one place that loads koffi. Every binding under engine/os/ gets the library from here, so
 * that "the FFI could not load" is decided once, with its reason, and every caller can fall back.
 */
export type FfiStatus = { available: true } | { available: false; reason: string };

let loaded: { koffi: typeof Koffi } | { error: string } | undefined;

function load(): { koffi: typeof Koffi } | { error: string } {
  if (loaded) return loaded;
  if (process.env.FORKSCOPE_NO_FFI === '1') {
    loaded = { error: 'FORKSCOPE_NO_FFI=1 turned the FFI off' };
    return loaded;
  }
  try {
    // koffi is CommonJS with a native .node file beside it; require keeps the bundler away from it.
    const require = createRequire(import.meta.url);
    loaded = { koffi: require('koffi') as typeof Koffi };
  } catch (error) {
    loaded = { error: `koffi could not load: ${(error as Error).message}` };
  }
  return loaded;
}

/** koffi itself, or null when it cannot load on this machine (see ffiStatus for why). */
export function koffiOrNull(): typeof Koffi | null {
  const result = load();
  return 'koffi' in result ? result.koffi : null;
}

export function ffiStatus(): FfiStatus {
  const result = load();
  return 'koffi' in result ? { available: true } : { available: false, reason: result.error };
}

const libraries = new Map<string, Koffi.LibraryHandle | null>();

/** A shared library opened once (libc.so.6, kernel32.dll, libproc.dylib…), or null if it cannot be. */
export function library(name: string): Koffi.LibraryHandle | null {
  if (libraries.has(name)) return libraries.get(name)!;
  const koffi = koffiOrNull();
  let lib: Koffi.LibraryHandle | null = null;
  if (koffi) {
    try {
      lib = koffi.load(name);
    } catch {
      lib = null;
    }
  }
  libraries.set(name, lib);
  return lib;
}
