import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/contract';
import type { Outcome } from '../state/actions';

export interface FetchedExport {
  fileName: string;
  mimeType: string;
  /** The text in the pieces it came in: a Blob joins them, so no one string holds a large export. */
  parts: string[];
}

type Call = <K extends CommandName>(command: K, request: CommandRequest<K>) => Promise<Outcome<CommandResponse<K>>>;

/** Asks the engine for an export and fetches every piece of it. */
export async function fetchExport(call: Call, format: 'perfetto' | 'csv' | 'summary'): Promise<Outcome<FetchedExport>> {
  const first = await call('replay:export', { format });
  if (!first.ok) return first;
  const { fileName, mimeType, text, exportId } = first.value;
  const parts = [text];
  for (let next = first.value.next; next !== null && exportId !== null;) {
    const piece = await call('replay:export-piece', { exportId, offset: next });
    if (!piece.ok) return piece;
    parts.push(piece.value.text);
    next = piece.value.next;
  }
  return { ok: true, value: { fileName, mimeType, parts } };
}
