import { afterEach, beforeEach } from 'vitest';
import { Supervisor } from '../supervisor';
import { killLeftovers, type Identity } from './alive';

/**
 * A fresh Supervisor for each test, disposed after it, and a list of processes the test made
 * outside the supervisor that are SIGKILLed if still running: a failed test leaks nothing.
 */
export function supervisorPerTest(): { readonly supervisor: Supervisor; started: Identity[] } {
  let current: Supervisor | undefined;
  const started: Identity[] = [];
  beforeEach(() => {
    current = new Supervisor();
  });
  afterEach(async () => {
    await current?.dispose(200);
    killLeftovers(started);
  });
  return {
    get supervisor() {
      if (!current) throw new Error('the supervisor exists only inside a test');
      return current;
    },
    started,
  };
}
