import type { ForkscopeApi } from '../../../shared/contract';

export interface ConnectionStatus {
  connected: boolean;
  /** Why the connection is down, in words a person can act on. */
  reason?: string;
}

/** The one client every view uses; none of them knows which shell is underneath. */
export interface ForkscopeClient extends ForkscopeApi {
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}
