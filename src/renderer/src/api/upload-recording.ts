import type { Result } from '../../../shared/result';
import type { ForkscopeClient } from './client-types';

/** Bytes of file per piece: base64 of 36 KiB stays well inside the contract's message limit. */
const PIECE_BYTES = 36 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends a recording the person picked or dropped to the engine, piece by piece (a browser
 * cannot hand over a path), and answers with the path the engine saved it under.
 */
export async function uploadRecording(
  client: ForkscopeClient,
  file: File,
  onProgress: (fraction: number) => void = () => {},
): Promise<Result<string>> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let uploadId: string | undefined;
  for (let offset = 0; ; offset += PIECE_BYTES) {
    const piece = bytes.subarray(offset, offset + PIECE_BYTES);
    const done = offset + PIECE_BYTES >= bytes.length;
    const result = await client.call('replay:upload', { ...(uploadId ? { uploadId } : {}), name: file.name, offset, data: toBase64(piece), done });
    if (!result.ok) {
      // What arrived so far is of no use now: let the engine free it rather than wait for it to be abandoned.
      if (uploadId) void client.call('replay:upload-cancel', { uploadId });
      return result;
    }
    uploadId = result.value.uploadId;
    onProgress(Math.min(1, (offset + piece.length) / Math.max(1, bytes.length)));
    if (done)
      return result.value.path
        ? { ok: true, value: result.value.path }
        : { ok: false, error: { kind: 'internal', message: 'the engine did not say where it saved the recording' } };
  }
}
