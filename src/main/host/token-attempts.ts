import { HOST_LIMITS } from './limits';

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Failed token attempts per client address, in fixed windows. Once an address reaches the
 * limit, every attempt from it is refused without looking at its token until the window ends,
 * so guessing cannot go faster than the limit, and refusals do not extend the window.
 */
export class TokenAttempts {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why this address may not try now, or null when it may. */
  refusal(address: string): string | null {
    const window = this.current(address);
    if (!window || window.failures < this.limit) return null;
    const seconds = Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000);
    return (
      `too many failed token attempts from ${address}: the limit is ${this.limit} per ${this.windowMs / 1000} s ` +
      `(MAX_FAILED_TOKEN_ATTEMPTS, serve --max-failed-token-attempts); try again in ${seconds} s with the URL forkscope serve printed`
    );
  }

  recordFailure(address: string): void {
    let window = this.current(address);
    if (!window) {
      if (this.windows.size >= HOST_LIMITS.MAX_TRACKED_ADDRESSES) this.forgetOldest();
      window = { startedAt: this.now(), failures: 0 };
      this.windows.set(address, window);
    }
    window.failures++;
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= this.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private forgetOldest(): void {
    // A Map iterates in insertion order, which is the order the windows started.
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }
}
