import { COMMAND_NAMES, commands, isStreamName, MAX_MESSAGE_BYTES, STREAM_NAMES, type CommandName } from '../../shared/contract';
import { ClientMessageSchema } from '../../shared/ws-envelope';

/** A small seeded generator (mulberry32): the same seed gives the same messages on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the host must answer to a message: a result with this id, an `error` message, or nothing. */
export type Expected = { kind: 'result'; id: number } | { kind: 'error' } | { kind: 'none' };

export interface HostileMessage {
  data: string | Buffer;
  expect: Expected;
  /** A short description, for a failure's message. */
  label: string;
}

/**
 * Commands that act on this machine (start, signal or kill processes, write or read files):
 * the fuzzer only ever sends them requests their schema refuses, so a run can never do harm.
 */
const ACTING: ReadonlySet<CommandName> = new Set<CommandName>([
  'supervisor:spawn',
  'supervisor:signal',
  'supervisor:kill',
  'supervisor:join',
  'queue:start',
  'lesson:run',
  'recorder:start',
  'replay:open',
  'replay:upload',
  'settings:set',
]);

const NASTY_STRINGS = [
  '',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  'a\u0000b',
  '../../../../etc/passwd',
  '/dev/zero',
  '%s%n%x',
  '<script>alert(1)</script>',
  '\ud800',
  '𝕏'.repeat(50),
  'x'.repeat(5000),
  'SIGKILL',
  'engine:events',
  'app:info',
];
const NASTY_NUMBERS = [0, -1, 1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e-308, 4194304, 1];
const FIELD_NAMES = [
  'pid',
  'startTime',
  'signal',
  'tree',
  'path',
  'experiment',
  'run',
  'name',
  'engine',
  'ms',
  'speed',
  'type',
  'direction',
  'format',
  'mode',
];

export class HostileMessages {
  private readonly random: () => number;
  private nextCallId = 1;
  private nextNegativeId = -1;

  constructor(readonly seed: number) {
    this.random = seededRandom(seed);
  }

  next(): HostileMessage {
    const roll = this.random();
    if (roll < 0.05) return this.garbageText();
    if (roll < 0.08) return { data: Buffer.from(this.bytes(this.int(64))), expect: { kind: 'error' }, label: 'binary frame' };
    if (roll < 0.085)
      return { data: `{"type":"call","id":1,"pad":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}`, expect: { kind: 'error' }, label: 'over MAX_MESSAGE_BYTES' };
    if (roll < 0.1) return this.deep();
    if (roll < 0.2) return this.subscription();
    if (roll < 0.35) return this.brokenEnvelope();
    return this.call();
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.int(256));
  }

  /** Any JSON value, nested at most `depth` deep, leaning towards what breaks parsers and schemas. */
  value(depth: number): unknown {
    const roll = this.random();
    if (depth <= 0 || roll < 0.45) {
      const kind = this.int(6);
      if (kind === 0) return null;
      if (kind === 1) return this.random() < 0.5;
      if (kind === 2) return this.pick(NASTY_NUMBERS);
      if (kind === 3) return this.int(100_000);
      return this.pick(NASTY_STRINGS);
    }
    if (roll < 0.65) return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
    const object: Record<string, unknown> = {};
    for (let i = this.int(5); i > 0; i--) {
      const key = this.random() < 0.6 ? this.pick(FIELD_NAMES) : this.pick(NASTY_STRINGS);
      Object.defineProperty(object, key, { value: this.value(depth - 1), enumerable: true, writable: true, configurable: true });
    }
    return object;
  }

  /** A request for `command`; for commands that act on the machine, always one their schema refuses. */
  private request(command: CommandName): unknown {
    for (let tries = 0; tries < 20; tries++) {
      const request = this.value(3);
      if (!ACTING.has(command) || !commands[command].request.safeParse(request).success) return request;
    }
    return 'not a request';
  }

  private call(): HostileMessage {
    const known = this.random() < 0.85;
    const command = known ? this.pick(COMMAND_NAMES) : this.pick(NASTY_STRINGS);
    const request = known ? this.request(command as CommandName) : this.value(2);
    const id = this.nextCallId++;
    const message: Record<string, unknown> = { type: 'call', id, command, request };
    if (this.random() < 0.1) message[this.pick(NASTY_STRINGS)] = this.value(1);
    return this.classify(message, `call ${String(command)}`);
  }

  private brokenEnvelope(): HostileMessage {
    const message: Record<string, unknown> = {};
    if (this.random() < 0.8) message.type = this.pick(['call', 'subscribe', 'unsubscribe', 'CALL', '', 'result', 'event', 7, null]);
    const idKind = this.int(4);
    if (idKind === 0) message.id = this.nextNegativeId--;
    else if (idKind === 1) message.id = this.pick([1.5, '7', 2 ** 64, null, [], {}, -0.5]);
    if (this.random() < 0.5) message.command = this.random() < 0.5 ? this.pick(COMMAND_NAMES) : this.value(1);
    if (this.random() < 0.3) message.stream = this.value(1);
    if (this.random() < 0.5) message.request = this.value(2);
    return this.classify(message, 'broken envelope');
  }

  private subscription(): HostileMessage {
    const stream = this.random() < 0.5 ? this.pick(STREAM_NAMES) : this.pick(NASTY_STRINGS);
    return this.classify({ type: this.random() < 0.6 ? 'subscribe' : 'unsubscribe', stream }, 'subscription');
  }

  private garbageText(): HostileMessage {
    const texts = [
      '{',
      '[1,2',
      'nul',
      '{"type":"call","id":',
      '"just a string"',
      '42',
      'null',
      '[]',
      '\u0000\u0001',
      String.fromCharCode(...this.bytes(40)),
    ];
    const data = this.pick(texts);
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return { data, expect: { kind: 'error' }, label: 'not JSON' };
    }
    return { ...this.classify(parsed, 'JSON that is no message'), data };
  }

  /** Arrays nested thousands deep: fine for JSON.parse, fatal for a recursive stringify of what is kept. */
  private deep(): HostileMessage {
    const depth = 100 + this.int(6000);
    const request = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
    const picked = this.pick(COMMAND_NAMES);
    const command = ACTING.has(picked) && commands[picked].request.safeParse(request).success ? 'app:info' : picked;
    const id = this.nextCallId++;
    // Written by hand: JSON.stringify itself would overflow the stack on it.
    const data = `{"type":"call","id":${id},"command":"${command}","request":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    return { data, expect: { kind: 'result', id }, label: `call ${command} ${depth} deep` };
  }

  /** What the host answers, decided the way it decides: the envelope first, then the stream name. */
  private classify(message: unknown, label: string): HostileMessage {
    const data = JSON.stringify(message);
    const parsed = ClientMessageSchema.safeParse(message);
    if (!parsed.success) {
      const id = (message as { id?: unknown } | null)?.id;
      return { data, label, expect: Number.isSafeInteger(id) ? { kind: 'result', id: id as number } : { kind: 'error' } };
    }
    const envelope = parsed.data;
    if (envelope.type === 'call') return { data, label, expect: { kind: 'result', id: envelope.id } };
    if (envelope.type === 'subscribe' && !isStreamName(envelope.stream)) return { data, label, expect: { kind: 'error' } };
    return { data, label, expect: { kind: 'none' } };
  }
}
