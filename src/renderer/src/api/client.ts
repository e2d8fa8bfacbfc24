import { electronClient } from './electron-bridge';
import type { ForkscopeClient } from './client-types';
import { websocketClient } from './websocket';

// The types live apart from createClient, which needs a browser, so Node-run tests can use them.
export type { ConnectionStatus, ForkscopeClient } from './client-types';

export function createClient(): ForkscopeClient {
  if (window.forkscope) return electronClient(window.forkscope);
  return websocketClient(window.location);
}
