/** Sample images tiled into one PNG for a TensorBoard image summary. */
import sharp from 'sharp';
import { InvalidArgumentError } from '../../core/errors.js';
import type { SampleImage } from '../../core/events.js';

/** Tiles `images` (all of one size and channel count) into one PNG, 8 per row. */
export async function gridPng(images: readonly SampleImage[]): Promise<{ png: Uint8Array; height: number; width: number; channels: 1 | 3 }> {
  const first = images[0];
  if (!first) throw new InvalidArgumentError('gridPng needs at least one image, got none');
  const { height: h, width: w, channels: c } = first;
  if (images.some((im) => im.height !== h || im.width !== w || im.channels !== c)) {
    throw new InvalidArgumentError(`gridPng images must all be ${w}x${h}x${c}, got ${images.map((im) => `${im.width}x${im.height}x${im.channels}`).join(', ')}`);
  }
  const cols = Math.min(8, images.length);
  const rows = Math.ceil(images.length / cols);
  const height = rows * h;
  const width = cols * w;
  const raw = new Uint8Array(height * width * c);
  images.forEach((im, i) => {
    const r0 = Math.floor(i / cols) * h;
    const c0 = (i % cols) * w;
    for (let y = 0; y < h; y++) raw.set(im.pixels.subarray(y * w * c, (y + 1) * w * c), ((r0 + y) * width + c0) * c);
  });
  const png = await sharp(raw, { raw: { width, height, channels: c } }).png().toBuffer();
  return { png: new Uint8Array(png), height, width, channels: c };
}
