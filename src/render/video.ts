/**
 * Videos of frames: GIF by gifenc (pure JavaScript, encoded as frames arrive: each frame gets
 * its own palette of at most 256 colours, which the classic-control scenes never exceed) and MP4
 * by `ffmpeg` when it is on the PATH (frames go to a raw file, ffmpeg encodes it at the end). A
 * video is written to a temporary name and renamed when complete: a file is whole or absent.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import * as gifencModule from 'gifenc';
import { InvalidArgumentError, TfgymError, describe } from '../core/errors.js';
import type { RenderFrame } from '../core/render.js';

/** gifenc is CommonJS for Node (its functions under `default`) and ESM for bundlers (named exports). */
const gifenc = (typeof (gifencModule as { quantize?: unknown }).quantize === 'function' ? gifencModule : (gifencModule as unknown as { default: typeof gifencModule }).default) as typeof gifencModule;

/** The formats a video file can have, by extension. */
export const VIDEO_FORMATS = ['.gif', '.mp4'] as const;

export interface VideoWriter {
  readonly path: string;
  readonly frames: number;
  addFrame(frame: RenderFrame): void;
  /** Finishes the file (renamed into place) and returns its path. */
  close(): string;
  /** Drops what was written; no file is left. */
  abort(): void;
}

/** Checks a video path's extension (and, for MP4, that ffmpeg runs); returns the format. */
export function videoFormat(path: string): '.gif' | '.mp4' {
  const ext = extname(path).toLowerCase();
  if (ext !== '.gif' && ext !== '.mp4') throw new InvalidArgumentError(`video file ${describe(path)}: unknown extension ${describe(ext)}; use ${VIDEO_FORMATS.join(' or ')}`);
  if (ext === '.mp4') requireFfmpeg();
  return ext;
}

/** Throws a clear error unless `ffmpeg` (or $TFGYM_FFMPEG) runs. */
export function requireFfmpeg(): string {
  const bin = process.env.TFGYM_FFMPEG ?? 'ffmpeg';
  const r = spawnSync(bin, ['-version'], { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new TfgymError(`MP4 videos need ffmpeg, which was not found on the PATH (${bin}: ${r.error ? r.error.message : `exit ${r.status}`}); install it (apt-get install ffmpeg, brew install ffmpeg) or record a .gif`);
  }
  return bin;
}

/** Checks that a folder exists or can be made, and is writable; a clear error naming it otherwise. */
export function ensureWritableDir(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new InvalidArgumentError(`${what} ${describe(dir)} is not a writable folder: ${(e as Error).message}`);
  }
}

/** Opens a writer for `path` (.gif or .mp4) at `fps` frames per second. */
export function openVideo(path: string, fps: number): VideoWriter {
  const format = videoFormat(path);
  if (!(Number.isFinite(fps) && fps > 0 && fps <= 1000)) throw new InvalidArgumentError(`video fps must be in (0, 1000], got ${describe(fps)}`);
  ensureWritableDir(dirname(path), 'video folder');
  return format === '.gif' ? new GifWriter(path, fps) : new Mp4Writer(path, fps);
}

const temporary = (path: string): string => `${path}.partial-${process.pid}`;

class GifWriter implements VideoWriter {
  frames = 0;
  frameSize: [number, number] | null = null;
  private readonly encoder = gifenc.GIFEncoder();
  private readonly delay: number;

  constructor(readonly path: string, fps: number) {
    this.delay = Math.round(1000 / fps);
  }

  addFrame(frame: RenderFrame): void {
    checkSize(this, frame);
    const rgba = rgbToRgba(frame.data);
    const palette = gifenc.quantize(rgba, 256, { format: 'rgb444' });
    const index = gifenc.applyPalette(rgba, palette, 'rgb444');
    this.encoder.writeFrame(index, frame.width, frame.height, { palette, delay: this.delay });
    this.frames += 1;
  }

  close(): string {
    if (this.frames === 0) throw new TfgymError(`video ${this.path}: no frames to write`);
    this.encoder.finish();
    const tmp = temporary(this.path);
    try {
      writeFileSync(tmp, this.encoder.bytes());
      renameSync(tmp, this.path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    return this.path;
  }

  abort(): void {
    this.frames = 0;
  }
}

class Mp4Writer implements VideoWriter {
  frames = 0;
  frameSize: [number, number] | null = null;
  private readonly raw: string;
  private fd: number;

  constructor(readonly path: string, private readonly fps: number) {
    this.raw = join(tmpdir(), `tfgym-video-${process.pid}-${Date.now()}-${Math.floor(performance.now() * 1000)}.rgb`);
    this.fd = openSync(this.raw, 'w');
  }

  addFrame(frame: RenderFrame): void {
    checkSize(this, frame);
    writeSync(this.fd, frame.data);
    this.frames += 1;
  }

  close(): string {
    if (this.frames === 0) throw new TfgymError(`video ${this.path}: no frames to write`);
    closeSync(this.fd);
    const [w, h] = this.frameSize as [number, number];
    const tmp = `${temporary(this.path)}.mp4`;
    try {
      // libx264 with yuv420p needs even sizes: pad by one pixel where odd.
      const args = ['-y', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-r', String(this.fps), '-i', this.raw,
        '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', tmp];
      const r = spawnSync(requireFfmpeg(), args, { encoding: 'utf8' });
      if (r.status !== 0) throw new TfgymError(`ffmpeg could not write ${this.path}: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
      renameSync(tmp, this.path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    } finally {
      rmSync(this.raw, { force: true });
    }
    return this.path;
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.raw, { force: true });
  }
}

function checkSize(w: { frameSize: [number, number] | null; path: string }, frame: RenderFrame): void {
  if (w.frameSize === null) {
    w.frameSize = [frame.width, frame.height];
  } else if (w.frameSize[0] !== frame.width || w.frameSize[1] !== frame.height) {
    throw new InvalidArgumentError(`video ${w.path}: every frame must be ${w.frameSize[0]}x${w.frameSize[1]}, got ${frame.width}x${frame.height}`);
  }
  if (frame.data.length !== frame.width * frame.height * 3) throw new InvalidArgumentError(`video ${w.path}: a ${frame.width}x${frame.height} frame needs ${frame.width * frame.height * 3} RGB bytes, got ${frame.data.length}`);
}

/** RGB bytes to RGBA (opaque), one word per pixel. */
function rgbToRgba(rgb: Uint8Array): Uint8Array {
  const n = rgb.length / 3;
  const out = new Uint8Array(n * 4);
  const dst = new Uint32Array(out.buffer);
  for (let i = 0, j = 0; i < n; i++, j += 3) dst[i] = (rgb[j] as number) | ((rgb[j + 1] as number) << 8) | ((rgb[j + 2] as number) << 16) | 0xff000000;
  return out;
}
