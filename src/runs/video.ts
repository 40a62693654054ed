/**
 * Videos of a run's agent: `tfgym eval --video FILE` (the evaluation episodes in one file) and
 * `tfgym train --video-every N` (one greedy episode every N env steps into RUN/videos/, and a
 * filmstrip of it as a TensorBoard image). A video that cannot be written is reported and the
 * run goes on.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import type { AgentBase } from '../core/agent.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../core/env.js';
import type { EventOf } from '../core/events.js';
import { warn } from '../core/logger.js';
import type { RenderFrame } from '../core/render.js';
import { Wrapper } from '../envs/wrapper.js';
import { type VideoWriter, openVideo, videoFormat } from '../render/video.js';
import type { Callback, RunContext } from '../trainers/callback.js';
import { evaluate } from '../trainers/callbacks/evaluation.js';
import type { TensorBoardLogger } from '../trainers/callbacks/loggers.js';

/**
 * Loads Skia (CanvasKit) for rgb_array rendering, once (about 0.1-0.2 s): tfgym's Node entry does
 * it at import; the CLI only for the runs that draw (videos, pixel observations).
 */
export async function loadRasterBackend(): Promise<void> {
  await import('../render/raster_setup.js');
}

/** Hands every frame of the env (after reset and each step) to `sink`. */
export class CaptureFrames<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, private readonly sink: (frame: RenderFrame) => void) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args);
    this.sink(this.render() as RenderFrame);
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.sink(this.render() as RenderFrame);
    return r;
  }
}

/** Plays `episodes` greedy episodes (seeds `seed`, `seed + 1`, ...) on `env` (made with renderMode 'rgb_array') into one video file. */
export function recordEpisodes<Obs, Act>(env: Env<Obs, Act>, agent: AgentBase<Obs, Act>, path: string, episodes: number, seed: number, onFrame?: (f: RenderFrame) => void): { returns: number[]; frames: number; path: string } {
  videoFormat(path);
  const writer: VideoWriter = openVideo(path, env.metadata.renderFps ?? 30);
  try {
    const returns = evaluate(new CaptureFrames(env, (f) => {
      writer.addFrame(f);
      onFrame?.(f);
    }), agent, episodes, seed);
    return { returns, frames: writer.frames, path: writer.close() };
  } catch (e) {
    writer.abort();
    throw e;
  }
}

/** A strip of up to `count` evenly spaced frames, each scaled down by `shrink`, side by side (RGB). */
export class Filmstrip {
  private readonly kept: RenderFrame[] = [];

  constructor(private readonly shrink = 4) {}

  add(f: RenderFrame): void {
    const w = Math.floor(f.width / this.shrink);
    const h = Math.floor(f.height / this.shrink);
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const from = (y * this.shrink * f.width + x * this.shrink) * 3;
        const to = (y * w + x) * 3;
        data[to] = f.data[from] as number;
        data[to + 1] = f.data[from + 1] as number;
        data[to + 2] = f.data[from + 2] as number;
      }
    }
    this.kept.push({ width: w, height: h, data });
  }

  /** The strip as a PNG, or null when no frame was added. */
  async png(count = 8): Promise<{ png: Uint8Array; width: number; height: number } | null> {
    if (this.kept.length === 0) return null;
    const n = Math.min(count, this.kept.length);
    const picks = Array.from({ length: n }, (_, i) => this.kept[Math.round((i * (this.kept.length - 1)) / Math.max(1, n - 1))] as RenderFrame);
    const { width: w, height: h } = picks[0] as RenderFrame;
    const width = w * picks.length;
    const strip = new Uint8Array(width * h * 3);
    picks.forEach((f, i) => {
      for (let y = 0; y < h; y++) strip.set(f.data.subarray(y * w * 3, (y + 1) * w * 3), (y * width + i * w) * 3);
    });
    const png = await sharp(Buffer.from(strip), { raw: { width, height: h, channels: 3 } }).png().toBuffer();
    return { png: new Uint8Array(png), width, height: h };
  }
}

export interface VideoCallbackOptions {
  /** Builds the env to film (renderMode 'rgb_array', unshaped). */
  makeEnv: () => Env<unknown, unknown>;
  agent: AgentBase<unknown, unknown>;
  /** The run's `videos/` folder. */
  dir: string;
  /** Env steps between videos. */
  every: number;
  /** Episode seed (the evaluation seeds' stream is not touched). */
  seed: number;
  format?: 'gif' | 'mp4';
  /** Adds a filmstrip of each video as the image `videos/episode`. */
  tensorboard?: TensorBoardLogger | null;
  print: (line: string) => void;
}

/** Records one greedy episode every `every` env steps (at the first episode end past each multiple). */
export class VideoCallback implements Callback {
  private next: number;
  /** Videos written, and failures reported. */
  readonly written: string[] = [];
  failures = 0;

  constructor(private readonly o: VideoCallbackOptions) {
    this.next = o.every;
  }

  async onEpisodeEnd(e: EventOf<'episodeEnd'>, _ctx: RunContext): Promise<void> {
    if (e.step < this.next) return;
    while (this.next <= e.step) this.next += this.o.every;
    await this.record(e.step);
  }

  private async record(step: number): Promise<void> {
    const path = join(this.o.dir, `step-${step}.${this.o.format ?? 'gif'}`);
    const strip = new Filmstrip();
    let env: Env<unknown, unknown> | null = null;
    try {
      env = this.o.makeEnv();
      const r = recordEpisodes(env, this.o.agent, path, 1, this.o.seed, (f) => strip.add(f));
      this.written.push(r.path);
      const image = this.o.tensorboard ? await strip.png() : null;
      if (image && this.o.tensorboard) this.o.tensorboard.image('videos/episode', image.png, { width: image.width, height: image.height, channels: 3 }, step);
    } catch (err) {
      this.failures += 1;
      warn(`video at step ${step} was not written (${(err as Error).message}); training goes on`);
    } finally {
      env?.close();
    }
  }
}
