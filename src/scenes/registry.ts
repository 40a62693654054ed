/**
 * Scenes by env id: `registerScene('MyEnv-v0', scene)` (or the family `'MyEnv'`, for every
 * version) makes `render()`, videos and the live viewer draw your env. Envs without a scene are
 * drawn as bars, one per state number.
 */
import { InvalidArgumentError, describe } from '../core/errors.js';
import { type Scene, rgb } from './painter.js';

const scenes = new Map<string, Scene>();

/** Registers (or replaces) the scene of an env id or of an id's family (the id without `-vN`). */
export function registerScene(envId: string, scene: Scene): void {
  if (typeof envId !== 'string' || envId.length === 0) throw new InvalidArgumentError(`registerScene: envId must be a non-empty string, got ${describe(envId)}`);
  for (const k of ['width', 'height'] as const) {
    const v = scene?.[k];
    if (!(Number.isInteger(v) && v >= 1 && v <= 4096)) throw new InvalidArgumentError(`registerScene ${envId}: ${k} must be an integer in [1, 4096], got ${describe(v)}`);
  }
  if (typeof scene.draw !== 'function') throw new InvalidArgumentError(`registerScene ${envId}: draw must be a function, got ${describe(scene.draw)}`);
  scenes.set(envId, scene);
}

/** The scene for an env id: its own, else its family's, else {@link barsScene}. */
export function sceneFor(envId: string | null): Scene {
  if (envId) {
    const exact = scenes.get(envId) ?? scenes.get(envId.replace(/-v\d+$/, ''));
    if (exact) return exact;
  }
  return barsScene;
}

/** Whether an id (or its family) has a scene of its own. */
export function hasScene(envId: string): boolean {
  return scenes.has(envId) || scenes.has(envId.replace(/-v\d+$/, ''));
}

/** The fallback: each state number as a bar about the middle line, scaled by the largest. */
export const barsScene: Scene = {
  width: 600,
  height: 400,
  draw(p, state) {
    p.clear(rgb(255, 255, 255));
    const n = Math.max(state.length, 1);
    const w = 600 / n;
    const maxAbs = Math.max(1e-6, ...state.map((v) => Math.abs(v)));
    p.polyline([0, 200, 600, 200], rgb(153, 153, 153), 1);
    state.forEach((v, i) => {
      const h = (v / maxAbs) * 180;
      const x0 = i * w + w * 0.15;
      const x1 = x0 + w * 0.7;
      const [y0, y1] = h >= 0 ? [200 - h, 200] : [200, 200 - h];
      p.polygon([x0, y0, x1, y0, x1, y1, x0, y1], v >= 0 ? rgb(37, 99, 235) : rgb(220, 38, 38));
    });
  },
};
