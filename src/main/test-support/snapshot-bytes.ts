/** What a test lets `forkscope snapshot --json` print through spawnSync: a machine with 10,000 processes prints ~5 MiB, past Node's 1 MiB default. */
export const SNAPSHOT_BYTES = 64 * 1024 * 1024;
