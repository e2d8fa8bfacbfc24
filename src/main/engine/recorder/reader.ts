import { readFile } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import {
  formatOffset,
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  RecordingHeaderSchema,
  RecordingRecordSchema,
  type BodyRecord,
  type Recording,
  type RecordingHeader,
  type TrailerRecord,
} from '../../../shared/recording';
import { fail, ok, type Result } from '../../../shared/result';

/** Larger than any real session (an hour with 500 processes is ~30 MB of JSON); guards against gzip bombs. */
const MAX_TEXT_BYTES = 512 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const KNOWN_KINDS = new Set(['event', 'keyframe', 'correction', 'action', 'trailer']);

/**
 * Opens a recording. Never throws: a file that is not a recording, or of a newer format, is an
 * error; a file cut short or damaged part-way opens with what is readable and a `notice`.
 */
export async function openRecording(path: string): Promise<Result<Recording>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (error as Error).message;
    return fail(code === 'EACCES' || code === 'EPERM' ? 'access-denied' : 'invalid-request', `cannot open the recording ${path}: ${why}`);
  }
  try {
    return parseRecording(bytes);
  } catch (error) {
    // parseRecording handles every bad input it knows of; this is the promise kept anyway.
    return fail('internal', `cannot read the recording ${path}: ${(error as Error).message}`);
  }
}

/** The same as openRecording, on bytes already in memory (gzip-compressed or plain NDJSON). */
export function parseRecording(bytes: Uint8Array): Result<Recording> {
  if (bytes.length === 0) return fail('invalid-request', 'not a Forkscope recording: the file is empty');
  const compressed = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  let text: string;
  let damage: string | null = null;
  let truncated = false;
  if (compressed) {
    const inflated = inflate(bytes);
    if (!inflated.ok) return inflated;
    ({ text, damage, truncated } = inflated.value);
  } else {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  return parseLines(text, damage, truncated);
}

function inflate(bytes: Uint8Array): Result<{ text: string; damage: string | null; truncated: boolean }> {
  const whole = tryGunzip(bytes);
  if (whole.ok) return ok({ text: whole.value.text, damage: null, truncated: isTruncated(bytes, whole.value.size) });
  if (whole.error.kind === 'too-large') return whole;
  // Find the longest prefix that still decompresses: everything before the damage.
  let good = 0;
  let bad = bytes.length;
  let text = '';
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    const attempt = tryGunzip(bytes.subarray(0, mid));
    if (attempt.ok) {
      good = mid;
      text = attempt.value.text;
    } else {
      bad = mid;
    }
  }
  const checksum = /check|crc|length/i.test(whole.error.message) && good >= bytes.length - 8;
  if (!text) {
    return fail(
      'invalid-request',
      `not a Forkscope recording: corrupt compressed data at byte ${good} (${whole.error.message}) and nothing before it is readable`,
    );
  }
  const damage = checksum
    ? `the recording's checksum does not match (${whole.error.message}), so its content may be damaged`
    : `corrupt compressed data at byte ${good} (${whole.error.message})`;
  return ok({ text, damage, truncated: false });
}

/**
 * Whether the gzip stream stops before its end (a writer that never closed): its last four
 * bytes, the size field of a finished stream, do not match, and a strict decode agrees.
 */
function isTruncated(bytes: Uint8Array, size: number): boolean {
  if (bytes.length >= 18) {
    const tail = Buffer.from(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).readUInt32LE(0);
    if (tail === size % 2 ** 32) return false;
  }
  try {
    gunzipSync(bytes, { maxOutputLength: MAX_TEXT_BYTES });
    return false;
  } catch {
    return true;
  }
}

function tryGunzip(bytes: Uint8Array): Result<{ text: string; size: number }> {
  try {
    // A sync flush instead of a finish: a stream cut short yields what it holds instead of an error.
    const out = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_TEXT_BYTES });
    return ok({ text: out.toString('utf8'), size: out.length });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      return fail('too-large', `the recording decompresses to more than ${MAX_TEXT_BYTES / 1024 / 1024} MB; it is not one Forkscope wrote`);
    return fail('invalid-request', (error as Error).message);
  }
}

function parseLines(text: string, damage: string | null, truncated: boolean): Result<Recording> {
  const lines = text.split('\n');
  // A last line without its newline was being written when the file was cut: drop it unless it is whole.
  const last = lines.pop() ?? '';
  const cutLine = last.trim() !== '' && !isWholeRecord(last);
  if (last.trim() !== '' && !cutLine) lines.push(last);

  let firstLine = lines.findIndex((line) => line.trim() !== '');
  if (firstLine < 0) {
    if (last.trim() === '') return fail('invalid-request', 'not a Forkscope recording: the file holds only blank lines');
    if (last.includes(`"${RECORDING_FORMAT}"`) && !isJson(last)) {
      return fail('invalid-request', 'the recording was cut short inside its header line; nothing in it is readable');
    }
    // One line without a newline: let the header check say what it is.
    lines.push(last);
    firstLine = lines.length - 1;
  }
  const header = parseHeader(lines[firstLine]!);
  if (!header.ok) return header;

  const records: BodyRecord[] = [];
  const keyframes: number[] = [];
  let trailer: TrailerRecord | null = null;
  let unknownKinds = 0;
  const skippedEvents: string[] = [];
  let extraAfterTrailer = 0;
  let lastDt = 0;
  for (let i = firstLine + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (trailer) {
      extraAfterTrailer++;
      continue;
    }
    const lineNo = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      damage = join(damage, `line ${lineNo} is not a valid record: it is not JSON (${(error as Error).message})`);
      break;
    }
    const kind = (json as { kind?: unknown } | null)?.kind;
    if (typeof kind === 'string' && !KNOWN_KINDS.has(kind)) {
      // Added by a later Forkscope of the same format version: skippable by design.
      unknownKinds++;
      continue;
    }
    const parsed = RecordingRecordSchema.safeParse(json);
    if (!parsed.success) {
      if (kind === 'event' && parsed.error.issues.every((issue) => issue.path[0] === 'event')) {
        // A sound record whose event this Forkscope reads differently (another version's fields):
        // one event lost is better than the rest of the recording.
        skippedEvents.push(`line ${lineNo}: ${describeIssue(parsed.error)}`);
        continue;
      }
      damage = join(damage, `line ${lineNo} is not a valid record: ${describeIssue(parsed.error)}`);
      break;
    }
    const record = parsed.data;
    if (record.dt < lastDt) {
      damage = join(damage, `line ${lineNo} is not a valid record: its time offset ${record.dt} ms is before the previous record's ${lastDt} ms`);
      break;
    }
    lastDt = record.dt;
    if (record.kind === 'trailer') {
      trailer = record;
      continue;
    }
    if (record.kind === 'keyframe') keyframes.push(records.length);
    records.push(record);
  }

  const durationMs = trailer ? trailer.dt : lastDt;
  const notes: string[] = [];
  const upTo = `${records.length} record${records.length === 1 ? '' : 's'} up to ${formatOffset(durationMs)}`;
  if (damage) notes.push(`${damage}; showing the readable part: ${upTo}`);
  else if (!trailer)
    notes.push(
      `the recording was cut short after ${records.length} record${records.length === 1 ? '' : 's'} (the writer did not close it); showing what was written up to ${formatOffset(durationMs)}`,
    );
  const skipped = unknownKinds + skippedEvents.length;
  if (trailer && !damage && trailer.records !== records.length + skipped) {
    notes.push(`the trailer counts ${trailer.records} records but ${records.length + skipped} were read; some may be missing`);
  }
  if (skippedEvents.length > 0) {
    notes.push(
      `${skippedEvents.length} event${skippedEvents.length === 1 ? '' : 's'} this Forkscope cannot read ${skippedEvents.length === 1 ? 'was' : 'were'} skipped (first: ${skippedEvents[0]})`,
    );
  }
  if (trailer && !damage && truncated) notes.push('the file ends a few bytes early, after its last record; nothing is missing');
  if (unknownKinds > 0)
    notes.push(
      `${unknownKinds} record${unknownKinds === 1 ? '' : 's'} of a kind this Forkscope does not know ${unknownKinds === 1 ? 'was' : 'were'} skipped`,
    );
  if (extraAfterTrailer > 0)
    notes.push(
      `${extraAfterTrailer} line${extraAfterTrailer === 1 ? '' : 's'} after the trailer ${extraAfterTrailer === 1 ? 'was' : 'were'} ignored`,
    );

  return ok({
    header: header.value,
    records,
    trailer,
    complete: trailer !== null && damage === null && skippedEvents.length === 0,
    notice: notes.length ? notes.join('; ') : null,
    durationMs,
    keyframes,
  });
}

function parseHeader(line: string): Result<RecordingHeader> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return fail('invalid-request', 'not a Forkscope recording: its first line is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('invalid-request', 'not a Forkscope recording: its first line is not a JSON object');
  }
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== RECORDING_FORMAT) {
    return fail('invalid-request', `not a Forkscope recording: its first line does not name the format "${RECORDING_FORMAT}"`);
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > RECORDING_FORMAT_VERSION) {
    return fail(
      'unsupported',
      `recording format version ${version} is newer than this Forkscope reads (${RECORDING_FORMAT_VERSION}); update Forkscope to open it`,
    );
  }
  const parsed = RecordingHeaderSchema.safeParse(json);
  if (!parsed.success) return fail('invalid-request', `not a Forkscope recording: its header is not valid: ${describeIssue(parsed.error)}`);
  return ok(parsed.data);
}

/** A line that does not parse after damaged compressed data is one more thing to tell. */
function join(first: string | null, then: string): string {
  return first ? `${first}; ${then}` : then;
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function isWholeRecord(line: string): boolean {
  try {
    return RecordingRecordSchema.safeParse(JSON.parse(line)).success;
  } catch {
    return false;
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not match the format';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
