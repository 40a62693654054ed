/**
 * Pixels: `HumanRendering` (what `make(id, { renderMode: 'human' })` adds), and the observation
 * wrappers of Gymnasium 1.x that turn frames into observations: `AddRenderObservation`,
 * `ResizeObservation`, `GrayscaleObservation`. Frames are uint8 `[height, width, channels]`,
 * row-major, as Gymnasium's.
 */
import type { Env, ResetArgs, ResetResult, StepResult } from '../../core/env.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { type HumanView, type RenderFrame, type RenderInput, openHumanView, renderState } from '../../core/render.js';
import { Box } from '../../core/spaces/box.js';
import { Dict } from '../../core/spaces/composite.js';
import type { Space } from '../../core/spaces/space.js';
import { sceneFor } from '../../scenes/registry.js';
import { Wrapper } from '../wrapper.js';

/** The scene an env is drawn with: its `metadata.scene`, else its registered id, else its class name (as BaseEnv's). */
function sceneId(env: Env<unknown, unknown>): string {
  const u = env.unwrapped;
  return u.metadata?.scene ?? u.spec?.id ?? u.constructor.name;
}

/** What an env's scene draws now: `renderInput()` of BaseEnv, else its `state` property. */
export function renderInputOf(env: Env<unknown, unknown>): RenderInput {
  const u = env.unwrapped as Env<unknown, unknown> & { renderInput?: () => RenderInput; state?: ArrayLike<number> | null };
  if (typeof u.renderInput === 'function') return u.renderInput();
  const id = sceneId(env);
  return { envId: id, state: renderState(id, u.state), action: null };
}

/** Plays the env's episodes in the live viewer as they happen (Gymnasium's `render_mode="human"`). */
export class HumanRendering<Obs, Act> extends Wrapper<Obs, Act> {
  private view: HumanView | null = null;

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args);
    const input = renderInputOf(this.env as Env<unknown, unknown>);
    this.view ??= openHumanView(input.envId, this.env.metadata.renderFps ?? 30);
    this.view.reset(input);
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.view?.step(renderInputOf(this.env as Env<unknown, unknown>), r.reward, r.terminated || r.truncated);
    return r;
  }

  override render(): RenderFrame | null {
    return null;
  }

  /** The live viewer's URL once its server listens (it is also printed on stderr). */
  get viewerUrl(): string | null {
    return this.view?.url ?? null;
  }

  override close(): void {
    this.view?.close();
    this.view = null;
    super.close();
  }
}

/** The scene size of an env made with renderMode 'rgb_array'; a clear error otherwise. */
function renderedSize(env: Env<unknown, unknown>, who: string): { width: number; height: number } {
  if (env.renderMode !== 'rgb_array') {
    throw new InvalidArgumentError(`${who} needs an env made with renderMode 'rgb_array', got ${describe(env.renderMode ?? null)} (make(id, { renderMode: 'rgb_array' }))`);
  }
  return sceneFor(sceneId(env));
}

/** Options of {@link AddRenderObservation}. */
export interface AddRenderObservationOptions {
  /** The frame replaces the observation (default true); false: `{ [obsKey]: obs, [renderKey]: frame }`. */
  renderOnly?: boolean;
  /** Default `'pixels'`. */
  renderKey?: string;
  /** Default `'state'`. */
  obsKey?: string;
}

/**
 * The env's rendered frame as (or beside) the observation: Gymnasium's `AddRenderObservation`.
 * `Obs` is the frame's `Uint8Array` by default; with `renderOnly: false`, give the dict's type.
 */
export class AddRenderObservation<Act, Obs = Uint8Array> extends Wrapper<Obs, Act, unknown, Act> {
  readonly renderOnly: boolean;
  readonly renderKey: string;
  readonly obsKey: string;

  constructor(env: Env<unknown, Act>, options: AddRenderObservationOptions = {}) {
    super(env);
    const { width, height } = renderedSize(env as Env<unknown, unknown>, 'AddRenderObservation');
    this.renderOnly = options.renderOnly ?? true;
    this.renderKey = options.renderKey ?? 'pixels';
    this.obsKey = options.obsKey ?? 'state';
    if (this.renderKey === this.obsKey) throw new InvalidArgumentError(`AddRenderObservation renderKey and obsKey must differ, both are ${describe(this.renderKey)}`);
    const pixels = new Box(0, 255, { shape: [height, width, 3], dtype: 'uint8' });
    this.observationSpaceOverride = (this.renderOnly ? pixels : new Dict({ [this.obsKey]: env.observationSpace, [this.renderKey]: pixels })) as unknown as Space<Obs>;
  }

  protected override observation(observation: unknown): Obs {
    const frame = this.render() as RenderFrame;
    return (this.renderOnly ? frame.data : { [this.obsKey]: observation, [this.renderKey]: frame.data }) as Obs;
  }
}

/** A uint8 image space `[height, width]` or `[height, width, channels]`; a clear error otherwise. */
function imageShape(env: Env<unknown, unknown>, who: string): [number, number, number] {
  const space = env.observationSpace;
  if (!(space instanceof Box) || space.dtype !== 'uint8' || (space.shape.length !== 2 && space.shape.length !== 3)) {
    throw new InvalidArgumentError(`${who} needs a uint8 image observation space [height, width(, channels)], got ${String(space)}`);
  }
  const [h, w, c = 1] = space.shape as number[];
  return [h as number, w as number, c];
}

/**
 * Resizes image observations to `[height, width]` by area averaging (OpenCV's INTER_AREA, which
 * Gymnasium's `ResizeObservation` uses): each output pixel averages the input pixels it covers.
 */
export class ResizeObservation<Act> extends Wrapper<Uint8Array, Act, ArrayLike<number>, Act> {
  readonly shape: readonly [number, number];
  private readonly channels: number;
  private readonly rows: AreaWeights;
  private readonly cols: AreaWeights;
  private readonly inWidth: number;
  /** The row pass's output, reused. */
  private readonly rowsDone: Float64Array;

  constructor(env: Env<ArrayLike<number>, Act>, shape: readonly [number, number]) {
    super(env);
    const [h, w, c] = imageShape(env as Env<unknown, unknown>, 'ResizeObservation');
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((v) => Number.isInteger(v) && v >= 1 && v <= 4096)) {
      throw new InvalidArgumentError(`ResizeObservation shape must be [height, width] with integers in [1, 4096], got ${describe(shape)}`);
    }
    this.shape = [shape[0], shape[1]];
    this.channels = c;
    this.inWidth = w;
    this.rows = areaWeights(h, shape[0]);
    this.cols = areaWeights(w, shape[1]);
    this.rowsDone = new Float64Array(shape[0] * w * c);
    const keep = (env.observationSpace as Box<'uint8'>).shape.length === 3;
    this.observationSpaceOverride = new Box(0, 255, { shape: keep ? [shape[0], shape[1], c] : [shape[0], shape[1]], dtype: 'uint8' });
  }

  protected override observation(image: ArrayLike<number>): Uint8Array {
    const src = image instanceof Uint8Array ? image : Uint8Array.from(image);
    const [oh, ow] = this.shape;
    const c = this.channels;
    const rowStride = this.inWidth * c;
    const tmp = this.rowsDone;
    tmp.fill(0);
    // Rows first (oh x inWidth), then columns (oh x ow).
    for (let y = 0; y < oh; y++) {
      const from = this.rows.from[y] as number;
      const to = this.rows.to[y] as number;
      const dst = y * rowStride;
      for (let sy = from; sy < to; sy++) {
        const wgt = this.rows.weight(y, sy);
        const base = sy * rowStride;
        for (let i = 0; i < rowStride; i++) tmp[dst + i] = (tmp[dst + i] as number) + wgt * (src[base + i] as number);
      }
    }
    const out = new Uint8Array(oh * ow * c);
    for (let y = 0; y < oh; y++) {
      const row = y * rowStride;
      for (let x = 0; x < ow; x++) {
        const from = this.cols.from[x] as number;
        const to = this.cols.to[x] as number;
        for (let k = 0; k < c; k++) {
          let v = 0;
          for (let sx = from; sx < to; sx++) v += this.cols.weight(x, sx) * (tmp[row + sx * c + k] as number);
          out[(y * ow + x) * c + k] = Math.min(255, Math.round(v));
        }
      }
    }
    return out;
  }
}

/** For each output index, the input indices it covers (`from[i]` to `to[i]`, exclusive) and their weights (summing to 1). */
interface AreaWeights {
  from: Int32Array;
  to: Int32Array;
  weight(i: number, j: number): number;
}

function areaWeights(inSize: number, outSize: number): AreaWeights {
  const scale = inSize / outSize;
  const from = new Int32Array(outSize);
  const to = new Int32Array(outSize);
  const weights: Float64Array[] = [];
  for (let i = 0; i < outSize; i++) {
    if (scale <= 1) {
      // Upscaling: the nearest input pixel (area interpolation degenerates to it).
      from[i] = Math.min(inSize - 1, Math.floor((i + 0.5) * scale));
      to[i] = (from[i] as number) + 1;
      weights.push(Float64Array.of(1));
      continue;
    }
    const a = i * scale;
    const b = Math.min(inSize, (i + 1) * scale);
    from[i] = Math.floor(a);
    to[i] = Math.ceil(b);
    const w = new Float64Array((to[i] as number) - (from[i] as number));
    for (let j = from[i] as number; j < (to[i] as number); j++) w[j - (from[i] as number)] = (Math.min(b, j + 1) - Math.max(a, j)) / scale;
    weights.push(w);
  }
  return { from, to, weight: (i, j) => (weights[i] as Float64Array)[j - (from[i] as number)] as number };
}

/** Options of {@link GrayscaleObservation}. */
export interface GrayscaleObservationOptions {
  /** Keep a channel axis of 1: `[h, w, 1]` (default false: `[h, w]`). */
  keepDim?: boolean;
}

/**
 * RGB image observations to grayscale with Gymnasium's weights (0.2125 R + 0.7154 G + 0.0721 B,
 * truncated to uint8, as its `GrayscaleObservation`).
 */
export class GrayscaleObservation<Act> extends Wrapper<Uint8Array, Act, ArrayLike<number>, Act> {
  readonly keepDim: boolean;
  private readonly pixels: number;

  constructor(env: Env<ArrayLike<number>, Act>, options: GrayscaleObservationOptions = {}) {
    super(env);
    const [h, w, c] = imageShape(env as Env<unknown, unknown>, 'GrayscaleObservation');
    if (c !== 3) throw new InvalidArgumentError(`GrayscaleObservation needs 3 colour channels, got an observation space of shape ${describe(env.observationSpace)}`);
    this.keepDim = options.keepDim ?? false;
    this.pixels = h * w;
    this.observationSpaceOverride = new Box(0, 255, { shape: this.keepDim ? [h, w, 1] : [h, w], dtype: 'uint8' });
  }

  protected override observation(image: ArrayLike<number>): Uint8Array {
    const out = new Uint8Array(this.pixels);
    for (let i = 0, j = 0; i < this.pixels; i++, j += 3) {
      out[i] = Math.trunc(0.2125 * (image[j] as number) + 0.7154 * (image[j + 1] as number) + 0.0721 * (image[j + 2] as number));
    }
    return out;
  }
}
