import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type CommandName } from '../../shared/contract';
import { dispatchCommand, type CommandHandlers } from './dispatch';

/** Every handler answers the same marker: these tests are about what the contract lets through to a handler. */
const reached = new Proxy({} as CommandHandlers, { get: () => async () => 'reached' });

/** One valid request per command; a new command must be added here, so its schema is checked for strictness too. */
const valid: Record<CommandName, Record<string, unknown>> = {
  'app:info': {},
  'sampler:snapshot': {},
  'sampler:details': { pid: 10, startTime: 5 },
  'sampler:demand': { viewer: 'w1', columns: ['io'], rows: [{ pid: 10, startTime: 5 }] },
  'settings:get': {},
  'settings:set': {},
  'queue:start': {},
  'queue:stop': { experiment: 1 },
  'supervisor:workloads': {},
  'supervisor:spawn': { command: 'true' },
  'supervisor:join': { pid: 10, startTime: 5 },
  'supervisor:signal': { pid: 10, startTime: 5, signal: 'SIGTERM' },
  'supervisor:kill': { pid: 10, startTime: 5 },
  'supervisor:kill-plan': { pid: 10, startTime: 5 },
  'supervisor:renice': { pid: 10, startTime: 5, nice: 5 },
  'supervisor:ionice': { pid: 10, startTime: 5, class: 'best-effort', level: 6 },
  'supervisor:affinity': { pid: 10, startTime: 5, cpus: [0] },
  'supervisor:log': { pid: 10, startTime: 5 },
  'session:status': {},
  'recorder:start': {},
  'recorder:stop': {},
  'replay:upload': { name: 'a.fsrec.gz', offset: 0, data: '', done: false },
  'replay:open': { path: '/tmp/a.fsrec.gz' },
  'replay:close': {},
  'replay:seek': { ms: 0 },
  'replay:play': {},
  'replay:pause': {},
  'replay:jump': { type: 'spawned', direction: 'next' },
  'replay:markers': {},
  'lesson:list': {},
  'lesson:source': { name: 'join', engine: 'python' },
  'lesson:run': { name: 'join', engine: 'python' },
  'lesson:stop': { run: 1 },
  'replay:export': { format: 'csv' },
  'replay:upload-cancel': { uploadId: '0123456789abcdef' },
  'replay:export-piece': { exportId: 'abc', offset: 0 },
};

/** The request as the WebSocket host receives it: parsed from text, so `__proto__` is an own key, not the prototype. */
const fromJson = (request: Record<string, unknown>, extra: string): unknown =>
  JSON.parse(`{${JSON.stringify(request).slice(1, -1)}${Object.keys(request).length ? ',' : ''}${extra}}`);

describe('every request schema of the contract is strict', () => {
  for (const command of COMMAND_NAMES) {
    it(`${command}: a valid request passes; an unknown key or a raw "__proto__" is an invalid request naming the key`, async () => {
      expect(valid[command], `add a valid ${command} request to this table`).toBeDefined();
      expect(await dispatchCommand({ handlers: reached }, command, valid[command])).toEqual({ ok: true, value: 'reached' });
      for (const [extra, key] of [
        ['"zzUnknown": 1', 'zzUnknown'],
        ['"__proto__": {"pid": 1, "producers": 64, "count": 100}', '__proto__'],
      ]) {
        const answer = await dispatchCommand({ handlers: reached }, command, fromJson(valid[command], extra!));
        expect(answer).toMatchObject({ ok: false, error: { kind: 'invalid-request', message: expect.stringContaining(key!) } });
      }
    });
  }

  it('queue:start {"__proto__": …} is refused, not run with the defaults', async () => {
    const answer = await dispatchCommand({ handlers: reached }, 'queue:start', JSON.parse('{"__proto__": {"producers": 64, "consumers": 64}}'));
    expect(answer).toMatchObject({ ok: false, error: { kind: 'invalid-request', message: 'queue:start: request: Unrecognized key: "__proto__"' } });
  });

  it('spawn: an env named __proto__, an env name with "=", and NUL bytes in command, args, cwd or env are refused by field', async () => {
    const cases: Array<[string, string]> = [
      ['{"command": "ls", "env": {"__proto__": "x"}}', 'env.__proto__: an environment variable cannot be named __proto__'],
      ['{"command": "ls", "env": {"A=B": "x"}}', 'env.A=B: an environment variable name must be non-empty'],
      ['{"command": "l\\u0000s"}', 'command: command must not contain a NUL byte'],
      ['{"command": "ls", "args": ["-l", "x\\u0000"]}', 'args.1: each argument must not contain a NUL byte'],
      ['{"command": "ls", "cwd": "/\\u0000tmp"}', 'cwd: cwd (the working folder) must not contain a NUL byte'],
      ['{"command": "ls", "env": {"A": "\\u0000"}}', 'env.A: an environment variable value must not contain a NUL byte'],
      ['{"command": "ls", "env": {"A\\u0000": "x"}}', 'must not contain a NUL byte'],
    ];
    for (const [raw, message] of cases) {
      const answer = await dispatchCommand({ handlers: reached }, 'supervisor:spawn', JSON.parse(raw));
      expect(answer, raw).toMatchObject({ ok: false, error: { kind: 'invalid-request', message: expect.stringContaining(message) } });
    }
  });
});
