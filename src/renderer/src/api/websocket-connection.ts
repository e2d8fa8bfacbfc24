import { isStreamName, streams, type CommandName, type StreamName } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';
import { ServerMessageSchema, type ClientMessage, type StreamDetail } from '../../../shared/ws-envelope';
import type { ConnectionStatus, ForkscopeClient } from './client-types';

/** Why the host refused a connection attempt, as its plain HTTP answer on the same path says. */
export interface Refusal {
  reason: string;
  /** false for a wrong token: trying again cannot help. */
  retry: boolean;
}

export interface ConnectionOptions {
  /** The ws:// or wss:// address, token included. */
  address: string;
  /**
   * Asked after an attempt that never opened. A browser hides the HTTP status of a refused
   * WebSocket handshake (every refusal is close code 1006), so the host answers the same
   * check on a plain GET, and this turns its answer into words. null: no refusal known.
   */
  explainRefusal?: () => Promise<Refusal | null>;
}

export const FIRST_RETRY_MS = 250;
export const MAX_RETRY_MS = 5000;

interface Waiting {
  message: ClientMessage & { type: 'call' };
  resolve: (result: Result<unknown>) => void;
}

/**
 * One WebSocket to `forkscope serve`, reconnecting with backoff. A call made while an attempt
 * is under way waits for that attempt only: if it fails, the call fails and is dropped, so a
 * `supervisor:kill` the UI reported as failed can never run later on another connection.
 */
export function connectWebSocket(options: ConnectionOptions): ForkscopeClient & { close(): void } {
  let socket: WebSocket | undefined;
  /** Calls waiting for the attempt in progress; each attempt has its own list, emptied when it opens or fails. */
  let waiting: Waiting[] = [];
  let nextId = 1;
  let status: ConnectionStatus = { connected: false };
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let givenUp = false;
  let closed = false;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<StreamName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  /** How much of the live table this view asks for: 'summary' while the page is hidden. */
  let detail: StreamDetail = 'full';
  const subscribeMessage = (stream: StreamName): ClientMessage =>
    stream === 'engine:events' && detail !== 'full' ? { type: 'subscribe', stream, detail } : { type: 'subscribe', stream };

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    for (const listener of statusListeners) listener(status);
  };
  const send = (message: ClientMessage): boolean => {
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };
  const notConnected = (): string => status.reason ?? 'not connected to Forkscope';

  const onMessage = (event: MessageEvent): void => {
    let parsed;
    try {
      parsed = ServerMessageSchema.safeParse(JSON.parse(String(event.data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      if (!isStreamName(message.stream)) return;
      const checked = streams[message.stream].safeParse(message.payload);
      if (!checked.success) return;
      for (const listener of listeners.get(message.stream) ?? []) listener(checked.data);
    } else {
      setStatus({ connected: true, reason: message.error.message });
    }
  };

  const connect = (): void => {
    retryTimer = undefined;
    if (closed) return;
    const ws = new WebSocket(options.address);
    const waiters: Waiting[] = (waiting = []);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      retryMs = FIRST_RETRY_MS;
      setStatus({ connected: true });
      for (const stream of listeners.keys()) send(subscribeMessage(stream));
      for (const { message, resolve } of waiters.splice(0)) {
        pending.set(message.id, resolve);
        send(message);
      }
    };
    ws.onmessage = onMessage;
    ws.onclose = (event) => {
      for (const resolve of pending.values()) resolve(fail('disconnected', 'the connection to Forkscope closed before it answered'));
      pending.clear();
      const lost = opened ? 'connection to Forkscope lost; reconnecting…' : 'cannot reach Forkscope; retrying…';
      for (const { resolve } of waiters.splice(0)) resolve(fail('disconnected', 'could not connect to Forkscope, so the call was not sent'));
      if (closed) return;
      void explain(opened, event.reason).then((refusal) => {
        if (closed) return;
        if (refusal && !refusal.retry) {
          givenUp = true;
          setStatus({ connected: false, reason: refusal.reason });
          return;
        }
        setStatus({ connected: false, reason: refusal?.reason ?? lost });
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      });
    };
  };

  const explain = async (opened: boolean, closeReason: string): Promise<Refusal | null> => {
    if (opened) return closeReason ? { reason: `${closeReason}; reconnecting…`, retry: true } : null;
    try {
      return (await options.explainRefusal?.()) ?? null;
    } catch {
      return null; // the host is not answering at all: the plain "cannot reach" says it
    }
  };

  connect();

  return {
    call: (command: CommandName, request: unknown) =>
      new Promise((resolve) => {
        if (givenUp || closed) return resolve(fail('disconnected', notConnected()));
        const message = { type: 'call' as const, id: nextId++, command, request };
        if (socket?.readyState === WebSocket.OPEN) {
          pending.set(message.id, resolve as (result: Result<unknown>) => void);
          send(message);
        } else if (socket?.readyState === WebSocket.CONNECTING) {
          waiting.push({ message, resolve: resolve as (result: Result<unknown>) => void });
        } else {
          resolve(fail('disconnected', `${notConnected()} (the call was not sent)`));
        }
      }) as never,
    subscribe: (stream, listener) => {
      let set = listeners.get(stream);
      if (!set) {
        listeners.set(stream, (set = new Set()));
        send(subscribeMessage(stream));
      }
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
        if (set.size === 0) {
          listeners.delete(stream);
          send({ type: 'unsubscribe', stream });
        }
      };
    },
    setDetail: (next) => {
      if (next === detail) return;
      detail = next;
      if (listeners.has('engine:events')) send({ type: 'subscribe', stream: 'engine:events', detail });
    },
    onStatus: (listener) => {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
