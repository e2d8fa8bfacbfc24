#!/usr/bin/env node
// Draws Forkscope's icon (a parent process forking two children) into resources/icons/icon.png.
// Plain zlib and a hand-made PNG, so it needs no image library: `node scripts/make-icons.js`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const pixels = new Float32Array(SIZE * SIZE * 4);

function blend(x, y, [r, g, b], alpha) {
  if (x < 0 || y < 0 || x >= SIZE || y >= SIZE || alpha <= 0) return;
  const i = (y * SIZE + x) * 4;
  const a = Math.min(1, alpha);
  const outA = a + pixels[i + 3] * (1 - a);
  for (const [k, c] of [
    [0, r],
    [1, g],
    [2, b],
  ])
    pixels[i + k] = (c * a + pixels[i + k] * pixels[i + 3] * (1 - a)) / (outA || 1);
  pixels[i + 3] = outA;
}

/** Fills every pixel whose signed distance is below zero, anti-aliased over one pixel. */
function fill(distance, color) {
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) blend(x, y, color, 0.5 - distance(x + 0.5, y + 0.5));
}

const roundedSquare = (cx, cy, half, radius) => (x, y) => {
  const qx = Math.abs(x - cx) - half + radius;
  const qy = Math.abs(y - cy) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - width / 2;
};

const background = [20, 26, 36];
const teal = [56, 198, 180];
const green = [120, 220, 120];
const amber = [255, 183, 77];

fill(roundedSquare(512, 512, 460, 200), background);
const parent = [512, 300];
const left = [320, 700];
const right = [704, 700];
fill(segment(...parent, ...left, 44), teal);
fill(segment(...parent, ...right, 44), teal);
fill(circle(...parent, 110), teal);
fill(circle(...left, 92), green);
fill(circle(...right, 92), amber);
fill(circle(...parent, 46), background);

function png(size, sample) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const px = sample(x, y);
      px.forEach((v, k) => (raw[y * (size * 4 + 1) + 1 + x * 4 + k] = v));
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buffer) {
  let c = ~0;
  for (const byte of buffer) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

/** Box-filters the 1024 px drawing down to `size`. */
function scaled(size) {
  const f = SIZE / size;
  return (x, y) => {
    const sum = [0, 0, 0, 0];
    for (let dy = 0; dy < f; dy++)
      for (let dx = 0; dx < f; dx++) {
        const i = ((y * f + dy) * SIZE + (x * f + dx)) * 4;
        const a = pixels[i + 3];
        sum[0] += pixels[i] * a;
        sum[1] += pixels[i + 1] * a;
        sum[2] += pixels[i + 2] * a;
        sum[3] += a;
      }
    const a = sum[3] / (f * f);
    return a === 0 ? [0, 0, 0, 0] : [sum[0] / sum[3], sum[1] / sum[3], sum[2] / sum[3], a * 255].map((v) => Math.round(v));
  };
}

const dir = join(import.meta.dirname, '..', 'resources', 'icons');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'icon.png'), png(512, scaled(512)));
writeFileSync(join(dir, 'icon-256.png'), png(256, scaled(256)));
process.stdout.write(`wrote ${dir}/icon.png and icon-256.png\n`);
