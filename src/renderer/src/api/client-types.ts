import type { ForkscopeApi } from '../../../shared/contract';
import type { StreamDetail } from '../../../shared/ws-envelope';

export interface ConnectionStatus {
  connected: boolean;
  /** Why the connection is down, in words a person can act on. */
  reason?: string;
}

/** The one client every view uses; none of them knows which shell is underneath. */
export interface ForkscopeClient extends ForkscopeApi {
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /**
   * Asks for less of the live table while the view is hidden ('summary': the system header and Problems, not
   * per-process history) and for all of it again when shown. Where the shell has no such request, absent.
   */
  setDetail?(detail: StreamDetail): void;
}
