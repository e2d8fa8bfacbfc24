/** English UI text; zh-CN.ts must have exactly the same keys (a unit test checks). */
export const en = {
  app: {
    title: 'Forkscope',
    live: 'live',
    offline: 'offline',
    engine: '{{shell}} pid {{pid}} · {{platform}} · v{{version}}',
    shellElectron: 'desktop',
    shellHost: 'host',
    counts: '{{processes}} processes · {{zombies}} zombies · {{orphans}} orphans',
    loading: 'Reading the process table…',
  },
  table: {
    label: 'Processes',
    pid: 'PID',
    ppid: 'PPID',
    name: 'Name',
    state: 'State',
    cpu: 'CPU %',
    memory: 'Memory',
    user: 'User',
    command: 'Command',
    thisHost: 'this host',
    zombie: 'zombie',
    orphan: 'orphan',
  },
  state: {
    running: 'running',
    sleeping: 'sleeping',
    'disk-sleep': 'disk sleep',
    stopped: 'stopped',
    zombie: 'zombie',
    idle: 'idle',
    dead: 'dead',
    unknown: 'unknown',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
