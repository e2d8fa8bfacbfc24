// `npm start`: the desktop app, or, where the Electron binary cannot be fetched (no route to its download
// site), the same UI in a browser through `forkscope serve`, so a newcomer's first command still opens Forkscope.
// Arguments after `npm start --` go to `serve` (`npm start -- --port 0`).
import { ensureElectron } from './ensure-electron.js';

const electron = ensureElectron();
if (electron.ok) {
  process.argv.splice(2, Infinity);
} else {
  process.stderr.write(
    `Could not fetch the Electron binary (${electron.reason}), so the desktop app cannot open here.\n` +
      'Starting Forkscope in the browser instead (forkscope serve): open the address below; Ctrl+C stops it.\n',
  );
  process.argv.splice(2, Infinity, 'serve', ...process.argv.slice(2));
}
// In this process, not a child: stopping `npm start` stops Forkscope with nothing left behind.
await import('../bin/forkscope.js');
