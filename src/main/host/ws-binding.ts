import type { WebSocket } from 'ws';
import { isStreamName, MAX_MESSAGE_BYTES, type StreamPayload } from '../../shared/contract';
import type { Failure } from '../../shared/result';
import { ClientMessageSchema, type ServerMessage, type StreamDetail } from '../../shared/ws-envelope';
import { summaryPayload } from './stream-detail';
import { dispatchCommand, type ContractProvider } from '../engine/dispatch';
import { ClientOutbox, type OutboxStats } from './client-outbox';
import { CLOSE_SLOW_CLIENT, HOST_LIMITS, type HostLimits } from './limits';

/** What waits to be sent to one client, and how many messages it has sent (so a test knows they were all handled). */
export type ClientStats = OutboxStats & { messagesIn: number };

export interface ClientHandle {
  stats(): ClientStats;
}

/**
 * Binds one WebSocket client to the engine. A message that breaks the contract gets a typed
 * error back on this socket only; a frame that breaks the protocol closes this connection (ws
 * picks 1002, 1007 or 1009); a client too slow to keep up is closed with the reason; the
 * server and every other client carry on.
 */
export function bindClient(socket: WebSocket, engine: ContractProvider, limits: HostLimits): ClientHandle {
  const subscriptions = new Map<string, () => void>();
  const release = (): void => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  };
  const outbox = new ClientOutbox(
    {
      get bufferedAmount() {
        return socket.bufferedAmount;
      },
      send: (text, done) => socket.send(text, done),
    },
    { maxBufferedBytes: limits.maxClientBufferedBytes, watermarkBytes: Math.floor(limits.maxClientBufferedBytes / 4) },
    (held) => {
      release();
      socket.close(
        CLOSE_SLOW_CLIENT,
        `too slow: ${held} bytes waiting, over MAX_CLIENT_BUFFERED_BYTES ${limits.maxClientBufferedBytes} (serve --max-client-buffer-mb)`.slice(
          0,
          123,
        ),
      );
      setTimeout(() => socket.terminate(), HOST_LIMITS.SLOW_CLIENT_CLOSE_GRACE_MS).unref();
    },
  );
  /** Uploads this client started: what it has not opened is dropped when it goes away. */
  const uploads = new Set<string>();
  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) outbox.push(message);
  };
  const reject = (error: Failure, id?: number): void => {
    send(id === undefined ? { type: 'error', error } : { type: 'result', id, result: { ok: false, error } });
  };

  // ws has already chosen the close code for a protocol error and started closing; without a listener, the error would end the process.
  socket.on('error', () => {});

  let messagesIn = 0;
  /** How much of the live table this client's view wants: 'summary' while it is hidden (see ClientMessageSchema). */
  let detail: StreamDetail = 'full';
  socket.on('message', (data, isBinary) => {
    messagesIn++;
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
    if (size > MAX_MESSAGE_BYTES) {
      reject({ kind: 'too-large', message: `message of ${size} bytes refused: the limit is ${MAX_MESSAGE_BYTES} bytes (MAX_MESSAGE_BYTES)` });
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
      // Only an id the reply's schema can carry is echoed; anything else gets an untied error.
      const id = Number.isSafeInteger((raw as { id?: unknown })?.id) ? (raw as { id: number }).id : undefined;
      reject({ kind: 'invalid-request', message: `message refused: ${parsed.error.issues[0]?.message ?? 'wrong shape'}` }, id);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'call':
        void dispatchCommand(engine, message.command, message.request).then((result) => {
          if (message.command === 'replay:upload' && result.ok) uploads.add((result.value as { uploadId: string }).uploadId);
          send({ type: 'result', id: message.id, result });
        });
        return;
      case 'subscribe': {
        const { stream } = message;
        if (!isStreamName(stream)) {
          reject({ kind: 'unknown-command', message: `unknown stream ${JSON.stringify(stream)}` });
          return;
        }
        const wanted = message.detail ?? 'full';
        // Hidden to shown: subscribing anew starts the view from the live table (the metrics it did not get meanwhile).
        if (stream === 'engine:events' && detail === 'summary' && wanted === 'full') {
          subscriptions.get(stream)?.();
          subscriptions.delete(stream);
        }
        if (stream === 'engine:events') detail = wanted;
        if (!subscriptions.has(stream)) {
          subscriptions.set(
            stream,
            engine.subscribe(stream, (payload) => {
              const sent = stream === 'engine:events' && detail === 'summary' ? summaryPayload(payload as StreamPayload<'engine:events'>) : payload;
              if (sent) send({ type: 'event', stream, payload: sent });
            }),
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
    for (const uploadId of uploads) void dispatchCommand(engine, 'replay:upload-cancel', { uploadId });
    uploads.clear();
    release();
    outbox.clear();
  });
  return { stats: () => ({ ...outbox.stats(), messagesIn }) };
}
