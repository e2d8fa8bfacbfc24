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
import { MAX_RECORDING_LINE_BYTES, MAX_RECORDING_TEXT_BYTES, MIB, type LinesRead } from './recording-lines';

const KNOWN_KINDS = new Set(['event', 'keyframe', 'correction', 'action', 'output', 'trailer']);

/**
 * Folds a recording's lines, one at a time, into a Recording: the header first, then records
 * until the trailer or the first line that is not a valid record (damage: what came before is kept).
 */
export class RecordParser {
  private header: Result<RecordingHeader> | null = null;
  private readonly records: BodyRecord[] = [];
  private readonly keyframes: number[] = [];
  private trailer: TrailerRecord | null = null;
  private unknownKinds = 0;
  private readonly skippedEvents: string[] = [];
  private extraAfterTrailer = 0;
  private lastDt = 0;
  private damage: string | null = null;
  private lineNo = 0;

  /** One whole line; false once reading should stop. */
  readonly line = (text: string, lineNo: number): boolean => {
    this.lineNo = lineNo;
    if (this.header === null) {
      this.header = text.trim() === '' ? fail('invalid-request', 'not a Forkscope recording: its first line is empty') : parseHeader(text);
      return this.header.ok;
    }
    if (this.trailer) {
      if (text.trim() !== '') this.extraAfterTrailer++;
      return true;
    }
    if (text.trim() === '') return this.damaged(`line ${lineNo} is not a valid record: it is empty (a recording has no empty lines)`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return this.damaged(`line ${lineNo} is not a valid record: it is not JSON (${(error as Error).message})`);
    }
    const kind = (json as { kind?: unknown } | null)?.kind;
    if (typeof kind === 'string' && !KNOWN_KINDS.has(kind)) {
      // Added by a later Forkscope of the same format version: skippable by design.
      this.unknownKinds++;
      return true;
    }
    const parsed = RecordingRecordSchema.safeParse(json);
    if (!parsed.success) {
      if (kind === 'event' && parsed.error.issues.every((issue) => issue.path[0] === 'event')) {
        // A sound record whose event this Forkscope reads differently (another version's fields):
        // one event lost is better than the rest of the recording.
        this.skippedEvents.push(`line ${lineNo}: ${describeIssue(parsed.error)}`);
        return true;
      }
      return this.damaged(`line ${lineNo} is not a valid record: ${describeIssue(parsed.error)}`);
    }
    const record = parsed.data;
    if (record.dt < this.lastDt) {
      return this.damaged(`line ${lineNo} is not a valid record: its time offset ${record.dt} ms is before the previous record's ${this.lastDt} ms`);
    }
    this.lastDt = record.dt;
    if (record.kind === 'trailer') this.trailer = record;
    else {
      if (record.kind === 'keyframe') this.keyframes.push(this.records.length);
      this.records.push(record);
    }
    return true;
  };

  /** The Recording, once the lines have been read (or reading stopped). */
  finish(read: LinesRead): Result<Recording> {
    if (read.tooLarge) {
      return fail(
        'too-large',
        `the recording decompresses to more than ${MAX_RECORDING_TEXT_BYTES / MIB} MiB, the most Forkscope reads (MAX_RECORDING_TEXT_BYTES); it is not one Forkscope wrote`,
      );
    }
    const lineLimit = `${MAX_RECORDING_LINE_BYTES / MIB} MiB, the most one line may hold (MAX_RECORDING_LINE_BYTES)`;
    if (read.lineTooLong !== null) {
      if (this.header === null) return fail('invalid-request', `not a Forkscope recording: its first line is longer than ${lineLimit}`);
      if (this.header.ok && !this.trailer && !this.damage)
        this.damaged(`line ${read.lineTooLong} is not a valid record: it is longer than ${lineLimit}`);
    }
    if (this.header === null) {
      const last = read.rest;
      if (last.trim() === '') {
        if (read.damage) return fail('invalid-request', `not a Forkscope recording: ${read.damage} and nothing before it is readable`);
        return fail('invalid-request', 'not a Forkscope recording: it holds no text');
      }
      if (last.includes(`"${RECORDING_FORMAT}"`) && !isJson(last)) {
        return fail('invalid-request', 'the recording was cut short inside its header line; nothing in it is readable');
      }
      // One line without a newline: let the header check say what it is.
      this.line(last, 1);
    } else if (this.header.ok && !this.damage && read.rest.trim() !== '' && isWholeRecord(read.rest)) {
      // A last line without its newline was being written when the file was cut: kept only when whole.
      this.line(read.rest, this.lineNo + 1);
    }
    const header = this.header!;
    if (!header.ok) return header;

    const damage = read.damage && this.damage ? `${read.damage}; ${this.damage}` : (read.damage ?? this.damage);
    const { records, trailer, skippedEvents, unknownKinds, extraAfterTrailer } = this;
    const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    if (damage && records.length === 0) {
      return fail('invalid-request', `not a Forkscope recording: ${damage}, and nothing after its header is readable`);
    }
    const durationMs = trailer ? trailer.dt : this.lastDt;
    const notes: string[] = [];
    if (damage) notes.push(`${damage}; showing the readable part: ${plural(records.length, 'record')} up to ${formatOffset(durationMs)}`);
    else if (!trailer)
      notes.push(
        `the recording was cut short after ${plural(records.length, 'record')} (the writer did not close it); showing what was written up to ${formatOffset(durationMs)}`,
      );
    const skipped = unknownKinds + skippedEvents.length;
    if (trailer && !damage && trailer.records !== records.length + skipped) {
      notes.push(`the trailer counts ${trailer.records} records but ${records.length + skipped} were read; some may be missing`);
    }
    if (skippedEvents.length > 0) {
      notes.push(
        `${plural(skippedEvents.length, 'event')} this Forkscope cannot read ${skippedEvents.length === 1 ? 'was' : 'were'} skipped (first: ${skippedEvents[0]})`,
      );
    }
    if (trailer && !damage && read.truncated) notes.push('the file ends a few bytes early, after its last record; nothing is missing');
    if (unknownKinds > 0)
      notes.push(`${plural(unknownKinds, 'record')} of a kind this Forkscope does not know ${unknownKinds === 1 ? 'was' : 'were'} skipped`);
    if (extraAfterTrailer > 0)
      notes.push(`${plural(extraAfterTrailer, 'line')} after the trailer ${extraAfterTrailer === 1 ? 'was' : 'were'} ignored`);

    return ok({
      header: header.value,
      records,
      trailer,
      complete: trailer !== null && damage === null && skippedEvents.length === 0,
      notice: notes.length ? notes.join('; ') : null,
      durationMs,
      keyframes: this.keyframes,
    });
  }

  private damaged(why: string): false {
    this.damage = why;
    return false;
  }
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
