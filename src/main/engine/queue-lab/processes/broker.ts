import { createServer, type Socket } from 'node:net';
import { encodeFrame, encodeU32, forEachRecord, FrameReader, FrameType, frameHeader, measureRecords } from '../../../../shared/wire/queue';
import { RecordQueue } from './record-queue';
import type { ProcessConfig } from '../config';

/**
 * The node engine's queue: one process that holds a bounded queue for its producers and
 * consumers. Capacity is kept exact with credits: a producer may send only as many messages as
 * it holds credits, and credits are granted only for free slots, so the depth including
 * messages in flight never exceeds the capacity and a producer really blocks when it is full.
 * Counts are kept in place and reported on stdout at 10 Hz, off the hot path.
 */
const config = JSON.parse(process.env.FORKSCOPE_QUEUE ?? '{}') as ProcessConfig;
const { capacity, producers: producerCount, consumers: consumerCount, termination } = config.experiment;

interface Peer {
  socket: Socket;
  role: 'producer' | 'consumer';
  id: number;
  credits: number;
  want: number;
  done: boolean;
  stopped: boolean;
  reported: boolean;
  /** Records delivered to this consumer and not yet reported done: what is lost if it dies. */
  inFlight: RecordQueue;
  /** The consumer's latest latency figures and when they came. */
  latency: { p50: number; p99: number; at: number } | null;
}

/** Messages as their encoded records: the broker forwards bytes and never decodes a message. */
const queue = new RecordQueue();
let outstandingCredits = 0;
const peers: Peer[] = [];
const reports: unknown[] = [];
const counts = { puts: 0, gets: 0, taskDone: 0 };
/** The clock starts with the first message, not with the processes starting up. */
let startedAt = Date.now();
let firstPut = true;

const depth = (): number => queue.size;
// Kept by role as peers join, so the hot path does not filter on every frame.
const producerPeers: Peer[] = [];
const consumerPeers: Peer[] = [];
const producers = (): Peer[] => producerPeers;
const consumers = (): Peer[] => consumerPeers;
/** Credits go out in lumps of at least this many: fewer, larger frames, and never beyond capacity. */
const creditLump = Math.max(1, Math.floor(capacity / 8));

function pump(): void {
  // Hand messages to consumers that want them.
  for (const consumer of consumers()) {
    if (consumer.want === 0 || consumer.stopped || depth() === 0) continue;
    const n = Math.min(consumer.want, depth());
    const runs = queue.take(n);
    consumer.want -= n;
    counts.gets += n;
    // One frame, written as its header and the records as they arrived (no copy).
    let bytes = 0;
    for (const run of runs) bytes += run.bytes.length;
    consumer.socket.cork();
    consumer.socket.write(frameHeader(FrameType.deliver, bytes));
    for (const run of runs) {
      consumer.socket.write(run.bytes);
      consumer.inFlight.push(run);
    }
    consumer.socket.uncork();
  }
  // Grant the free slots to producers still sending, those holding the fewest credits first: granted from the first producer
  // each time, a slow (rate-limited) one hoarded unused credits while another sat at 0, blocked beside an empty queue.
  // Producers still starting up have their share kept for them: the first to join took every slot, and the next sat
  // blocked beside an empty queue until the first one's rate let it put.
  const absent = producerCount - producers().length;
  let free = capacity - depth() - outstandingCredits - absent * Math.floor(capacity / producerCount);
  const sending = free >= creditLump ? producers().filter((p) => !p.done) : [];
  sending.sort((a, b) => a.credits - b.credits);
  for (let i = 0; free > 0 && sending.length > 0; i = (i + 1) % sending.length) {
    const grant = Math.max(1, Math.floor(free / sending.length));
    sending[i]!.credits += grant;
    outstandingCredits += grant;
    free -= grant;
    sending[i]!.socket.write(encodeU32(FrameType.credit, grant));
  }
  maybeStop();
}

function maybeStop(): void {
  if (producers().length < producerCount || producers().some((p) => !p.done) || depth() > 0) return;
  if (termination === 'joinable' && counts.taskDone < counts.puts) return;
  // One sentinel per consumer, as the lessons put them.
  for (const consumer of consumers()) {
    if (consumer.stopped) continue;
    consumer.stopped = true;
    consumer.socket.write(encodeFrame(FrameType.sentinel));
  }
}

function onFrame(peer: Peer | undefined, socket: Socket, type: number, payload: Uint8Array): Peer | undefined {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  switch (type) {
    case FrameType.hello: {
      const joined: Peer = {
        socket,
        role: payload[0] === 1 ? 'producer' : 'consumer',
        id: view.getUint32(1, true),
        credits: 0,
        want: 0,
        done: false,
        stopped: false,
        reported: false,
        inFlight: new RecordQueue(),
        latency: null,
      };
      peers.push(joined);
      (joined.role === 'producer' ? producerPeers : consumerPeers).push(joined);
      pump();
      return joined;
    }
    case FrameType.put: {
      if (firstPut) {
        firstPut = false;
        startedAt = Date.now();
      }
      const { count } = measureRecords(payload);
      peer!.credits -= count;
      outstandingCredits -= count;
      counts.puts += count;
      queue.push({ bytes: payload, count });
      break;
    }
    case FrameType.want:
      peer!.want += view.getUint32(0, true);
      break;
    case FrameType.taskDone: {
      const n = view.getUint32(0, true);
      counts.taskDone += n;
      peer!.inFlight.take(n);
      break;
    }
    case FrameType.done:
      peer!.done = true;
      outstandingCredits -= peer!.credits;
      peer!.credits = 0;
      break;
    case FrameType.latency:
      peer!.latency = { p50: view.getFloat64(0, true), p99: view.getFloat64(8, true), at: Date.now() };
      return peer;
    case FrameType.report:
      peer!.reported = true;
      reports.push(JSON.parse(new TextDecoder().decode(payload)));
      // Nothing more goes to this peer: closing our side is what lets it exit (it waits for that, see connect.ts).
      socket.end();
      if (reports.length === producerCount + consumerCount) finish();
      return peer;
    default:
      throw new Error(`unexpected frame type ${type}`);
  }
  pump();
  return peer;
}

function snapshot() {
  // Figures older than half a second belong to a consumer that is idle or gone.
  const recent = consumers().flatMap((c) => (c.latency && Date.now() - c.latency.at < 500 ? [c.latency] : []));
  return {
    p50LatencyMs: recent.length ? Math.max(...recent.map((l) => l.p50)) : null,
    p99LatencyMs: recent.length ? Math.max(...recent.map((l) => l.p99)) : null,
    t: Date.now(),
    puts: counts.puts,
    gets: counts.gets,
    // Messages the queue holds now (those delivered have left it); apart from them, the slots granted as credits for puts on
    // their way. The two together never exceed the capacity.
    depth: depth(),
    inFlight: outstandingCredits,
    taskDone: counts.taskDone,
    blockedProducers: producers().filter((p) => !p.done && p.credits === 0).length,
    waitingConsumers: consumers().filter((c) => !c.stopped && c.want > 0 && depth() === 0).length,
  };
}

const writeMetrics = (): void => void process.stdout.write(`${JSON.stringify({ type: 'metrics', ...snapshot() })}\n`);
const metrics = setInterval(writeMetrics, 100);

/** A consumer died mid-run: name the messages it held, and stop the experiment cleanly. */
function consumerLost(peer: Peer): void {
  const held: Array<{ producer: number; seq: number }> = [];
  for (const run of peer.inFlight.remaining()) forEachRecord(run.bytes, (producer, seq) => held.push({ producer, seq }));
  finish({ consumerLost: { id: peer.id, inFlightCount: held.length, inFlight: held.slice(0, 100) } });
}

let finished = false;
function finish(failure: object = {}): void {
  if (finished) return;
  finished = true;
  clearInterval(metrics);
  // The figures at the end, so a chart ends where the run did (drained, or what a lost consumer left), not up to 100 ms before.
  writeMetrics();
  server.close();
  for (const peer of peers) peer.socket.destroy();
  // Exit only once the report has left: a pipe write can still be pending.
  process.stdout.write(`${JSON.stringify({ type: 'final', seconds: (Date.now() - startedAt) / 1000, ...snapshot(), reports, ...failure })}\n`, () =>
    process.exit(0),
  );
}

const server = createServer((socket) => {
  const reader = new FrameReader();
  let peer: Peer | undefined;
  socket.on('data', (chunk) => {
    try {
      for (const frame of reader.push(chunk)) peer = onFrame(peer, socket, frame.type, frame.payload);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ type: 'error', message: (error as Error).message })}\n`);
      socket.destroy();
    }
  });
  // A peer leaves only after we end its connection (connect.ts), so a credit on its way can no longer race its exit;
  // what a lost connection means for the experiment, the close handler tells.
  socket.on('error', () => {});
  socket.on('close', () => {
    if (peer && peer.role === 'consumer' && !peer.reported && !finished) consumerLost(peer);
  });
});
server.listen(config.socketPath, () => process.stdout.write(`${JSON.stringify({ type: 'listening', socketPath: config.socketPath })}\n`));
