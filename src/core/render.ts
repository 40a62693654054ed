/**
 * Rendering contract (Gymnasium's `render_mode` / `render()`), free of any drawing code.
 *
 * An env is made with a render mode (`make(id, { renderMode: 'rgb_array' })`). In `rgb_array`
 * mode `env.render()` returns a {@link RenderFrame}; in `human` mode the env's episodes play in a
 * viewer. What an env looks like is its scene (`src/scenes`), and who turns a scene into pixels or
 * into a live view is registered here by the layers that can (the scenes module registers the
 * rasteriser, the render layer the human viewer), so that core and the envs import neither.
 */
import { InvalidArgumentError, ResetNeededError, describe } from './errors.js';

/** The render modes tfgym knows. */
export type RenderMode = 'rgb_array' | 'human';

/** One picture: `data` holds `height * width * 3` RGB bytes, row-major (Gymnasium's H x W x 3 uint8). */
export interface RenderFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** What a scene draws: the env's state snapshot and the last action (or null). */
export interface RenderInput {
  readonly envId: string;
  readonly state: readonly number[];
  readonly action: number | readonly number[] | null;
}

/** Draws a state to RGB pixels. Registered by `src/scenes`. */
export type FrameRenderer = (input: RenderInput) => RenderFrame;

/** Shows states live (mode `human`). Registered by the render layer in Node. */
export interface HumanView {
  /** Where the view can be opened, once known (null before). */
  readonly url: string | null;
  /** A new episode starts from this state. */
  reset(input: RenderInput): void;
  /** One step was taken. */
  step(input: RenderInput, reward: number, done: boolean): void;
  close(): void;
}

export type HumanViewFactory = (envId: string, fps: number) => HumanView;

let frameRenderer: FrameRenderer | null = null;
let humanViewFactory: HumanViewFactory | null = null;

/** Sets the function that draws `rgb_array` frames (the scenes module does it when loaded). */
export function setFrameRenderer(renderer: FrameRenderer | null): void {
  frameRenderer = renderer;
}

/** Sets what opens a live view for `human` mode (tfgym's Node entry sets the browser viewer). */
export function setHumanViewFactory(factory: HumanViewFactory | null): void {
  humanViewFactory = factory;
}

/** Draws one frame with the registered renderer; a clear error when none is loaded. */
export function renderFrame(input: RenderInput): RenderFrame {
  if (frameRenderer === null) {
    throw new InvalidArgumentError(`${input.envId}: rgb_array rendering needs tfgym's scenes and a raster backend; import 'tfgym' (Node) or call setRasterBackend first`);
  }
  return frameRenderer(input);
}

/** Opens a live view for `human` mode; a clear error when none is registered. */
export function openHumanView(envId: string, fps: number): HumanView {
  if (humanViewFactory === null) {
    throw new InvalidArgumentError(`${envId}: render mode 'human' needs tfgym's live viewer; import 'tfgym' in Node (it registers the viewer), or use renderMode 'rgb_array'`);
  }
  return humanViewFactory(envId, fps);
}

/** The state as plain numbers, or a ResetNeededError naming the env. */
export function renderState(envId: string, state: ArrayLike<number> | null | undefined): number[] {
  if (state === null || state === undefined) throw new ResetNeededError(`${envId} cannot render() before reset(); call reset() first`);
  return Array.from(state);
}

/** Checks a requested render mode against the env's metadata. */
export function checkRenderMode(envId: string, mode: unknown, modes: readonly string[]): RenderMode {
  if (typeof mode !== 'string' || !modes.includes(mode) || (mode !== 'rgb_array' && mode !== 'human')) {
    const has = modes.length > 0 ? `it has ${modes.map((m) => `'${m}'`).join(', ')}` : 'it declares no render modes';
    throw new InvalidArgumentError(`${envId}: unsupported render mode ${describe(mode)}; ${has}`);
  }
  return mode;
}
