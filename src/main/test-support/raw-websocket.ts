import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * WebSocket by hand, over a plain TCP socket, for tests that must send what no WebSocket
 * library would: bad UTF-8, reserved opcodes, unmasked or compressed-looking frames, lengths a
 * server must refuse, and resets in the middle of a handshake.
 */
export interface FrameOptions {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  rsv1?: boolean;
  /** Client frames must be masked; false sends one unmasked. */
  mask?: boolean;
  /** The length the header declares, when it should not be the payload's (a frame claiming 2^31 bytes). */
  declaredLength?: number;
}

export function encodeFrame(options: FrameOptions): Buffer {
  const payload = options.payload ?? Buffer.alloc(0);
  const length = options.declaredLength ?? payload.length;
  const masked = options.mask ?? true;
  const head: number[] = [(options.fin === false ? 0 : 0x80) | (options.rsv1 ? 0x40 : 0) | (options.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

export const textFrame = (text: string | Buffer): Buffer => encodeFrame({ opcode: 1, payload: Buffer.isBuffer(text) ? text : Buffer.from(text) });

/** One frame as the server sent it (unmasked), and what followed it. */
export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export function decodeFrames(buffer: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    const opcode = buffer[at]! & 0x0f;
    let length = buffer[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      if (buffer.length < offset + 2) break;
      length = buffer.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      if (buffer.length < offset + 8) break;
      length = Number(buffer.readBigUInt64BE(offset));
      offset += 8;
    }
    if (buffer.length < offset + length) break;
    frames.push({ opcode, payload: buffer.subarray(offset, offset + length) });
    at = offset + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

export interface RawUpgrade {
  socket: Socket;
  /** The HTTP status of the handshake's answer (101 when it became a WebSocket). */
  status: number;
  /** Everything the server sent after the answer's head (a refusal's body, or the first frames). */
  received: () => Buffer;
  /** Resolves when the server has closed or reset the connection. */
  ended: Promise<void>;
}

export function upgradeRequest(host: string, port: number, path: string, extraHeaders: Record<string, string> = {}): string {
  const headers = {
    Host: `${host}:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...extraHeaders,
  };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/** Opens a TCP connection, sends a handshake, and resolves once the answer's head arrived. */
export function rawUpgrade(host: string, port: number, path: string): Promise<RawUpgrade> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let data = Buffer.alloc(0);
    let headEnd = -1;
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => {}); // a reset is one of the answers these tests look for
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (headEnd >= 0) return;
      headEnd = data.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data.subarray(0, headEnd).toString('latin1'))?.[1] ?? 0);
      resolve({ socket, status, received: () => data.subarray(headEnd + 4), ended });
    });
    socket.once('close', () => headEnd < 0 && reject(new Error(`the server closed the connection before answering the handshake to ${path}`)));
    socket.once('connect', () => socket.write(upgradeRequest(host, port, path)));
  });
}

/** The close code in the server's close frame, if one arrived. */
export function closeCode(received: Buffer): number | null {
  const close = decodeFrames(received).frames.find((f) => f.opcode === 8);
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
}
