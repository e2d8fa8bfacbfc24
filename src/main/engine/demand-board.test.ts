import { describe, expect, it } from 'vitest';
import { DEMAND_TTL_MS, MAX_DEMAND_VIEWERS, type ReadDemand } from '../../shared/demand';
import { DemandBoard } from './demand-board';

describe('DemandBoard: the sampler reads the union of what viewers show', () => {
  it('unites columns and rows, a viewer replaces its own demand, and one that stops renewing lapses', () => {
    let now = 0;
    const seen: ReadDemand[] = [];
    const board = new DemandBoard(
      (demand) => seen.push(demand),
      () => now,
    );
    board.set({ viewer: 'a', columns: ['nice'], rows: [{ pid: 5, startTime: 1 }] });
    board.set({ viewer: 'b', columns: ['io'], rows: [{ pid: 6, startTime: 2 }] });
    expect(board.union()).toEqual({ columns: ['io', 'nice'], rows: ['5@1', '6@2'] });
    board.set({ viewer: 'a', columns: ['nice'], rows: 'all' });
    expect(board.union()).toEqual({ columns: ['io', 'nice'], rows: 'all' });
    // The same union again is not sent again.
    const sent = seen.length;
    board.set({ viewer: 'a', columns: ['nice'], rows: 'all' });
    expect(seen.length).toBe(sent);
    now = DEMAND_TTL_MS - 1;
    board.set({ viewer: 'b', columns: ['io'], rows: [{ pid: 6, startTime: 2 }] });
    now = DEMAND_TTL_MS + 1;
    board.expire();
    expect(board.union()).toEqual({ columns: ['io'], rows: ['6@2'] });
    now = 2 * DEMAND_TTL_MS;
    board.expire();
    expect(board.union()).toEqual({ columns: [], rows: [] });
    board.close();
  });

  it(`refuses a viewer beyond MAX_DEMAND_VIEWERS (${MAX_DEMAND_VIEWERS}), naming the limit`, () => {
    const board = new DemandBoard(() => {});
    for (let i = 0; i < MAX_DEMAND_VIEWERS; i++) board.set({ viewer: `v${i}`, columns: [], rows: [] });
    expect(() => board.set({ viewer: 'one-more', columns: ['io'], rows: [] })).toThrow(/MAX_DEMAND_VIEWERS/);
    // Those already there may still change theirs.
    expect(board.set({ viewer: 'v0', columns: ['io'], rows: [] }).viewers).toBe(MAX_DEMAND_VIEWERS);
    board.close();
  });
});
