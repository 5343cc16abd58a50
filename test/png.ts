/**
 * A tiny PNG codec for the screenshot tests (no dependency: node:zlib and a
 * CRC table): decodes 8-bit greyscale, RGB, grey+alpha and RGBA images
 * (not interlaced, every filter), encodes RGB, shrinks by box averaging and
 * compares two images with a per-pixel threshold.
 */
import { deflateSync, inflateSync } from 'node:zlib';

/** An image as RGB bytes, row by row. */
export interface Image {
  width: number;
  height: number;
  /** `width × height × 3` bytes. */
  rgb: Uint8Array;
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a PNG file (8-bit, not interlaced) to RGB, alpha composited on white. */
export function decodePNG(file: Uint8Array): Image {
  const buf = Buffer.from(file);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let at = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at), kind = buf.toString('latin1', at + 4, at + 8), data = buf.subarray(at + 8, at + 8 + length);
    if (kind === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); depth = data[8]; type = data[9]; interlace = data[12]; }
    else if (kind === 'IDAT') idat.push(data);
    else if (kind === 'IEND') break;
    at += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[type];
  if (depth !== 8 || !channels || interlace) throw new Error(`unsupported PNG: depth ${depth}, colour type ${type}, interlace ${interlace}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels, rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride), prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : undefined;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0, b = prev ? prev[i] : 0, c = prev && i >= channels ? prev[i - channels] : 0;
      const x = line[i];
      out[i] = (filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const [r, g, b] = channels >= 3 ? [rows[s], rows[s + 1], rows[s + 2]] : [rows[s], rows[s], rows[s]];
    const alpha = channels === 4 ? rows[s + 3] : channels === 2 ? rows[s + 1] : 255;
    const over = (v: number) => Math.round((v * alpha + 255 * (255 - alpha)) / 255);
    rgb[p * 3] = over(r); rgb[p * 3 + 1] = over(g); rgb[p * 3 + 2] = over(b);
  }
  return { width, height, rgb };
}

function chunk(kind: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(kind, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes an RGB image as a PNG file (no filter). With `levels`, each
 * channel is first rounded to that many evenly spaced values (16: an error
 * of at most 8.5 of 255), which makes screenshots compress several times
 * smaller.
 */
export function encodePNG(image: Image, levels = 256): Buffer {
  const { width, height, rgb } = image, stride = width * 3, step = 255 / (levels - 1);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    for (let i = 0; i < stride; i++) raw[y * (stride + 1) + 1 + i] = Math.round(Math.round(rgb[y * stride + i] / step) * step);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** The image shrunk `factor` times in each direction, each pixel the mean of its block. */
export function shrink(image: Image, factor: number): Image {
  const width = Math.floor(image.width / factor), height = Math.floor(image.height / factor);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += image.rgb[((y * factor + dy) * image.width + x * factor + dx) * 3 + c];
        rgb[(y * width + x) * 3 + c] = Math.round(sum / (factor * factor));
      }
    }
  }
  return { width, height, rgb };
}

/**
 * How two images differ: pixels whose largest channel difference exceeds
 * `threshold` (0–255), as a share of the larger image's pixels (rows or
 * columns only one image has all count as different), and a diff image
 * (differing pixels red over a faded `actual`).
 */
export function diffImages(expected: Image, actual: Image, threshold = 40): { differing: number; share: number; diff: Image } {
  const width = Math.max(expected.width, actual.width), height = Math.max(expected.height, actual.height);
  const diff: Image = { width, height, rgb: new Uint8Array(width * height * 3).fill(255) };
  let differing = 0;
  const px = (im: Image, x: number, y: number, c: number) => im.rgb[(y * im.width + x) * 3 + c];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const inBoth = x < expected.width && y < expected.height && x < actual.width && y < actual.height;
      let d = 255;
      if (inBoth) { d = 0; for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(px(expected, x, y, c) - px(actual, x, y, c))); }
      if (d > threshold) { differing++; diff.rgb[o] = 255; diff.rgb[o + 1] = 0; diff.rgb[o + 2] = 0; }
      else if (inBoth) for (let c = 0; c < 3; c++) diff.rgb[o + c] = 255 - Math.round((255 - px(actual, x, y, c)) / 4);
    }
  }
  return { differing, share: differing / (width * height), diff };
}
