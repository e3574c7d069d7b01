/**
 * Draws the add-in's icons (16, 32, 64 and 80 px PNGs, as the manifest needs them) from a few shapes:
 * a dark rounded square, an orange shield and a white check mark. Run: npx tsx addin/assets/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 64, 80];
const NAVY = [0x23, 0x2f, 0x3e];
const ORANGE = [0xff, 0x99, 0x00];
const WHITE = [0xff, 0xff, 0xff];

/** Colour at a point of the unit square, or undefined outside the icon (transparent). */
function paint(x: number, y: number): number[] | undefined {
  if (!inRoundedSquare(x, y, 0.16)) return undefined;
  if (nearPolyline(x, y, [[0.36, 0.5], [0.47, 0.62], [0.66, 0.38]], 0.055)) return WHITE;
  if (inShield(x, y)) return ORANGE;
  return NAVY;
}

function inRoundedSquare(x: number, y: number, r: number): boolean {
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

function inShield(x: number, y: number): boolean {
  const half = 0.3;
  if (y >= 0.16 && y <= 0.52) return Math.abs(x - 0.5) <= half;
  if (y > 0.52 && y <= 0.88) return Math.abs(x - 0.5) <= half * Math.sqrt(1 - ((y - 0.52) / 0.36) ** 2);
  return false;
}

function nearPolyline(x: number, y: number, points: number[][], width: number): boolean {
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = points[i]!;
    const [bx, by] = points[i + 1]!;
    const t = Math.max(0, Math.min(1, ((x - ax!) * (bx! - ax!) + (y - ay!) * (by! - ay!)) / ((bx! - ax!) ** 2 + (by! - ay!) ** 2)));
    if (Math.hypot(x - (ax! + t * (bx! - ax!)), y - (ay! + t * (by! - ay!))) <= width) return true;
  }
  return false;
}

/** RGBA pixels, each the average of 4×4 samples (anti-aliased edges). */
function render(size: number): Buffer {
  const SAMPLES = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = paint((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!colour) continue;
          sum[0]! += colour[0]!;
          sum[1]! += colour[1]!;
          sum[2]! += colour[2]!;
          sum[3]! += 255;
        }
      }
      const n = SAMPLES * SAMPLES;
      const covered = sum[3]! / 255;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = covered === 0 ? 0 : Math.round(sum[c]! / covered);
      pixels[at + 3] = Math.round(sum[3]! / n);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const pixels = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) writeFileSync(new URL(`./icon-${size}.png`, import.meta.url), png(size));
