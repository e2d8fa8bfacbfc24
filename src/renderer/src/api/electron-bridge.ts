import type { ForkscopeApi } from '../../../shared/contract';
import type { ForkscopeClient } from './client';

/** The client inside the Electron window: the preload's bridge, already shaped as the contract. */
export function electronClient(bridge: ForkscopeApi): ForkscopeClient {
  return {
    call: (command, request) => bridge.call(command, request),
    subscribe: (stream, listener) => bridge.subscribe(stream, listener),
    onStatus: (listener) => {
      listener({ connected: true });
      return () => {};
    },
  };
}
