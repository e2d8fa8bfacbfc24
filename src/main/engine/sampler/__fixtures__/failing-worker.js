// A sampler worker on a machine whose process table cannot be read: every tick fails, as the real
// worker's does when its backend throws, and says so in the worker protocol.
import { parentPort, workerData } from 'node:worker_threads';

const fail = () => parentPort.postMessage({ type: 'error', message: "EACCES: permission denied, scandir '/proc'" });
fail();
setInterval(fail, workerData.intervalMs);
