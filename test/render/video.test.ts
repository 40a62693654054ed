/**
 * Pixels as observations (AddRenderObservation, ResizeObservation, GrayscaleObservation) and
 * RecordVideo: triggers, GIFs that decode, clear errors, files complete or absent.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GifReader } from 'omggif';
import { describe, expect, it } from 'vitest';
import '../../src/render/raster_setup.js';
import { BaseEnv, type ResetResult, type StepResult } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { make } from '../../src/envs/registry.js';
import { AddRenderObservation, GrayscaleObservation, ResizeObservation } from '../../src/envs/wrappers/rendering.js';
import { RecordVideo, cappedCubicVideoSchedule } from '../../src/render/record_video.js';
import { openVideo } from '../../src/render/video.js';
import { VideoCallback } from '../../src/runs/video.js';
import type { AgentBase } from '../../src/core/agent.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
if (process.env.CI && !hasFfmpeg) throw new Error('CI=true but ffmpeg is missing: .ci/run must install Debian\'s ffmpeg');

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tfgym-video-'));

/** A 4x6 RGB image env whose observation is a known picture: pixel (x, y) = (10x, 10y, 100). */
class ImageEnv extends BaseEnv<Uint8Array, number> {
  readonly observationSpace = new Box(0, 255, { shape: [4, 6, 3], dtype: 'uint8' });
  readonly actionSpace = new Discrete(2);
  image(): Uint8Array {
    const a = new Uint8Array(4 * 6 * 3);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 6; x++) a.set([10 * x, 10 * y, 100], (y * 6 + x) * 3);
    return a;
  }
  reset(): ResetResult<Uint8Array> {
    return { observation: this.image(), info: {} };
  }
  step(): StepResult<Uint8Array> {
    return { observation: this.image(), reward: 0, terminated: false, truncated: false, info: {} };
  }
}

describe('pixel observation wrappers', () => {
  it('AddRenderObservation gives the frame as a uint8 [400, 600, 3] observation, or beside the state', () => {
    const env = new AddRenderObservation(make('CartPole-v1', { renderMode: 'rgb_array' }));
    expect((env.observationSpace as Box<'uint8'>).shape).toEqual([400, 600, 3]);
    expect((env.observationSpace as Box<'uint8'>).dtype).toBe('uint8');
    const { observation } = env.reset({ seed: 0 });
    expect(observation).toBeInstanceOf(Uint8Array);
    expect((observation as Uint8Array).length).toBe(400 * 600 * 3);
    expect(env.observationSpace.contains(observation)).toBe(true);
    const both = new AddRenderObservation<unknown, { state: Float32Array; pixels: Uint8Array }>(make('CartPole-v1', { renderMode: 'rgb_array' }), { renderOnly: false });
    const o = both.reset({ seed: 0 }).observation;
    expect(o.state).toHaveLength(4);
    expect(Buffer.from(o.pixels).equals(Buffer.from(observation as Uint8Array))).toBe(true);
    expect(() => new AddRenderObservation(make('CartPole-v1'))).toThrow(/AddRenderObservation needs an env made with renderMode 'rgb_array', got null/);
  });

  it('ResizeObservation averages areas (a 2x2 block becomes its mean) and keeps channels', () => {
    const env = new ResizeObservation(new ImageEnv(), [2, 3]);
    expect((env.observationSpace as Box<'uint8'>).shape).toEqual([2, 3, 3]);
    const o = env.reset().observation;
    // Output (0, 0) averages x in {0, 1}, y in {0, 1}: (5, 5, 100); (2, 1) averages x in {4, 5}, y in {2, 3}: (45, 25, 100).
    expect(Array.from(o.subarray(0, 3))).toEqual([5, 5, 100]);
    expect(Array.from(o.subarray((1 * 3 + 2) * 3, (1 * 3 + 2) * 3 + 3))).toEqual([45, 25, 100]);
    expect(() => new ResizeObservation(new ImageEnv(), [0, 3])).toThrow(/ResizeObservation shape must be \[height, width\].*got \[0, 3\]/);
    expect(() => new ResizeObservation(make('CartPole-v1') as never, [2, 2])).toThrow(/needs a uint8 image observation space/);
  });

  it('GrayscaleObservation uses Gymnasium weights, with or without the channel axis', () => {
    const env = new GrayscaleObservation(new ImageEnv());
    expect((env.observationSpace as Box<'uint8'>).shape).toEqual([4, 6]);
    const o = env.reset().observation;
    expect(o[1 * 6 + 2]).toBe(Math.trunc(0.2125 * 20 + 0.7154 * 10 + 0.0721 * 100));
    expect((new GrayscaleObservation(new ImageEnv(), { keepDim: true }).observationSpace as Box<'uint8'>).shape).toEqual([4, 6, 1]);
  });

  it('chains into stacked 84x84 grayscale frames of CartPole', () => {
    const env = new GrayscaleObservation(new ResizeObservation(new AddRenderObservation(make('CartPole-v1', { renderMode: 'rgb_array' })) as never, [84, 84]));
    const o = env.reset({ seed: 0 }).observation;
    expect(o).toHaveLength(84 * 84);
    expect(Math.min(...o)).toBeLessThan(50); // the cart survives the downscale
    expect(Math.max(...o)).toBe(255);
  });
});

describe('RecordVideo', () => {
  it('records the episodes its trigger picks as GIFs that decode to one frame per step (and reset)', () => {
    const dir = tmp();
    const env = new RecordVideo(make('CartPole-v1', { renderMode: 'rgb_array', maxEpisodeSteps: 12 }), dir, { namePrefix: 'eval' });
    const lengths: number[] = [];
    for (let e = 0; e < 3; e++) {
      env.reset({ seed: e });
      let n = 0;
      for (;;) {
        n += 1;
        const r = env.step(n % 2);
        if (r.terminated || r.truncated) break;
      }
      lengths.push(n);
    }
    env.close();
    // capped cubic: episodes 0 and 1 (then 8, 27, ...).
    expect(readdirSync(dir).sort()).toEqual(['eval-episode-0.gif', 'eval-episode-1.gif']);
    const gif = new GifReader(new Uint8Array(readFileSync(join(dir, 'eval-episode-0.gif'))));
    expect([gif.width, gif.height]).toEqual([600, 400]);
    expect(gif.numFrames()).toBe((lengths[0] as number) + 1);
    expect(gif.frameInfo(0).delay).toBe(2); // 50 fps: 2 hundredths of a second
    const first = new Uint8Array(600 * 400 * 4);
    gif.decodeAndBlitFrameRGBA(0, first);
    const at = (x: number, y: number): number[] => Array.from(first.subarray((y * 600 + x) * 4, (y * 600 + x) * 4 + 3));
    expect(at(10, 10)).toEqual([255, 255, 255]);
    expect(at(10, 299)).toEqual([0, 0, 0]); // the track
    expect(env.videos.map((v) => v.endsWith('.gif'))).toEqual([true, true]);
  });

  it('a step trigger records videoLength frames from that step', () => {
    const dir = tmp();
    const env = new RecordVideo(make('Pendulum-v1', { renderMode: 'rgb_array' }), dir, { stepTrigger: (s) => s === 5, videoLength: 7 });
    env.reset({ seed: 0 });
    for (let i = 0; i < 30; i++) env.step(Float32Array.of(1));
    env.close();
    expect(readdirSync(dir)).toEqual(['rl-video-step-5.gif']);
    expect(new GifReader(new Uint8Array(readFileSync(join(dir, 'rl-video-step-5.gif')))).numFrames()).toBe(7);
  });

  it('follows Gymnasium\'s capped cubic schedule', () => {
    const picked = Array.from({ length: 3001 }, (_, i) => i).filter(cappedCubicVideoSchedule);
    expect(picked).toEqual([0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000]);
  });

  it('names what is wrong: no rgb_array mode, an unwritable folder, an unknown extension, no ffmpeg', () => {
    expect(() => new RecordVideo(make('CartPole-v1'), tmp())).toThrow(/RecordVideo needs an env made with renderMode 'rgb_array'/);
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => new RecordVideo(make('CartPole-v1', { renderMode: 'rgb_array' }), join(file, 'videos'))).toThrow(/RecordVideo folder ".*a-file\/videos" is not a writable folder/);
    if (process.getuid?.() !== 0) {
      const locked = tmp();
      chmodSync(locked, 0o500);
      expect(() => new RecordVideo(make('CartPole-v1', { renderMode: 'rgb_array' }), locked)).toThrow(/is not a writable folder/);
    }
    expect(() => openVideo(join(tmp(), 'x.avi'), 30)).toThrow(/unknown extension "\.avi"; use \.gif or \.mp4/);
    const saved = process.env.TFGYM_FFMPEG;
    process.env.TFGYM_FFMPEG = '/nonexistent/ffmpeg';
    try {
      expect(() => openVideo(join(tmp(), 'x.mp4'), 30)).toThrow(/MP4 videos need ffmpeg, which was not found on the PATH.*apt-get install ffmpeg/);
      expect(() => new RecordVideo(make('CartPole-v1', { renderMode: 'rgb_array' }), tmp(), { format: 'mp4' })).toThrow(/need ffmpeg/);
    } finally {
      if (saved === undefined) delete process.env.TFGYM_FFMPEG;
      else process.env.TFGYM_FFMPEG = saved;
    }
  });

  it.runIf(hasFfmpeg)('writes MP4 through ffmpeg: one video frame per env frame, at the env\'s rate', () => {
    const dir = tmp();
    const env = new RecordVideo(make('Acrobot-v1', { renderMode: 'rgb_array' }), dir, { format: 'mp4', videoLength: 10, stepTrigger: (s) => s === 1 });
    env.reset({ seed: 0 });
    for (let i = 0; i < 15; i++) env.step(i % 3);
    env.close();
    expect(readdirSync(dir)).toEqual(['rl-video-step-1.mp4']);
    const file = join(dir, 'rl-video-step-1.mp4');
    expect(readFileSync(file).subarray(4, 8).toString()).toBe('ftyp');
    const probe = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,width,height,r_frame_rate', '-of', 'json', file], { encoding: 'utf8' });
    const stream = (JSON.parse(probe.stdout) as { streams: { nb_read_frames: string; width: number; height: number; r_frame_rate: string }[] }).streams[0];
    expect(stream).toMatchObject({ nb_read_frames: '10', width: 500, height: 500, r_frame_rate: '15/1' });
  });

  it('a video that cannot be written is reported and the run goes on', async () => {
    const file = join(tmp(), 'not-a-folder');
    writeFileSync(file, 'x');
    const agent = { act: () => 0 } as unknown as AgentBase<unknown, unknown>;
    const cb = new VideoCallback({ makeEnv: () => make('CartPole-v1', { renderMode: 'rgb_array' }), agent, dir: join(file, 'videos'), every: 10, seed: 0, print: () => {} });
    await cb.onEpisodeEnd({ type: 'episodeEnd', step: 12 } as never, {} as never);
    expect(cb.failures).toBe(1);
    expect(cb.written).toEqual([]);
  });

  it('leaves no file when a video fails half-way', () => {
    const dir = tmp();
    const writer = openVideo(join(dir, 'v.gif'), 30);
    writer.addFrame({ width: 2, height: 2, data: new Uint8Array(12) });
    expect(() => writer.addFrame({ width: 3, height: 2, data: new Uint8Array(18) })).toThrow(/every frame must be 2x2, got 3x2/);
    writer.abort();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'v.gif'))).toBe(false);
  });
});
