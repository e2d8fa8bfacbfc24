import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameReader, FrameType } from '../../../../shared/wire/queue';
import type { ProcessConfig } from '../config';

/** Set once this process's report has left: from then on the broker closing the connection is the expected end. */
let reported = false;

/** Connects a producer or consumer to the broker and hands it each frame. */
export function joinQueue(
  role: 'producer' | 'consumer',
  onFrame: (type: number, payload: Uint8Array, socket: Socket) => void,
): { config: ProcessConfig; socket: Socket } {
  const config = JSON.parse(process.env.FORKSCOPE_QUEUE ?? '{}') as ProcessConfig;
  const socket = connect(config.socketPath);
  const hello = new Uint8Array(5);
  hello[0] = role === 'producer' ? 1 : 2;
  new DataView(hello.buffer).setUint32(1, config.id, true);
  socket.write(encodeFrame(FrameType.hello, hello));
  const reader = new FrameReader();
  socket.on('data', (chunk) => {
    for (const frame of reader.push(chunk)) onFrame(frame.type, frame.payload, socket);
  });
  socket.on('error', (error) => {
    // After the report, the broker ending the whole experiment (and so this connection) abruptly is not a failure.
    if (reported) return;
    process.stderr.write(`queue ${role} ${config.id}: ${error.message}\n`);
    process.exit(1);
  });
  return { config, socket };
}

/**
 * Sends the final report and leaves only once the broker has closed its side. Leaving as soon as the report is
 * written would race the broker: a credit it sends meanwhile makes its write fail (EPIPE), and the failed write
 * destroys the broker's end of the connection before it has read this process's last batches, its done and its
 * report, which are still queued in the socket. The broker would then wait forever for a report that was sent.
 */
export function sendReport(socket: Socket, report: object, then: () => void): void {
  reported = true;
  socket.once('close', then);
  socket.end(encodeFrame(FrameType.report, new TextEncoder().encode(JSON.stringify(report))));
}
