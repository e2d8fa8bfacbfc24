import { isStreamName, streams, type CommandName, type StreamName } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';
import { ServerMessageSchema, type ClientMessage } from '../../../shared/ws-envelope';
import type { ConnectionStatus, ForkscopeClient } from './client';

const TOKEN_KEY = 'forkscope.token';
const CLOSE_BAD_TOKEN = 4401;

/**
 * The client in a browser: one WebSocket to `forkscope serve`. The token comes from the URL the
 * host printed; it is moved out of the address bar into this tab's session storage so a
 * screenshot or a shared link does not leak it, and a reload still works.
 */
export function websocketClient(location: Location): ForkscopeClient {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const address = `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;

  let socket: WebSocket | undefined;
  let nextId = 1;
  let status: ConnectionStatus = { connected: false };
  let retryMs = 250;
  let givenUp = false;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<StreamName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    for (const listener of statusListeners) listener(status);
  };
  const send = (message: ClientMessage): boolean => {
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };

  const connect = (): void => {
    const ws = new WebSocket(address);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setStatus({ connected: true });
      for (const stream of listeners.keys()) send({ type: 'subscribe', stream });
    };
    ws.onmessage = (event) => {
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
    ws.onclose = (event) => {
      for (const resolve of pending.values()) resolve(fail('disconnected', 'the connection to Forkscope closed before it answered'));
      pending.clear();
      if (event.code === CLOSE_BAD_TOKEN) {
        givenUp = true;
        setStatus({ connected: false, reason: event.reason || 'missing or wrong token' });
        return;
      }
      setStatus({ connected: false, reason: 'connection to Forkscope lost; reconnecting…' });
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    call: (command: CommandName, request: unknown) =>
      new Promise((resolve) => {
        if (givenUp) return resolve(fail('disconnected', status.reason ?? 'not connected'));
        const id = nextId++;
        const sendNow = (): boolean => send({ type: 'call', id, command, request });
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (sendNow()) return;
        // Not open yet: send once it is, keeping the call's place.
        const unsubscribe = onOpen(() => {
          unsubscribe();
          if (!sendNow()) resolve(fail('disconnected', 'not connected to Forkscope'));
        });
      }) as never,
    subscribe: (stream, listener) => {
      let set = listeners.get(stream);
      if (!set) {
        listeners.set(stream, (set = new Set()));
        send({ type: 'subscribe', stream });
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
    onStatus: (listener) => {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };

  function onOpen(callback: () => void): () => void {
    const listener = (s: ConnectionStatus): void => {
      if (s.connected) callback();
    };
    statusListeners.add(listener);
    return () => statusListeners.delete(listener);
  }
}
