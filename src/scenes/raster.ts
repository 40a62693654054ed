/**
 * Scenes to RGB pixels: a {@link RasterBackend} supplies painters that draw into pixel buffers
 * (tfgym's Node entry sets Skia through CanvasKit, `src/render/raster.ts`); this module keeps one
 * surface per picture size and returns Gymnasium-layout frames.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { RenderFrame } from '../core/render.js';
import type { Painter, Scene } from './painter.js';

/** A painter over a pixel buffer. */
export interface RasterSurface extends Painter {
  /** The picture as `height * width * 3` RGB bytes, row-major, in a new array. */
  readRgb(): Uint8Array;
  /** Frees the surface. */
  dispose(): void;
}

export interface RasterBackend {
  /** Named in errors and benchmarks, e.g. `'canvaskit'`. */
  readonly name: string;
  /** How RGB frames are made, for benchmarks and tests (e.g. `'WebAssembly SIMD in CanvasKit's memory'`). */
  readonly rgb?: string;
  createSurface(width: number, height: number): RasterSurface;
}

let backend: RasterBackend | null = null;
const surfaces = new Map<string, RasterSurface>();

/** Sets the backend that turns scenes into pixels (replacing surfaces made by the previous one). */
export function setRasterBackend(next: RasterBackend | null): void {
  for (const s of surfaces.values()) s.dispose();
  surfaces.clear();
  backend = next;
}

/** The backend in use, or null. */
export function rasterBackend(): RasterBackend | null {
  return backend;
}

/** Draws `scene` at `state` and returns the frame. */
export function rasterize(scene: Scene, state: readonly number[], action: number | readonly number[] | null, what = 'scene'): RenderFrame {
  if (backend === null) {
    throw new InvalidArgumentError(`${what}: rgb_array rendering needs a raster backend; import 'tfgym' in Node (it loads Skia through CanvasKit) or call setRasterBackend`);
  }
  const key = `${scene.width}x${scene.height}`;
  let surface = surfaces.get(key);
  if (!surface) {
    surface = backend.createSurface(scene.width, scene.height);
    surfaces.set(key, surface);
  }
  scene.draw(surface, state, action);
  return { width: scene.width, height: scene.height, data: surface.readRgb() };
}
