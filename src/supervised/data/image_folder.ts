/**
 * Images laid out as `root/<class>/*.jpg|jpeg|png` (the cats-vs-dogs case): every file decoded
 * and resized with sharp (libvips; faster than jpeg-js + a tfjs resize: see bench:supervised),
 * stored as bytes, split per class by percentages. Files that cannot be read
 * or decoded are reported by path and skipped; they never stop the load.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { InvalidArgumentError, TfgymError, describe } from '../../core/errors.js';
import { ImageDataset } from './dataset.js';

const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

export interface ImageFolderOptions {
  /** Resize every image to this [height, width]. Default [100, 100] (the tutorial's). */
  size?: readonly [number, number];
  /** Colour channels: 3 (RGB) or 1 (greyscale). Default 3. */
  channels?: 1 | 3;
  /** Files decoded at once. Default 8. */
  concurrency?: number;
  /** Called after every decoded file (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ImageFolder {
  dataset: ImageDataset;
  /** Source file of every image, in dataset order. */
  paths: string[];
  skipped: SkippedFile[];
}

/** The class folders (sorted) and their image files (sorted). */
export function listImageFolder(root: string): { classNames: string[]; files: { path: string; label: number }[] } {
  let entries: string[];
  try {
    entries = readdirSync(root).sort();
  } catch (e) {
    throw new InvalidArgumentError(`image folder ${describe(root)} cannot be read: ${(e as Error).message}`);
  }
  const classNames = entries.filter((name) => statSync(join(root, name)).isDirectory());
  if (classNames.length < 2) throw new InvalidArgumentError(`image folder ${root} must hold at least 2 class folders (root/<class>/*.jpg|png), got ${classNames.length}`);
  const files: { path: string; label: number }[] = [];
  classNames.forEach((name, label) => {
    for (const f of readdirSync(join(root, name)).sort()) if (EXTENSIONS.has(extname(f).toLowerCase())) files.push({ path: join(root, name, f), label });
  });
  if (files.length === 0) throw new InvalidArgumentError(`image folder ${root} holds no .jpg, .jpeg or .png files in its class folders`);
  return { classNames, files };
}

/** Decodes and resizes one file to `height x width x channels` bytes. */
export async function decodeImage(path: string, height: number, width: number, channels: 1 | 3): Promise<Uint8Array> {
  let img = sharp(path, { failOn: 'error' }).resize(width, height, { fit: 'fill' }).removeAlpha();
  img = channels === 1 ? img.greyscale() : img.toColourspace('srgb');
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== channels) {
    throw new TfgymError(`decoded to ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x${channels}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Loads every image under `root`; unreadable files land in `skipped`. */
export async function loadImageFolder(root: string, options: ImageFolderOptions = {}): Promise<ImageFolder> {
  const [height, width] = options.size ?? [100, 100];
  const channels = options.channels ?? 3;
  if (![height, width].every((v) => Number.isSafeInteger(v) && v > 0)) throw new InvalidArgumentError(`image size must be two positive integers [height, width], got ${describe(options.size)}`);
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError(`image channels must be 1 or 3, got ${describe(channels)}`);
  const { classNames, files } = listImageFolder(root);
  const decoded: (Uint8Array | null)[] = new Array(files.length).fill(null);
  const skipped: SkippedFile[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i] as { path: string };
      try {
        decoded[i] = await decodeImage(file.path, height, width, channels);
      } catch (e) {
        skipped.push({ path: file.path, reason: (e as Error).message.split('\n')[0] ?? 'unreadable' });
      }
      options.onProgress?.(++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const kept = files.map((f, i) => ({ ...f, data: decoded[i] })).filter((f): f is { path: string; label: number; data: Uint8Array } => f.data !== null);
  const size = height * width * channels;
  const pixels = new Uint8Array(kept.length * size);
  kept.forEach((f, i) => pixels.set(f.data, i * size));
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    dataset: new ImageDataset({ shape: [height, width, channels], pixels, labels: Int32Array.from(kept.map((f) => f.label)), classNames }),
    paths: kept.map((f) => f.path),
    skipped,
  };
}
