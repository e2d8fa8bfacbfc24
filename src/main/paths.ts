import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/**
 * The folder holding Forkscope's package.json: the clone in development, the app folder
 * (or asar) when packaged. Found by walking up, because built chunks and sources sit at
 * different depths.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = import.meta.dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'forkscope') {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Forkscope's package.json above ${import.meta.dirname}`);
    dir = parent;
  }
}

/** A file of the main build (`out/main/NAME`); tests that need one run after `npm run build`. */
export function builtMainFile(name: string): string {
  return join(appRoot(), 'out', 'main', name);
}

export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}

export function preloadFile(): string {
  return join(appRoot(), 'out', 'preload', 'index.cjs');
}

export function resourcesDir(): string {
  return join(appRoot(), 'resources');
}

/**
 * Resources that child processes run as files. In a packaged app they sit beside the asar in
 * app.asar.unpacked, since a child cannot read inside the archive.
 */
export function unpackedResourcesDir(): string {
  return resourcesDir().replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
