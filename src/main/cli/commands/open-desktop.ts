import { findElectronBinary } from '../../electron-binary';
import { appRoot } from '../../paths';
import { spawnOwn } from '../../engine/supervisor/own-spawns';

/** `forkscope` with no arguments: the desktop app, or a clear way to the browser UI. */
export function openDesktop(): void {
  const root = appRoot();
  const found = findElectronBinary(root);
  if ('missing' in found) {
    process.stderr.write(
      `forkscope: cannot open the desktop app: ${found.missing}.\n` + `Use 'forkscope serve' to open Forkscope in a browser instead.\n`,
    );
    process.exit(1);
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawnOwn(found.path, [root], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
