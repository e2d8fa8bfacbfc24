import { describe, expect, it } from 'vitest';
import { HOST_LIMITS } from './limits';
import { TokenAttempts } from './token-attempts';

describe('failed token attempts per address', () => {
  it('refuses an address that reached the limit until its window ends, without extending it', () => {
    let now = 1_000_000;
    const attempts = new TokenAttempts(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(attempts.refusal('10.0.0.1')).toBeNull();
      attempts.recordFailure('10.0.0.1');
    }
    const refusal = attempts.refusal('10.0.0.1');
    expect(refusal).toMatch(/too many failed token attempts from 10\.0\.0\.1: the limit is 3 per 60 s/);
    expect(refusal).toMatch(/MAX_FAILED_TOKEN_ATTEMPTS, serve --max-failed-token-attempts/);
    expect(attempts.refusal('10.0.0.2')).toBeNull(); // another address is not affected
    now += 59_000;
    expect(attempts.refusal('10.0.0.1')).toMatch(/try again in 1 s/);
    now += 1_000;
    expect(attempts.refusal('10.0.0.1')).toBeNull();
  });

  it(`remembers at most ${HOST_LIMITS.MAX_TRACKED_ADDRESSES} addresses, forgetting the oldest`, () => {
    const attempts = new TokenAttempts(1, 60_000);
    for (let i = 0; i <= HOST_LIMITS.MAX_TRACKED_ADDRESSES; i++) attempts.recordFailure(`a${i}`);
    expect(attempts.refusal('a0')).toBeNull();
    expect(attempts.refusal(`a${HOST_LIMITS.MAX_TRACKED_ADDRESSES}`)).not.toBeNull();
  });
});
