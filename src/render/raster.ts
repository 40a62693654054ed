/**
 * The raster backend behind `render()` in `rgb_array` mode: Skia, through Google's CanvasKit
 * (WebAssembly; the same build runs in Node and in browsers). Chosen after measuring, on these
 * 2 cores, CartPole's 600x400 frame drawn and read back as RGB: @napi-rs/canvas ~300 frames/s
 * (its pixel read-back costs ~2 ms a frame), CanvasKit ~2,300; skia-canvas and canvas do not
 * install without downloads (bench/results/pixels.json has the current numbers).
 *
 * `loadCanvasKit()` is asynchronous (it instantiates the wasm); tfgym's Node entry awaits it once
 * when loaded (`./raster_setup.ts`), so that `render()` stays synchronous as Gymnasium's.
 */
import * as canvasKitModule from 'canvaskit-wasm';
import type { Canvas, CanvasKit, CanvasKitInitOptions, Paint, Surface } from 'canvaskit-wasm';
import type { Color } from '../scenes/painter.js';
import type { RasterBackend, RasterSurface } from '../scenes/raster.js';
import { frameBytes, simdRgbaToRgb } from './rgba_simd.js';

/** The package is CommonJS: Node's ESM default import is its `module.exports`, the init function. */
const CanvasKitInit = ((canvasKitModule as unknown as { default?: unknown }).default ?? canvasKitModule) as (options?: CanvasKitInitOptions) => Promise<CanvasKit>;

/** Loads CanvasKit (its wasm from the installed package: no network) and returns the backend. */
export async function loadCanvasKit(): Promise<RasterBackend> {
  const { ck, memory } = await initCanvasKit();
  const toRgb = memory ? simdRgbaToRgb(memory) : null;
  return { name: 'canvaskit', rgb: toRgb ? "WebAssembly SIMD in CanvasKit's memory" : 'JavaScript', createSurface: (width, height) => new SkiaSurface(ck, width, height, toRgb) };
}

/**
 * CanvasKit and its wasm memory. CanvasKit gives views of its heap but not the
 * `WebAssembly.Memory` a SIMD module needs to share it, and this build ignores Emscripten's
 * `instantiateWasm` hook; so while CanvasKit instantiates, `WebAssembly.instantiate` is observed
 * (arguments and results passed through unchanged; put back as soon as it is done), and the
 * memory whose buffer is CanvasKit's heap is kept. Null if none is (then RGB is made in JavaScript).
 */
async function initCanvasKit(): Promise<{ ck: CanvasKit; memory: WebAssembly.Memory | null }> {
  const seen: WebAssembly.Memory[] = [];
  const original = WebAssembly.instantiate;
  const observe = (exports: WebAssembly.Exports): void => {
    for (const v of Object.values(exports)) if (v instanceof WebAssembly.Memory) seen.push(v);
  };
  WebAssembly.instantiate = (async (...args: Parameters<typeof original>) => {
    const result = await (original as (...a: unknown[]) => Promise<WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance>)(...args);
    observe('instance' in result ? result.instance.exports : result.exports);
    return result;
  }) as typeof original;
  try {
    const ck = await CanvasKitInit();
    const heap = (ck as unknown as { HEAPU8?: Uint8Array }).HEAPU8?.buffer;
    return { ck, memory: seen.find((m) => m.buffer === heap) ?? null };
  } finally {
    WebAssembly.instantiate = original;
  }
}

class SkiaSurface implements RasterSurface {
  private readonly surface: Surface;
  private readonly canvas: Canvas;
  private readonly fill: Paint;
  private readonly stroke: Paint;
  private readonly colors = new Map<Color, Float32Array>();
  private readonly pixels: ReturnType<CanvasKit['Malloc']>;
  private info: Parameters<Canvas['readPixels']>[2] | null = null;

  /** `toRgb`: the SIMD conversion in CanvasKit's memory, or null (JavaScript). */
  constructor(private readonly ck: CanvasKit, readonly width: number, readonly height: number, private readonly toRgb: ((at: number, pixels: number) => Uint8Array) | null) {
    const surface = ck.MakeSurface(width, height);
    if (surface === null) throw new Error(`CanvasKit could not make a ${width}x${height} surface`);
    this.surface = surface;
    this.canvas = surface.getCanvas();
    this.fill = new ck.Paint();
    this.fill.setAntiAlias(true);
    this.stroke = new ck.Paint();
    this.stroke.setAntiAlias(true);
    this.stroke.setStyle(ck.PaintStyle.Stroke);
    this.pixels = ck.Malloc(Uint8Array, width * height * 4);
  }

  private color(c: Color): Float32Array {
    let v = this.colors.get(c);
    if (!v) {
      v = this.ck.Color((c >> 16) & 255, (c >> 8) & 255, c & 255, 1);
      this.colors.set(c, v);
    }
    return v;
  }

  clear(color: Color): void {
    this.canvas.clear(this.color(color));
  }

  polygon(points: readonly number[], color: Color): void {
    const path = new this.ck.PathBuilder().addPolygon(points as number[], true).detachAndDelete();
    this.fill.setColor(this.color(color));
    this.canvas.drawPath(path, this.fill);
    path.delete();
  }

  circle(x: number, y: number, radius: number, color: Color): void {
    this.fill.setColor(this.color(color));
    this.canvas.drawCircle(x, y, radius, this.fill);
  }

  polyline(points: readonly number[], color: Color, width: number): void {
    const path = new this.ck.PathBuilder().addPolygon(points as number[], false).detachAndDelete();
    this.stroke.setColor(this.color(color));
    this.stroke.setStrokeWidth(width);
    this.canvas.drawPath(path, this.stroke);
    path.delete();
  }

  arc(x: number, y: number, radius: number, start: number, end: number, color: Color, width: number): void {
    this.stroke.setColor(this.color(color));
    this.stroke.setStrokeWidth(width);
    const deg = 180 / Math.PI;
    this.canvas.drawArc(this.ck.LTRBRect(x - radius, y - radius, x + radius, y + radius), start * deg, (end - start) * deg, false, this.stroke);
  }

  readRgb(): Uint8Array {
    this.info ??= { width: this.width, height: this.height, colorType: this.ck.ColorType.RGBA_8888, alphaType: this.ck.AlphaType.Unpremul, colorSpace: this.ck.ColorSpace.SRGB };
    this.canvas.readPixels(0, 0, this.info, this.pixels, this.width * 4);
    const n = this.width * this.height;
    return this.toRgb ? this.toRgb(this.pixels.byteOffset, n) : rgbaToRgb(this.pixels.toTypedArray() as Uint8Array, n);
  }

  dispose(): void {
    this.fill.delete();
    this.stroke.delete();
    this.ck.Free(this.pixels);
    this.surface.delete();
  }
}

/**
 * RGBA bytes to RGB in JavaScript (where WebAssembly SIMD is missing; `rgba_simd.ts` otherwise): four pixels (16 bytes) read as four words become three words (12 bytes);
 * 2.6x faster than byte by byte (little-endian, as every platform V8 runs on).
 */
export function rgbaToRgb(rgba: Uint8Array, pixels: number): Uint8Array {
  const out = frameBytes(pixels * 3);
  const blocks = pixels >> 2;
  if (rgba.byteOffset % 4 === 0) {
    const src = new Uint32Array(rgba.buffer, rgba.byteOffset, blocks * 4);
    const dst = new Uint32Array(out.buffer, out.byteOffset, blocks * 3);
    for (let i = 0, j = 0; i < src.length; i += 4, j += 3) {
      const a = src[i] as number;
      const b = src[i + 1] as number;
      const c = src[i + 2] as number;
      const d = src[i + 3] as number;
      dst[j] = (a & 0xffffff) | (b << 24);
      dst[j + 1] = ((b >>> 8) & 0xffff) | (c << 16);
      dst[j + 2] = ((c >>> 16) & 0xff) | (d << 8);
    }
  }
  for (let p = rgba.byteOffset % 4 === 0 ? blocks * 4 : 0; p < pixels; p++) {
    out[p * 3] = rgba[p * 4] as number;
    out[p * 3 + 1] = rgba[p * 4 + 1] as number;
    out[p * 3 + 2] = rgba[p * 4 + 2] as number;
  }
  return out;
}
