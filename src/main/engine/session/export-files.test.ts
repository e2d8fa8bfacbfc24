import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result';
import { dispatchCommand } from '../dispatch';
import { Engine } from '../engine';
import { writeSynthetic } from '../recorder/__fixtures__/write-recording';
import { openRecording } from '../recorder/reader';
import { toTraceEvents } from '../recorder/perfetto';
import { EXPORT_PIECE_BYTES, ExportFiles } from './export-files';

describe('ExportFiles', () => {
  it('hands a large export out in pieces that never split a character, and removes its file', () => {
    const exports = new ExportFiles();
    const text = `${'a'.repeat(EXPORT_PIECE_BYTES - 1)}中${'é'.repeat(EXPORT_PIECE_BYTES / 2)}x😀${'b'.repeat(EXPORT_PIECE_BYTES)}`;
    const first = exports.make((write) => {
      for (let at = 0; at < text.length; at += 100_000) write(text.slice(at, at + 100_000));
    });
    expect(first.bytes).toBe(Buffer.byteLength(text));
    expect(first.exportId).not.toBeNull();
    const parts = [first.text];
    for (let next = first.next; next !== null;) {
      const piece = exports.piece(first.exportId!, next);
      expect(Buffer.byteLength(piece.text)).toBeLessThanOrEqual(EXPORT_PIECE_BYTES);
      parts.push(piece.text);
      next = piece.next;
    }
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(parts.join('')).toBe(text);
    expect(parts.some((p) => p.includes('\uFFFD'))).toBe(false);
    exports.close();
    expect(() => exports.piece(first.exportId!, 0)).toThrow(/no export .* is kept/);
  });

  it('answers a small export whole, keeping no file', () => {
    const exports = new ExportFiles();
    expect(exports.make((write) => write('small'))).toEqual({ text: 'small', next: null, exportId: null, bytes: 5 });
  });
});

describe('replay:export through the contract', () => {
  let engine: Engine;
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-export-test-'));
  const file = join(dir, 'long.fsrec.gz');
  beforeAll(async () => {
    engine = new Engine({ shell: 'host', intervalMs: 500 });
    await writeSynthetic(file, 3000);
  }, 60_000);
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async <T>(command: string, request: unknown): Promise<T> => {
    const result: Result<unknown> = await dispatchCommand(engine, command, request);
    if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
    return result.value as T;
  };

  it('a Perfetto export larger than one piece arrives whole through replay:export-piece', async () => {
    await call('replay:open', { path: file });
    const first = await call<{ text: string; next: number | null; exportId: string | null; bytes: number; fileName: string }>('replay:export', {
      format: 'perfetto',
    });
    expect(first.fileName).toBe('long.perfetto.json');
    expect(first.next).toBe(Buffer.byteLength(first.text));
    const parts = [first.text];
    for (let next = first.next; next !== null;) {
      const piece = await call<{ text: string; next: number | null }>('replay:export-piece', { exportId: first.exportId, offset: next });
      parts.push(piece.text);
      next = piece.next;
    }
    expect(Buffer.byteLength(parts.join(''))).toBe(first.bytes);
    const opened = await openRecording(file);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(JSON.parse(parts.join(''))).toEqual(JSON.parse(JSON.stringify(toTraceEvents(opened.value))));

    await call('replay:close', {});
    await expect(call('replay:export-piece', { exportId: first.exportId, offset: 0 })).rejects.toThrow(/no export .* is kept/);
    expect(existsSync(file)).toBe(true);
  }, 60_000);
});
