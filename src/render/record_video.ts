/**
 * `RecordVideo`, as Gymnasium's: records episodes (an episode trigger) or stretches of steps (a
 * step trigger) of an env made with `renderMode: 'rgb_array'` into a folder, as
 * `PREFIX-episode-N.gif` / `PREFIX-step-N.gif` (or .mp4), at the env's frame rate.
 */
import { join } from 'node:path';
import type { Env, ResetArgs, ResetResult, StepResult } from '../core/env.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { RenderFrame } from '../core/render.js';
import { Wrapper } from '../envs/wrapper.js';
import { type VideoWriter, ensureWritableDir, openVideo, requireFfmpeg } from './video.js';

export interface RecordVideoOptions {
  /** Which episodes to record (0 is the first); default: 0, 1, 8, 27, ... up to 1000, then every 1000th. */
  episodeTrigger?: (episode: number) => boolean;
  /** Start a recording at these env steps (counted over all episodes) instead of per episode. */
  stepTrigger?: (step: number) => boolean;
  /** Frames per video; 0 (default): until the episode ends. */
  videoLength?: number;
  /** File name prefix. Default `'rl-video'`. */
  namePrefix?: string;
  /** Default: the env's `metadata.renderFps`, else 30. */
  fps?: number;
  /** Default `'gif'`; `'mp4'` needs ffmpeg on the PATH. */
  format?: 'gif' | 'mp4';
}

/** Gymnasium's `capped_cubic_video_schedule`: episodes 0, 1, 8, 27, ..., 729, 1000, 2000, ... */
export function cappedCubicVideoSchedule(episode: number): boolean {
  if (episode < 1000) return Math.round(Math.cbrt(episode)) ** 3 === episode;
  return episode % 1000 === 0;
}

export class RecordVideo<Obs, Act> extends Wrapper<Obs, Act> {
  readonly folder: string;
  /** The videos written so far. */
  readonly videos: string[] = [];
  private readonly options: Required<Omit<RecordVideoOptions, 'stepTrigger'>> & { stepTrigger: ((step: number) => boolean) | null };
  private writer: VideoWriter | null = null;
  private episode = -1;
  private steps = 0;

  constructor(env: Env<Obs, Act>, folder: string, options: RecordVideoOptions = {}) {
    super(env);
    if (env.renderMode !== 'rgb_array') {
      throw new InvalidArgumentError(`RecordVideo needs an env made with renderMode 'rgb_array', got ${describe(env.renderMode ?? null)} (make(id, { renderMode: 'rgb_array' }))`);
    }
    const format = options.format ?? 'gif';
    if (format !== 'gif' && format !== 'mp4') throw new InvalidArgumentError(`RecordVideo format must be 'gif' or 'mp4', got ${describe(format)}`);
    const videoLength = options.videoLength ?? 0;
    if (!(Number.isSafeInteger(videoLength) && videoLength >= 0)) throw new InvalidArgumentError(`RecordVideo videoLength must be a non-negative integer, got ${describe(videoLength)}`);
    for (const k of ['episodeTrigger', 'stepTrigger'] as const) {
      if (options[k] !== undefined && typeof options[k] !== 'function') throw new InvalidArgumentError(`RecordVideo ${k} must be a function, got ${describe(options[k])}`);
    }
    ensureWritableDir(folder, 'RecordVideo folder');
    if (format === 'mp4') requireFfmpeg(); // a missing ffmpeg is an error now, not at the first video
    this.folder = folder;
    this.options = {
      episodeTrigger: options.episodeTrigger ?? (options.stepTrigger ? () => false : cappedCubicVideoSchedule),
      stepTrigger: options.stepTrigger ?? null,
      videoLength, namePrefix: options.namePrefix ?? 'rl-video', fps: options.fps ?? env.metadata.renderFps ?? 30, format,
    };
  }

  /** Whether a video is being recorded. */
  get recording(): boolean {
    return this.writer !== null;
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args);
    this.episode += 1;
    if (this.writer && this.options.videoLength === 0) this.stopRecording();
    if (!this.writer && this.options.episodeTrigger(this.episode)) this.startRecording(`episode-${this.episode}`);
    this.capture();
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.steps += 1;
    if (!this.writer && this.options.stepTrigger?.(this.steps)) this.startRecording(`step-${this.steps}`);
    this.capture();
    if (this.writer && this.options.videoLength === 0 && (r.terminated || r.truncated)) this.stopRecording();
    return r;
  }

  override close(): void {
    if (this.writer) this.stopRecording();
    super.close();
  }

  private startRecording(name: string): void {
    this.writer = openVideo(join(this.folder, `${this.options.namePrefix}-${name}.${this.options.format}`), this.options.fps);
  }

  private capture(): void {
    if (!this.writer) return;
    this.writer.addFrame(this.render() as RenderFrame);
    if (this.options.videoLength > 0 && this.writer.frames >= this.options.videoLength) this.stopRecording();
  }

  private stopRecording(): void {
    const writer = this.writer as VideoWriter;
    this.writer = null;
    if (writer.frames > 0) this.videos.push(writer.close());
    else writer.abort();
  }
}
