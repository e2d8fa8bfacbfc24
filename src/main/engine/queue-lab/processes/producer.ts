import { encodeFrame, FrameType, frameHeader, HEADER_BYTES, MessageLedger } from '../../../../shared/wire/queue';
import { joinQueue, sendReport } from './connect';

/** A producer: puts its share of messages as fast as its credits (and its rate limit) allow. */
const ledger = new MessageLedger();
let credits = 0;
let sent = 0;
let blockedSince: number | null = null;
let blockedMs = 0;
let raisedFull = false;
let finished = false;
const { config, socket } = joinQueue('producer', (type, payload) => {
  if (type === FrameType.credit) {
    credits += new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true);
    send();
  }
});
const { experiment, id } = config;
// With a duration, a producer puts until time is up; otherwise its share of the messages.
const total =
  experiment.duration !== null
    ? Infinity
    : Math.floor(experiment.messages / experiment.producers) + (id < experiment.messages % experiment.producers ? 1 : 0);
const body = new Uint8Array(experiment.size).fill(id & 0xff);
const startedAt = Date.now();
const deadline = experiment.duration !== null ? startedAt + experiment.duration * 1000 : Infinity;
// A producer blocked on a full queue gets no credit to wake it: end it at the deadline anyway.
if (deadline !== Infinity) setTimeout(() => finish(), deadline - startedAt).unref();

function send(): void {
  if (finished) return;
  const now = Date.now();
  if (now >= deadline) return finish();
  if (blockedSince !== null && credits > 0) {
    blockedMs += now - blockedSince;
    blockedSince = null;
  }
  // Batches of at most 512 messages or about 256 KiB, whichever comes first.
  let allowed = Math.min(credits, total - sent, 512, Math.max(1, Math.floor(262_144 / (20 + experiment.size))));
  if (experiment.rate > 0) {
    const due = Math.floor(((now - startedAt) / 1000) * experiment.rate) + 1;
    allowed = Math.min(allowed, due - sent);
    if (allowed <= 0 && sent < total) setTimeout(send, Math.max(1, 1000 / experiment.rate));
  }
  if (allowed > 0) {
    // Records written straight into the frame: no object per message on the hot path.
    const recordBytes = 20 + body.length;
    const frame = new Uint8Array(HEADER_BYTES + allowed * recordBytes);
    frame.set(frameHeader(FrameType.put, allowed * recordBytes));
    const view = new DataView(frame.buffer);
    const sentAt = performance.timeOrigin + performance.now();
    for (let i = 0, at = HEADER_BYTES; i < allowed; i++, sent++, at += recordBytes) {
      view.setUint32(at, id, true);
      view.setUint32(at + 4, sent, true);
      view.setFloat64(at + 8, sentAt, true);
      view.setUint32(at + 16, body.length, true);
      frame.set(body, at + 20);
      ledger.add(id, sent);
    }
    credits -= allowed;
    socket.write(frame);
  }
  if (sent >= total) return finish();
  if (credits === 0 && blockedSince === null) {
    blockedSince = now;
    // put(timeout=…) on a full queue raises Full, as in the lessons.
    if (experiment.timeoutMs !== null) {
      const since = blockedSince;
      setTimeout(() => {
        if (blockedSince === since && !finished) {
          raisedFull = true;
          finish();
        }
      }, experiment.timeoutMs);
    }
  }
  if (experiment.rate === 0 && credits > 0) setImmediate(send);
}

function finish(): void {
  if (finished) return;
  finished = true;
  if (blockedSince !== null) blockedMs += Date.now() - blockedSince;
  socket.write(encodeFrame(FrameType.done));
  sendReport(socket, { role: 'producer', id, count: ledger.count, sum: ledger.sum, blockedMs, raisedFull }, () => process.exit(0));
}
