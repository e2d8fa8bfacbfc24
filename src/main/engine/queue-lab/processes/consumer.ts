import { decodeMessages, encodeFrame, encodeU32, forEachRecord, FrameType, MessageLedger } from '../../../../shared/wire/queue';
import { joinQueue, sendReport } from './connect';

/**
 * A consumer: takes messages, spends the configured work time on each, and counts them. With
 * work to do it takes one at a time, as get() does; otherwise it asks for batches.
 */
const ledger = new MessageLedger();
const latencies: number[] = [];
let pending: Uint8Array[] = [];
let working = false;
let stopping = false;
const { config, socket } = joinQueue('consumer', (type, payload) => {
  if (type === FrameType.deliver) {
    pending.push(payload);
    void work();
  } else if (type === FrameType.sentinel) {
    stopping = true;
    void work();
  }
});
const batch = config.experiment.workMs > 0 ? 1 : 1024;

// Test-only fault (FORKSCOPE_QUEUE_FAULTS=drop-and-duplicate): consumer 0 drops its first
// message and counts its second twice, so the counts agree and only the hashes can tell.
let faultsLeft = process.env.FORKSCOPE_QUEUE_FAULTS === 'drop-and-duplicate' && config.id === 0 ? 2 : 0;
function account(producer: number, seq: number): void {
  if (faultsLeft > 0) {
    if (faultsLeft-- === 2) return;
    ledger.add(producer, seq);
  }
  ledger.add(producer, seq);
}
socket.write(encodeU32(FrameType.want, batch));

/** The latencies of the current tenth of a second (the first 512), sent as p50/p99 for the live chart. */
let windowLatencies: number[] = [];
setInterval(() => {
  if (windowLatencies.length === 0 || stopping) return;
  const sorted = windowLatencies.sort((a, b) => a - b);
  windowLatencies = [];
  const payload = new Uint8Array(16);
  const view = new DataView(payload.buffer);
  view.setFloat64(0, sorted[Math.floor(sorted.length * 0.5)]!, true);
  view.setFloat64(8, sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!, true);
  socket.write(encodeFrame(FrameType.latency, payload));
}, 100).unref();

/** A uniform sample of at most 2,000 latencies (reservoir sampling), so the report stays small. */
let seen = 0;
function sampleLatency(ms: number): void {
  if (windowLatencies.length < 512) windowLatencies.push(ms);
  seen++;
  if (latencies.length < 2000) latencies.push(ms);
  else {
    const slot = Math.floor(Math.random() * seen);
    if (slot < 2000) latencies[slot] = ms;
  }
}

async function work(): Promise<void> {
  if (working) return;
  working = true;
  while (pending.length > 0) {
    const frames = pending;
    pending = [];
    for (const frame of frames) {
      let count: number;
      if (config.experiment.workMs > 0) {
        const messages = decodeMessages(frame);
        for (const m of messages) {
          await new Promise((resolve) => setTimeout(resolve, config.experiment.workMs));
          account(m.producer, m.seq);
          sampleLatency(performance.timeOrigin + performance.now() - m.sentAt);
        }
        count = messages.length;
      } else {
        // The hot path: read the fields in place.
        const now = performance.timeOrigin + performance.now();
        count = forEachRecord(frame, (producer, seq, sentAt) => {
          account(producer, seq);
          sampleLatency(now - sentAt);
        });
      }
      socket.write(encodeU32(FrameType.taskDone, count));
      if (!stopping) socket.write(encodeU32(FrameType.want, count));
    }
  }
  working = false;
  if (stopping) sendReport(socket, { role: 'consumer', id: config.id, count: ledger.count, sum: ledger.sum, latencies }, () => process.exit(0));
}
