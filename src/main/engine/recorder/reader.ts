import type { Recording } from '../../../shared/recording';
import { fail, type Result } from '../../../shared/result';
import { RecordParser } from './record-parser';
import { bufferSource, fileSource, readLines, type ByteSource } from './recording-lines';
import { openRegularForReading } from './regular-file';

export { MAX_RECORDING_LINE_BYTES, MAX_RECORDING_TEXT_BYTES } from './recording-lines';

/**
 * Opens a recording. Never throws and never waits on what is not a file: a FIFO, a device, a
 * folder or a symbolic link loop is refused at once; a file that is not a recording, or of a
 * newer format, is an error; a file cut short or damaged part-way opens with what is readable
 * and a `notice`. The text is streamed with limits (MAX_RECORDING_TEXT_BYTES, MAX_RECORDING_LINE_BYTES),
 * so a gzip bomb costs a few megabytes.
 */
export async function openRecording(path: string): Promise<Result<Recording>> {
  const opened = await openRegularForReading(path, 'the recording');
  if (!opened.ok) return opened;
  const { handle, size } = opened.value;
  try {
    return await readRecording(fileSource(handle, size));
  } catch (error) {
    // readRecording handles every bad input it knows of; this is the promise kept anyway.
    return fail('internal', `cannot read the recording ${path}: ${(error as Error).message}`);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The same as openRecording, on bytes already in memory (gzip-compressed or plain NDJSON). */
export async function parseRecording(bytes: Uint8Array): Promise<Result<Recording>> {
  try {
    return await readRecording(bufferSource(bytes));
  } catch (error) {
    return fail('internal', `cannot read the recording: ${(error as Error).message}`);
  }
}

async function readRecording(source: ByteSource): Promise<Result<Recording>> {
  if (source.size === 0) return fail('invalid-request', 'not a Forkscope recording: the file is empty');
  const parser = new RecordParser();
  return parser.finish(await readLines(source, parser.line));
}
