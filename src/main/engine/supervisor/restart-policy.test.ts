import { describe, expect, it } from 'vitest';
import { RestartPolicySchema } from '../../../shared/supervision';
import { RestartChain } from './restart-policy';

const policy = (fields: Record<string, unknown>) => RestartPolicySchema.parse(fields);
const failed = { code: 2, signal: null };

describe('RestartChain', () => {
  it('doubles the back-off with each restart in the window, capped, and stops at the limit', () => {
    const chain = new RestartChain(policy({ when: 'on-failure', backoffMs: 100, maxBackoffMs: 350, maxRestarts: 4, windowMs: 10_000 }));
    const delays = [0, 1, 2, 3].map((i) => {
      const d = chain.decide(failed, 1000 + i);
      if (!d.restart) throw new Error(d.message);
      chain.restarts++;
      return d.delayMs;
    });
    expect(delays).toEqual([100, 200, 350, 350]);
    const fifth = chain.decide(failed, 1010);
    expect(fifth).toMatchObject({ restart: false, why: 'limit' });
    if (!fifth.restart) expect(fifth.message).toMatch(/restart\.maxRestarts 4 per restart\.windowMs 10000/);
  });

  it('starts the back-off over once the window has passed without restarts', () => {
    const chain = new RestartChain(policy({ when: 'always', backoffMs: 100, maxRestarts: 2, windowMs: 1000 }));
    expect(chain.decide(failed, 0)).toMatchObject({ restart: true, delayMs: 100 });
    expect(chain.decide(failed, 500)).toMatchObject({ restart: true, delayMs: 200 });
    expect(chain.decide(failed, 900)).toMatchObject({ restart: false, why: 'limit' });
    expect(chain.decide(failed, 2600)).toMatchObject({ restart: true, delayMs: 100 });
  });

  it('restarts on failure only when the exit failed; always restarts a clean exit; never never does', () => {
    expect(new RestartChain(policy({ when: 'on-failure' })).decide({ code: 0, signal: null }, 0)).toMatchObject({ restart: false, why: 'policy' });
    expect(new RestartChain(policy({ when: 'on-failure' })).decide({ code: null, signal: 'SIGKILL' }, 0)).toMatchObject({
      restart: true,
      reason: 'killed by SIGKILL',
    });
    expect(new RestartChain(policy({ when: 'always' })).decide({ code: 0, signal: null }, 0)).toMatchObject({ restart: true, delayMs: 500 });
    expect(new RestartChain(policy({ when: 'never' })).decide(failed, 0)).toMatchObject({ restart: false, why: 'policy' });
  });

  it('holds no more once ended, whatever the exit', () => {
    const chain = new RestartChain(policy({ when: 'always' }));
    chain.end('SIGTERM sent by the person');
    expect(chain.decide(failed, 0)).toMatchObject({ restart: false, why: 'ended', message: 'SIGTERM sent by the person' });
  });

  it('refuses a policy outside its bounds, naming the field', () => {
    const issues = (fields: Record<string, unknown>) => RestartPolicySchema.safeParse(fields).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ when: 'sometimes' })).toHaveLength(1);
    expect(issues({ backoffMs: 1 })).toEqual(['restart.backoffMs must be at least 50 ms']);
    expect(issues({ maxRestarts: 1000 })[0]).toMatch(/restart\.maxRestarts must be at most 100 \(RESTART_BOUNDS\.maxRestartsPerWindow\)/);
    expect(issues({ backoffMs: 5000, maxBackoffMs: 1000 })).toEqual(['restart.maxBackoffMs must not be below restart.backoffMs']);
    expect(RestartPolicySchema.safeParse({ when: 'always', extra: 1 }).success).toBe(false);
  });
});
