/**
 * `npm run bench:pixels`: render() in rgb_array mode, frames per second per classic-control env
 * (a step and a render per frame, as a video or pixel observations need), beside Gymnasium's own
 * render() with pygame on the same machine when it is importable (GYMNASIUM_PYTHONPATH or an
 * installed gymnasium + pygame); and the time to record a 500-step CartPole episode as a GIF
 * (render + encode + write, with RecordVideo).
 *
 * Each frames/s figure is the best of 3 runs (2 cores shared with other work).
 * Options: --seconds S (per env and run; default 1), --json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../src/render/raster_setup.js';
import type { Env } from '../src/core/env.js';
import { Rng } from '../src/core/rng.js';
import { make } from '../src/envs/registry.js';
import { RecordVideo } from '../src/render/record_video.js';
import { rgbaToRgb } from '../src/render/raster.js';
import { cartPoleScene, rasterBackend, rasterize } from '../src/scenes/index.js';
import { printTable, writeResults, type Row } from './report.js';

const ENVS = ['CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1', 'Pendulum-v1'];
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('--seconds', 1);

function framesPerSecond(id: string): number {
  const env = make(id, { renderMode: 'rgb_array' }) as Env<unknown, unknown>;
  const rng = new Rng(0);
  const actions = Array.from({ length: 1024 }, () => env.actionSpace.sample(rng));
  env.reset({ seed: 0 });
  let n = 0;
  let bytes = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    const r = env.step(actions[n % actions.length]);
    if (r.terminated || r.truncated) env.reset();
    bytes += (env.render?.()?.data.length ?? 0) > 0 ? 1 : 0;
    n += 1;
  }
  const fps = n / ((performance.now() - t0) / 1000);
  env.close();
  if (bytes !== n) throw new Error(`${id}: ${n - bytes} renders returned no frame`);
  return fps;
}

function gymnasium(): Record<string, number> | null {
  const env = { ...process.env };
  if (process.env.GYMNASIUM_PYTHONPATH) env.PYTHONPATH = process.env.GYMNASIUM_PYTHONPATH;
  try {
    const out = execFileSync('python3', [new URL('./gymnasium_render.py', import.meta.url).pathname, 'speed', String(SECONDS)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const last = out.trim().split('\n').at(-1) ?? '{}';
    const parsed = JSON.parse(last) as { fps: Record<string, number>; gymnasium: string; pygame: string };
    console.log(`Gymnasium ${parsed.gymnasium}, pygame ${parsed.pygame}`);
    return parsed.fps;
  } catch {
    console.log('Gymnasium with pygame not importable (set GYMNASIUM_PYTHONPATH); reporting tfgym only.');
    return null;
  }
}

/** A 500-step CartPole episode (a balancing rule keeps the pole up) recorded as a GIF. */
function gifSeconds(): { seconds: number; frames: number; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tfgym-bench-gif-'));
  try {
    const t0 = performance.now();
    const env = new RecordVideo(make<Float32Array, number>('CartPole-v1', { renderMode: 'rgb_array' }), dir, { episodeTrigger: (e) => e === 0 });
    let { observation } = env.reset({ seed: 0 });
    let steps = 0;
    for (;;) {
      const r = env.step((observation[2] as number) + 0.5 * (observation[3] as number) + 0.05 * (observation[0] as number) + 0.1 * (observation[1] as number) > 0 ? 1 : 0);
      observation = r.observation;
      steps += 1;
      if (r.terminated || r.truncated) break;
    }
    env.close();
    const seconds = (performance.now() - t0) / 1000;
    const file = env.videos[0] as string;
    if (steps !== 500) throw new Error(`the balancing rule kept CartPole up for ${steps} steps, not 500`);
    return { seconds, frames: steps + 1, bytes: statSync(file).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds per call of `f`, over SECONDS. */
function msPer(f: () => void): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    f();
    n += 1;
  }
  return (performance.now() - t0) / n;
}

/** Where a CartPole frame's time goes: drawing, Skia's read-back, RGBA to a fresh RGB frame, the env's own path. */
function breakdown(): Row[] {
  const env = make('CartPole-v1', { renderMode: 'rgb_array' });
  env.reset({ seed: 0 });
  const surface = (rasterBackend() as NonNullable<ReturnType<typeof rasterBackend>>).createSurface(600, 400);
  const state = [0.1, 0, 0.1, 0];
  const rgba = new Uint8Array(600 * 400 * 4).map((_, i) => (i * 7) & 255);
  const rows: Row[] = [
    { part: 'env.render() (all of it)', ms: msPer(() => env.render?.()) },
    { part: 'rasterize(scene) (draw + read back + RGB)', ms: msPer(() => rasterize(cartPoleScene, state, null)) },
    { part: 'read back + RGB (surface.readRgb)', ms: msPer(() => surface.readRgb()) },
    { part: 'RGBA -> a fresh 720 KB RGB frame in JavaScript (the fallback)', ms: msPer(() => rgbaToRgb(rgba, 600 * 400)) },
  ];
  surface.dispose();
  env.close();
  return rows.map((r) => ({ part: r.part as string, ms: Number((r.ms as number).toFixed(3)) }));
}

const rows: Row[] = [];
const gym = gymnasium();
for (const id of ENVS) {
  const fps = Math.max(...Array.from({ length: 3 }, () => framesPerSecond(id)));
  const g = gym?.[id] ?? null;
  rows.push({ env: id, 'tfgym frames/s': Math.round(fps), 'Gymnasium frames/s': g === null ? null : Math.round(g), ratio: g === null ? null : Number((fps / g).toFixed(2)) });
}
printTable(`render() in rgb_array mode, a step + a frame each (backend: ${rasterBackend()?.name ?? 'none'}; RGB by ${rasterBackend()?.rgb ?? '-'})`, rows);
const parts = breakdown();
printTable('CartPole-v1 frame, where the time goes (ms per frame)', parts);
const gif = gifSeconds();
printTable('GIF of a 500-step CartPole-v1 episode (RecordVideo: render + gifenc + write)', [{ frames: gif.frames, seconds: Number(gif.seconds.toFixed(2)), 'file KiB': Math.round(gif.bytes / 1024) }]);
writeResults('pixels', { backend: rasterBackend()?.name ?? null, rgb: rasterBackend()?.rgb ?? null, seconds_per_measurement: SECONDS, render: rows, cartpole_frame_ms: parts, gif_cartpole_500: gif, goals: { cartpole_frames_per_second: 2000, gif_seconds: 5 } });
