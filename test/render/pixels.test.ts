/**
 * render() in rgb_array mode: frames' size and layout, determinism, pixels at known positions, and
 * agreement with Gymnasium's own frames for the same states (recorded by
 * bench/gymnasium_render.py into test/fixtures/gymnasium-frames).
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import '../../src/render/raster_setup.js';
import { InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import type { RenderFrame } from '../../src/core/render.js';
import { make, register, unregister } from '../../src/envs/registry.js';
import { CartPoleEnv } from '../../src/envs/classic_control/cartpole.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/gymnasium-frames/', import.meta.url));
const STATES: Record<string, { state: number[]; size: [number, number] }> = {
  'CartPole-v1': { state: [0.5, 0, 0.2, 0], size: [600, 400] },
  'MountainCar-v0': { state: [-0.5, 0], size: [600, 400] },
  'MountainCarContinuous-v0': { state: [0.2, 0], size: [600, 400] },
  'Acrobot-v1': { state: [0.6, -0.9, 0, 0], size: [500, 500] },
  'Pendulum-v1': { state: [0.8, 0], size: [500, 500] },
};

function frameAt(id: string, state: number[]): RenderFrame {
  const env = make(id, { renderMode: 'rgb_array' });
  env.reset({ seed: 0, options: { state } });
  if (id === 'Pendulum-v1') env.step(Float32Array.of(-1.5));
  const f = env.render?.();
  if (!f) throw new Error('no frame');
  return f;
}

const pixel = (f: RenderFrame, x: number, y: number): number[] => Array.from(f.data.subarray((y * f.width + x) * 3, (y * f.width + x) * 3 + 3));

describe('render() in rgb_array mode', () => {
  for (const [id, { state, size }] of Object.entries(STATES)) {
    it(`${id}: a ${size[0]}x${size[1]} RGB frame, the same bytes twice, another for another state, close to Gymnasium's`, async () => {
      const f = frameAt(id, state);
      expect([f.width, f.height]).toEqual(size);
      expect(f.data).toBeInstanceOf(Uint8Array);
      expect(f.data.length).toBe(size[0] * size[1] * 3);
      expect(Buffer.from(frameAt(id, state).data).equals(Buffer.from(f.data))).toBe(true);
      const other = state.map((v, i) => (i === 0 ? v + 0.3 : v));
      expect(Buffer.from(frameAt(id, other).data).equals(Buffer.from(f.data))).toBe(false);

      const gym = await sharp(`${FIXTURES}${id}.png`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([gym.info.width, gym.info.height]).toEqual(size);
      let agree = 0;
      let drawn = 0;
      let drawnAgree = 0;
      for (let i = 0; i < size[0] * size[1]; i++) {
        let d = 0;
        for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs((f.data[i * 3 + k] as number) - (gym.data[i * 3 + k] as number)));
        if (d <= 64) agree += 1;
        if (gym.data[i * 3] !== 255 || gym.data[i * 3 + 1] !== 255 || gym.data[i * 3 + 2] !== 255) {
          drawn += 1;
          if (d <= 64) drawnAgree += 1;
        }
      }
      // Same geometry, colours and orientation; only anti-aliased edges differ (and Pendulum's
      // torque arrow, drawn as vectors instead of Gymnasium's bitmap).
      expect(agree / (size[0] * size[1])).toBeGreaterThan(0.99);
      expect(drawnAgree / drawn).toBeGreaterThan(id === 'Pendulum-v1' ? 0.75 : 0.8);
    });
  }

  it('puts things where Gymnasium does: the cart, the pole, the track, the flag, the pivot', () => {
    const cart = frameAt('CartPole-v1', [0, 0, 0, 0]);
    expect(pixel(cart, 300 - 20, 400 - 100 + 10)).toEqual([0, 0, 0]); // the cart body, below the track line
    expect(pixel(cart, 300, 400 - 100 - 60)).toEqual([202, 152, 101]); // the upright pole
    expect(pixel(cart, 10, 299)).toEqual([0, 0, 0]); // the track at carty = 100, flipped
    expect(pixel(cart, 10, 10)).toEqual([255, 255, 255]);
    const moved = frameAt('CartPole-v1', [1, 0, 0, 0]);
    expect(pixel(moved, 300 + 125 - 20, 400 - 100 + 10)).toEqual([0, 0, 0]); // x = 1 moves the cart 125 px right
    const car = frameAt('MountainCar-v0', [-0.5, 0]);
    const flagX = Math.trunc((0.5 + 1.2) * (600 / 1.8));
    const flagY = 399 - (Math.trunc((Math.sin(1.5) * 0.45 + 0.55) * (600 / 1.8)) + 45);
    expect(pixel(car, flagX + 5, flagY)).toEqual([204, 204, 0]); // the flag
    const pendulum = frameAt('Pendulum-v1', [0, 0]);
    expect(pixel(pendulum, 250, 249)).toEqual([0, 0, 0]); // the axle
    expect(pixel(pendulum, 250, 250 - 80)).toEqual([204, 77, 77]); // theta = 0 points up
  });

  it('says what is missing: no render mode, an unsupported mode, render before reset', () => {
    expect(() => make('CartPole-v1').render?.()).toThrow(/CartPole-v1\.render\(\) needs a render mode.*'human', 'rgb_array'/);
    expect(() => make('CartPole-v1', { renderMode: 'ansi' as never })).toThrow(InvalidArgumentError);
    expect(() => make('CartPole-v1', { renderMode: 'ansi' as never })).toThrow(/CartPole-v1: unsupported render mode "ansi"; it has 'human', 'rgb_array'/);
    const env = new CartPoleEnv();
    env.renderMode = 'rgb_array';
    expect(() => env.render()).toThrow(ResetNeededError);
    expect(() => env.render()).toThrow(/cannot render\(\) before reset\(\)/);
    env.reset({ seed: 1 });
    expect(env.render()?.width).toBe(600); // an env built directly draws its scene too
    register({ id: 'test/NoPictures-v0', entryPoint: () => new (class extends CartPoleEnv {
      override readonly metadata = { renderModes: [] as string[], renderFps: 50, scene: 'CartPole' };
    })() });
    try {
      expect(() => make('test/NoPictures-v0', { renderMode: 'rgb_array' })).toThrow(/test\/NoPictures-v0: unsupported render mode "rgb_array"; it declares no render modes/);
    } finally {
      unregister('test/NoPictures-v0');
    }
  });
});
