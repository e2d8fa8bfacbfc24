import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameReader, FrameType } from '../../../../shared/wire/queue';
import type { ProcessConfig } from '../config';

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
    process.stderr.write(`queue ${role} ${config.id}: ${error.message}\n`);
    process.exit(1);
  });
  return { config, socket };
}

export function sendReport(socket: Socket, report: object, then: () => void): void {
  socket.end(encodeFrame(FrameType.report, new TextEncoder().encode(JSON.stringify(report))), then);
}
