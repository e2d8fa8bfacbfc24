import type { DemandColumn } from '../../../shared/demand';
import type { ProcessInfo } from '../../../shared/model';
import type { IoRate } from './io-rates';
import type { ProcessRow } from './types';

type Demanded = Pick<
  ProcessInfo,
  'cpuTimeMs' | 'nice' | 'priority' | 'virtBytes' | 'stateLetter' | 'shrBytes' | 'ioReadBps' | 'ioWriteBps' | 'ioReadable'
>;

/**
 * htop's columns of one row, only those a viewer shows: a hidden column adds nothing to a keyframe or a sample.
 * Per-row columns (SHR, I/O) are present only for the rows the reader read them for.
 */
export function demandedFields(row: ProcessRow, columns: ReadonlySet<DemandColumn>, io: IoRate | undefined): Demanded {
  const fields: Demanded = {};
  if (columns.size === 0) return fields;
  if (columns.has('cpu-time')) fields.cpuTimeMs = row.cpuTimeMs === null ? null : Math.round(row.cpuTimeMs);
  if (columns.has('nice')) fields.nice = row.nice ?? null;
  if (columns.has('priority')) fields.priority = row.priority ?? null;
  if (columns.has('virt')) fields.virtBytes = row.virtBytes ?? null;
  if (columns.has('state-letter')) fields.stateLetter = row.stateLetter ?? null;
  if (columns.has('shr') && row.shrBytes !== undefined) fields.shrBytes = row.shrBytes;
  if (columns.has('io') && io) {
    fields.ioReadBps = io.readBps;
    fields.ioWriteBps = io.writeBps;
    fields.ioReadable = io.readable;
  }
  return fields;
}

/** The fields above, for the diff that turns a tick into a `sample`. */
export const DEMANDED_FIELDS = [
  'cpuTimeMs',
  'nice',
  'priority',
  'virtBytes',
  'stateLetter',
  'shrBytes',
  'ioReadBps',
  'ioWriteBps',
  'ioReadable',
] as const;
