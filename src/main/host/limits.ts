import { MAX_MESSAGE_BYTES } from '../../shared/contract';

/**
 * Every limit the host enforces, by name. Each error that enforces one names it; those a person
 * may want to tune are `serve` flags too.
 */
export const HOST_LIMITS = {
  /**
   * Bytes one client may have waiting (its socket's bufferedAmount plus the results and
   * lifecycle events held for it) before it is closed as too slow. `serve --max-client-buffer-mb`.
   */
  MAX_CLIENT_BUFFERED_BYTES: 16 * 1024 * 1024,
  /** Failed token attempts one client address may make per window before it is refused outright. `serve --max-failed-token-attempts`. */
  MAX_FAILED_TOKEN_ATTEMPTS: 10,
  FAILED_TOKEN_WINDOW_MS: 60_000,
  /** Client addresses whose failures are remembered at once; the oldest is forgotten first. */
  MAX_TRACKED_ADDRESSES: 10_000,
  /** Non-space characters a token given with --token must have. */
  MIN_TOKEN_CHARS: 16,
  /** A frame over this closes its connection (1009); between MAX_MESSAGE_BYTES and this, a typed `too-large` answer. */
  MAX_FRAME_BYTES: 16 * MAX_MESSAGE_BYTES,
  /** How long a client closed for being too slow gets to take the close frame before its socket is cut. */
  SLOW_CLIENT_CLOSE_GRACE_MS: 2000,
} as const;

/** The limits one host runs with: the defaults above, or what `serve`'s flags set. */
export interface HostLimits {
  maxClientBufferedBytes: number;
  maxFailedTokenAttempts: number;
  failedTokenWindowMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxClientBufferedBytes: HOST_LIMITS.MAX_CLIENT_BUFFERED_BYTES,
  maxFailedTokenAttempts: HOST_LIMITS.MAX_FAILED_TOKEN_ATTEMPTS,
  failedTokenWindowMs: HOST_LIMITS.FAILED_TOKEN_WINDOW_MS,
};

/** Close code for a client closed because it read too slowly; the browser client reconnects and starts from a keyframe. */
export const CLOSE_SLOW_CLIENT = 4008;
