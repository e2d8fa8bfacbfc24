import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** htop's columns as the chooser names them, with the header each shows. */
const EXTRAS: Array<{ key: string; chooser: string; header: string }> = [
  { key: 'ppid', chooser: 'PPID (parent)', header: 'PPID' },
  { key: 'pgid', chooser: 'PGID (process group)', header: 'PGID' },
  { key: 'sid', chooser: 'SID (session)', header: 'SID' },
  { key: 'state-letter', chooser: 'S (state letter)', header: 'S' },
  { key: 'priority', chooser: 'PRI (kernel priority)', header: 'PRI' },
  { key: 'nice', chooser: 'NI (nice)', header: 'NI' },
  { key: 'virt', chooser: 'VIRT (virtual memory)', header: 'VIRT' },
  { key: 'shr', chooser: 'SHR (shared memory)', header: 'SHR' },
  { key: 'threads', chooser: 'THR (threads)', header: 'THR' },
  { key: 'time', chooser: 'TIME+ (CPU time used)', header: 'TIME+' },
  { key: 'io-read', chooser: 'IO read rate', header: 'IO R/s' },
  { key: 'io-write', chooser: 'IO write rate', header: 'IO W/s' },
];

let family: ChildProcess | undefined;
let dir: string | undefined;
test.afterEach(() => {
  if (family?.pid) {
    try {
      process.kill(-family.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  family = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A shell (its own process group) with three sleeps at nice 3, 9 and 6 and one node that writes and syncs 1 MiB every 100 ms. */
async function startFamily(): Promise<number> {
  dir = mkdtempSync(join(tmpdir(), 'forkscope-columns-'));
  const writer = `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(join(dir, 'out'))},'w');const b=Buffer.alloc(1<<20,1);setInterval(()=>{fs.writeSync(fd,b,0,b.length,0);fs.fsyncSync(fd)},100)`;
  const script = `nice -n 3 sleep 300 & nice -n 9 sleep 300 & nice -n 6 sleep 300 & "$0" -e "$1" & wait`;
  family = spawn('sh', ['-c', script, process.execPath, writer], { detached: true, stdio: 'ignore' });
  await new Promise((resolve, reject) => family!.once('spawn', resolve).once('error', reject));
  return family.pid!;
}

const cellsOf = (app: Page, key: string) => app.locator(`.tree-row:not(.context) .c-${key}`);

/** A cell's text as the number it shows ("1.5 MiB", "3:07.45", "2.0 MiB/s", "12"); "…" and blanks sort first. */
function valueOf(text: string): number | string {
  const t = text.trim();
  const bytes = /^([\d.]+) (B|KiB|MiB|GiB|TiB)(\/s)?$/.exec(t);
  if (bytes) return Number(bytes[1]) * 1024 ** ['B', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(bytes[2]!);
  const time = /^(\d+):(\d\d)\.(\d\d)$/.exec(t);
  if (time) return (Number(time[1]) * 60 + Number(time[2])) * 1000 + Number(time[3]) * 10;
  if (/^-?\d+$/.test(t)) return Number(t);
  if (t === '…' || t === '') return Number.NEGATIVE_INFINITY;
  return t;
}

function isSorted(values: Array<number | string>, descending: boolean): boolean {
  for (let i = 1; i < values.length; i++) {
    const [a, b] = descending ? [values[i]!, values[i - 1]!] : [values[i - 1]!, values[i]!];
    if (typeof a === 'number' && typeof b === 'number' ? a > b : String(a).localeCompare(String(b)) > 0) return false;
  }
  return true;
}

test("htop's columns: chosen in the column chooser, shown, sortable, resizable and remembered", async ({ app }, testInfo) => {
  // Twelve columns, each sorted both ways on a machine shared by many: more steps than the default minute allows.
  test.setTimeout(240_000);
  await expect(app.locator('.connection.up')).toBeVisible();
  const shell = await startFamily();
  // A flat list of the shell's children: the sort order is the rows' order. (Settings outlive a run: read the switch.)
  const treeSwitch = app.getByRole('button', { name: /^(Tree|List)$/ });
  const wasTree = (await treeSwitch.textContent()) === 'Tree';
  if (wasTree) await treeSwitch.click();
  await expect(treeSwitch).toHaveText('List');
  await app.getByRole('searchbox').fill(`ppid:${shell}`);
  await expect(app.locator('.tree-row:not(.context)')).toHaveCount(4);

  await app.locator('.columns-menu summary').click();
  for (const extra of EXTRAS) await app.getByLabel(extra.chooser, { exact: true }).check();
  await app.screenshot({ path: testInfo.outputPath('column-chooser.png') });
  await app.locator('.columns-menu summary').click();

  const header = app.locator('.tree-header');
  for (const extra of EXTRAS) await expect(header.locator(`[data-column="${extra.key}"]`)).toHaveText(extra.header);
  // The three sleeps at their nice values; PRI is 20 + nice; the writer's storage writes show as a rate.
  await expect.poll(async () => (await cellsOf(app, 'nice').allTextContents()).sort()).toEqual(['0', '3', '6', '9']);
  await expect.poll(async () => (await cellsOf(app, 'priority').allTextContents()).sort()).toEqual(['20', '23', '26', '29']);
  await expect.poll(async () => (await cellsOf(app, 'ppid').allTextContents()).every((t) => t === String(shell))).toBe(true);
  await expect.poll(async () => (await cellsOf(app, 'pgid').allTextContents()).every((t) => t === String(shell))).toBe(true);
  await expect(cellsOf(app, 'state-letter').first()).toHaveText(/^[RSD]$/);
  await expect.poll(async () => (await cellsOf(app, 'shr').allTextContents()).every((t) => /\d (B|KiB|MiB)$/.test(t))).toBe(true);
  await expect.poll(async () => (await cellsOf(app, 'io-write').allTextContents()).some((t) => /[\d.]+ (KiB|MiB)\/s$/.test(t))).toBe(true);

  for (const extra of EXTRAS) {
    const cell = header.locator(`[data-column="${extra.key}"]`);
    await cell.getByRole('button').click();
    const order = await cell.getAttribute('aria-sort');
    expect(order, extra.key).not.toBe('none');
    for (const descending of order === 'descending' ? [true, false] : [false, true]) {
      await expect(cell).toHaveAttribute('aria-sort', descending ? 'descending' : 'ascending');
      await expect
        .poll(async () => isSorted((await cellsOf(app, extra.key).allTextContents()).map(valueOf), descending), { message: `${extra.key} sorted` })
        .toBe(true);
      if (descending === (order === 'descending')) await cell.getByRole('button').click();
    }
  }
  // Sorted by NI, the order is the nice values'.
  const nice = header.locator('[data-column="nice"]');
  while ((await nice.getAttribute('aria-sort')) !== 'descending') await nice.getByRole('button').click();
  await expect.poll(() => cellsOf(app, 'nice').allTextContents()).toEqual(['9', '6', '3', '0']);

  // Drag the VIRT column's edge 60 px wider: it stays so after a reload (the engine keeps the width).
  const virt = header.locator('[data-column="virt"]');
  const before = (await virt.boundingBox())!;
  const edge = (await virt.locator('.column-resizer').boundingBox())!;
  await app.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await app.mouse.down();
  await app.mouse.move(edge.x + edge.width / 2 + 60, edge.y + edge.height / 2, { steps: 5 });
  await app.mouse.up();
  await expect.poll(async () => Math.round((await virt.boundingBox())!.width - before.width)).toBe(60);
  await app.screenshot({ path: testInfo.outputPath('columns.png') });
  await app.reload();
  await expect(app.locator('.connection.up')).toBeVisible();
  const widthAfterReload = async (): Promise<number> =>
    Math.round((await app.locator('.tree-header [data-column="virt"]').boundingBox())?.width ?? 0);
  await expect.poll(widthAfterReload).toBeGreaterThan(0);
  await expect.poll(widthAfterReload).toBe(Math.round(before.width + 60));
  await expect(app.locator('.tree-header [data-column="io-write"]')).toBeVisible();

  // Put the table back as the other specs expect it.
  await app.locator('.columns-menu summary').click();
  for (const extra of EXTRAS) await app.getByLabel(extra.chooser, { exact: true }).uncheck();
  await app.locator('.columns-menu summary').click();
  await app.locator('.tree-header [data-column="pid"] button').click();
  if ((await app.locator('.tree-header [data-column="pid"]').getAttribute('aria-sort')) !== 'ascending')
    await app.locator('.tree-header [data-column="pid"] button').click();
  if (wasTree) await treeSwitch.click();
  for (const extra of EXTRAS) await expect(app.locator(`.tree-header [data-column="${extra.key}"]`)).toHaveCount(0);
});
