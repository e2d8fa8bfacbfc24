import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Recording } from '../../../../shared/recording';
import { openRecording } from '../reader';
import { writeSynthetic } from './write-recording';

/** For a test file: the scripted session written to a temporary file and opened; gone after the file's tests. */
export function useOpenedSynthetic(ticks = 25): () => Recording {
  const dir = mkdtempSync(join(tmpdir(), 'forkscope-recording-'));
  let recording: Recording | undefined;
  beforeAll(async () => {
    const path = join(dir, 'session.fsrec');
    await writeSynthetic(path, ticks);
    const opened = await openRecording(path);
    if (!opened.ok) throw new Error(opened.error.message);
    recording = opened.value;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => {
    if (!recording) throw new Error('the synthetic recording is opened in beforeAll');
    return recording;
  };
}
