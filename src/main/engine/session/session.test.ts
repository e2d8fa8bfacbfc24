import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { processKey } from '../../../shared/model';
import { waitFor } from '../../test-support/wait-for';
import type { CommandInput, CommandName, CommandResponse } from '../../../shared/contract';
import type { ProcessTarget } from '../../../shared/supervision';
import { call, valueOf } from '../../test-support/call';
import { dispatchCommand } from '../dispatch';
import { Engine } from '../engine';
import { openRecording } from '../recorder/reader';

// A real session recorded through the engine, then replayed through the same engine and contract.
let engine: Engine;
const live: EngineEvent[] = [];
let resets = 0;
const folder = mkdtempSync(join(tmpdir(), 'forkscope-session-'));
const file = join(folder, 'session.fsrec.gz');
beforeAll(() => {
  engine = new Engine({ shell: 'host', intervalMs: 100 });
  engine.subscribe('engine:events', ({ events, reset }) => {
    if (reset) resets++;
    live.push(...events);
  });
});
afterAll(async () => {
  await engine.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A command that must succeed, typed by the contract. */
const run = async <K extends CommandName>(command: K, request: CommandInput<K>): Promise<CommandResponse<K>> =>
  valueOf(await call(engine, command, request));

describe('recording and replaying a session', () => {
  let zombie: EngineEvent & { type: 'became-zombie' };
  let orphan: EngineEvent & { type: 'orphaned' };
  let treeRoot: ProcessTarget;

  it('records a spawned tree, a zombie and an orphan, with the actions that made them', async () => {
    await waitFor('the first table', () => live.some((e) => e.type === 'keyframe'));
    const started = await run('recorder:start', { path: file });
    expect(started.path).toBe(file);
    expect((await run('session:status', {})).recording).toMatchObject({ path: file });

    treeRoot = valueOf(await call(engine, 'supervisor:spawn', { workload: 'fork-tree', args: ['2', '2', '30'] }))[0]!;
    const [zombieParent] = await run('supervisor:spawn', { workload: 'zombie-maker', args: ['1', '30'] });
    const [orphanParent] = await run('supervisor:spawn', { workload: 'orphan-maker', args: ['30', '0.3'] });
    zombie = await waitFor(
      'a zombie of zombie-maker',
      () => live.find((e): e is typeof zombie => e.type === 'became-zombie' && e.ppid === zombieParent!.pid),
      10_000,
    );
    orphan = await waitFor(
      'the orphan of orphan-maker',
      () => live.find((e): e is typeof orphan => e.type === 'orphaned' && e.formerParent.pid === orphanParent!.pid),
      10_000,
    );
    // With kernel events a process starts at its fork, under its parent's command line; the table has its own once read.
    const treeDeadline = Date.now() + 10_000;
    while ((await run('sampler:snapshot', {})).processes.filter((p) => p.cmd.includes('fork-tree')).length < 6) {
      if (Date.now() > treeDeadline) throw new Error('timed out after 10000 ms waiting for the whole fork tree');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    for (const child of [treeRoot, zombieParent!])
      await run('supervisor:kill', { pid: child.pid, startTime: child.startTime, tree: true, graceMs: 500 });
    await run('supervisor:kill', { pid: orphan.pid, startTime: orphan.startTime, graceMs: 500 });
    await waitFor('the zombie reaped once its parent died', () => live.some((e) => e.type === 'zombie-reaped' && e.pid === zombie.pid), 10_000);
    const stopped = await run('recorder:stop', {});
    expect(stopped.error).toBeNull();

    const opened = await openRecording(file);
    expect(opened.ok && opened.value.complete).toBe(true);
    const actions = opened.ok ? opened.value.records.filter((r) => r.kind === 'action') : [];
    expect(actions.map((a) => (a.kind === 'action' ? a.command : ''))).toEqual([
      'supervisor:spawn',
      'supervisor:spawn',
      'supervisor:spawn',
      'supervisor:kill',
      'supervisor:kill',
      'supervisor:kill',
    ]);
  });

  it('replays it: the zombie and the orphan show at the moments they happened, and live actions are refused', async () => {
    const before = resets;
    const status = await run('replay:open', { path: file });
    expect(status).toMatchObject({ complete: true, notice: null, positionMs: 0, playing: false });
    expect(resets).toBeGreaterThan(before);

    const refused = await dispatchCommand(engine, 'supervisor:spawn', { workload: 'sleep' });
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'refused', message: expect.stringMatching(/replay of session\.fsrec\.gz: live actions are off/) },
    });

    const zombieKey = processKey(zombie);
    // The whole machine was recorded: step from zombie to zombie until ours.
    let atZombie = { found: false, status: status };
    let row;
    let shown;
    for (let jumps = 0; jumps < 10 && !row?.zombie; jumps++) {
      atZombie = await run('replay:jump', { type: 'became-zombie', direction: 'next' });
      expect(atZombie.found).toBe(true);
      shown = await engine.snapshot();
      row = shown.processes.find((p) => processKey(p) === zombieKey);
    }
    expect(row).toMatchObject({ zombie: true, state: 'zombie' });
    expect(shown!.zombies).toContain(zombie.pid);

    // Just before that moment, the same process was still alive and well.
    await run('replay:seek', { ms: Math.max(0, atZombie.status.positionMs - 150) });
    expect((await engine.snapshot()).processes.find((p) => processKey(p) === zombieKey)?.zombie ?? false).toBe(false);

    await run('replay:seek', { ms: 0 });
    let orphaned;
    for (let jumps = 0; jumps < 10 && !orphaned?.orphan; jumps++) {
      await run('replay:jump', { type: 'orphaned', direction: 'next' });
      orphaned = (await engine.snapshot()).processes.find((p) => p.pid === orphan.pid && p.startTime === orphan.startTime);
    }
    expect(orphaned).toMatchObject({ orphan: true, formerParent: orphan.formerParent });

    const markers = await run('replay:markers', {});
    expect(markers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'zombie', pid: zombie.pid }),
        expect.objectContaining({ kind: 'orphan', pid: orphan.pid }),
      ]),
    );

    // A busy machine's trace is more than one piece: read them all.
    const trace = await run('replay:export', { format: 'perfetto' });
    let text = trace.text;
    for (let next = trace.next; next !== null;) {
      const piece = await run('replay:export-piece', { exportId: trace.exportId!, offset: next });
      text += piece.text;
      next = piece.next;
    }
    expect(JSON.parse(text).traceEvents.some((e: { name: string; pid: number }) => e.name === 'zombie')).toBe(true);
  });

  it('plays forward, then goes back to live', async () => {
    await run('replay:seek', { ms: 0 });
    const playing = await run('replay:play', { speed: 16 });
    expect(playing).toMatchObject({ playing: true, speed: 16 });
    await waitFor('playback to move the position', async () => ((await run('session:status', {})).replay?.positionMs ?? 0) > 500, 5000);
    expect(await run('replay:close', {})).toEqual({ closed: true });
    expect((await run('session:status', {})).replay).toBeNull();
    const spawned = await dispatchCommand(engine, 'supervisor:spawn', { workload: 'sleep', args: ['0.1'] });
    expect(spawned.ok).toBe(true);
  });

  it('names the problem with a file that is not a recording, and stays live', async () => {
    const result = await dispatchCommand(engine, 'replay:open', { path: join(folder, 'missing.fsrec.gz') });
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/cannot open the recording .*missing\.fsrec\.gz: there is no such file/) },
    });
    expect((await run('session:status', {})).replay).toBeNull();
  });
});
