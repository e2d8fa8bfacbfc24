import type { WebSocket } from 'ws';
import { isStreamName, MAX_MESSAGE_BYTES } from '../../shared/contract';
import type { Failure } from '../../shared/result';
import { ClientMessageSchema, type ServerMessage } from '../../shared/ws-envelope';
import { dispatchCommand, type ContractProvider } from '../engine/dispatch';

/**
 * Binds one WebSocket client to the engine. A message that breaks the contract gets a typed
 * error back on this socket only; the connection and every other client carry on.
 */
export function bindClient(socket: WebSocket, engine: ContractProvider): void {
  const subscriptions = new Map<string, () => void>();
  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const reject = (error: Failure, id?: number): void => {
    send(id === undefined ? { type: 'error', error } : { type: 'result', id, result: { ok: false, error } });
  };

  socket.on('message', (data, isBinary) => {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
    if (size > MAX_MESSAGE_BYTES) {
      reject({ kind: 'too-large', message: `message of ${size} bytes refused: the limit is ${MAX_MESSAGE_BYTES} bytes` });
      return;
    }
    if (isBinary) {
      reject({ kind: 'not-json', message: 'binary message refused: the contract speaks JSON text' });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      reject({ kind: 'not-json', message: 'message refused: it is not valid JSON' });
      return;
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : undefined;
      reject({ kind: 'invalid-request', message: `message refused: ${parsed.error.issues[0]?.message ?? 'wrong shape'}` }, id);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'call':
        void dispatchCommand(engine.handlers, message.command, message.request).then((result) => send({ type: 'result', id: message.id, result }));
        return;
      case 'subscribe': {
        const { stream } = message;
        if (!isStreamName(stream)) {
          reject({ kind: 'unknown-command', message: `unknown stream ${JSON.stringify(stream)}` });
          return;
        }
        if (!subscriptions.has(stream)) {
          subscriptions.set(
            stream,
            engine.subscribe(stream, (payload) => send({ type: 'event', stream, payload })),
          );
        }
        return;
      }
      case 'unsubscribe':
        subscriptions.get(message.stream)?.();
        subscriptions.delete(message.stream);
        return;
    }
  });

  socket.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}
