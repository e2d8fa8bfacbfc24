// Lesson 13: a lock around read-then-write.
//
// There is one ticket left. Ten buyers each read the count, think for a moment, and then write
// the count minus one. Without a lock, several read "1" before anyone writes "0", and several
// believe they bought the last ticket. The lock here is a file created with the 'wx' flag
// (O_CREAT | O_EXCL): the operating system lets only one process create it, so one buyer at a
// time goes from the read to the write.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mark, pause } from './_lesson.js';

async function tryToBuy(path, buyer, way) {
  const left = Number(readFileSync(path, 'utf8'));
  await pause(1); // think it over; others read the same count meanwhile
  if (left > 0) {
    writeFileSync(path, String(left - 1));
    console.log(`${way}: buyer ${buyer} (pid ${process.pid}) bought the last ticket!`);
    mark('bought', { way, buyer });
  } else {
    console.log(`${way}: buyer ${buyer}: sold out`);
  }
}

async function withLockFile(lockPath, work) {
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx')); // fails with EEXIST while another buyer holds it
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      await pause(0.05);
    }
  }
  try {
    await work();
  } finally {
    unlinkSync(lockPath);
  }
}

async function sellLastTicket(folder, useLock) {
  const path = join(folder, 'tickets');
  writeFileSync(path, '1');
  const buyers = [];
  for (let n = 0; n < 10; n++) {
    buyers.push(spawn(process.execPath, [import.meta.filename, 'buyer', path, String(n), useLock ? 'lock' : 'no-lock'], { stdio: 'inherit' }));
  }
  await Promise.all(buyers.map((buyer) => once(buyer, 'exit')));
}

if (process.argv[2] === 'buyer') {
  const [path, buyer, how] = process.argv.slice(3);
  if (how === 'lock') await withLockFile(`${path}.lock`, () => tryToBuy(path, Number(buyer), 'with a lock'));
  else await tryToBuy(path, Number(buyer), 'without a lock');
  await pause(2); // stay a moment, so you can see every buyer
} else {
  const folder = mkdtempSync(join(tmpdir(), 'tickets-'));
  try {
    await sellLastTicket(folder, false);
    await sellLastTicket(folder, true);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
