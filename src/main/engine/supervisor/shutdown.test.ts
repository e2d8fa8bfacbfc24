import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for';
import { descendantsOf } from '../../../shared/analysis/tree';
import { readProcessTable } from '../sampler';
import { isAlive, killLeftovers, type Identity } from './__fixtures__/alive';
import { Supervisor } from './supervisor';

describe('engine stop (Supervisor.dispose)', () => {
  it('ends an attached child with its whole subtree, in Forkscope’s own group as in one of its own', async () => {
    const supervisor = new Supervisor();
    const left: Identity[] = [];
    try {
      const [plain] = await supervisor.spawn({ command: 'sh', args: ['-c', 'sleep 304 & sleep 305 & wait'] });
      const [grouped] = await supervisor.spawn({ command: 'sh', args: ['-c', 'sleep 304 & sleep 305 & wait'], newSession: true });
      const subtree = await waitFor('both shells to have two sleeps', () => {
        const table = readProcessTable();
        const found = [plain!, grouped!].map((root) => descendantsOf(table, root.pid).filter((p) => p.name === 'sleep'));
        return found.every((sleeps) => sleeps.length === 2) && found.flat();
      });
      left.push(...subtree);
      await supervisor.dispose(500);
      await waitFor('the shells and their sleeps to be gone', () => [plain!, grouped!, ...subtree].every((p) => !isAlive(p)), 3000);
      expect(subtree.filter(isAlive)).toEqual([]);
    } finally {
      await supervisor.dispose(200);
      killLeftovers(left);
    }
  });
});
