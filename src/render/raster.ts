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
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as canvasKitModule from 'canvaskit-wasm';
import type { Canvas, CanvasKit, CanvasKitInitOptions, Paint, Surface } from 'canvaskit-wasm';
import type { Color } from '../scenes/painter.js';
import type { RasterBackend, RasterSurface } from '../scenes/raster.js';

/** Loads CanvasKit's wasm from the installed package (no network) and returns the backend. */
/** The package is CommonJS: Node's ESM default import is its `module.exports`, the init function. */
const CanvasKitInit = ((canvasKitModule as unknown as { default?: unknown }).default ?? canvasKitModule) as (options?: CanvasKitInitOptions) => Promise<CanvasKit>;

export async function loadCanvasKit(): Promise<RasterBackend> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('canvaskit-wasm/bin/canvaskit.wasm'));
  const module = new WebAssembly.Module(wasm);
  const ck = await CanvasKitInit({
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      const instance = new WebAssembly.Instance(module, imports);
      done(instance, module);
      return instance.exports;
    },
  } as unknown as CanvasKitInitOptions);
  return { name: 'canvaskit', createSurface: (width, height) => new SkiaSurface(ck, width, height) };
}

class SkiaSurface implements RasterSurface {
  private readonly surface: Surface;
  private readonly canvas: Canvas;
  private readonly fill: Paint;
  private readonly stroke: Paint;
  private readonly colors = new Map<Color, Float32Array>();
  private readonly pixels: ReturnType<CanvasKit['Malloc']>;
  private info: Parameters<Canvas['readPixels']>[2] | null = null;

  constructor(private readonly ck: CanvasKit, readonly width: number, readonly height: number) {
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
    return rgbaToRgb(this.pixels.toTypedArray() as Uint8Array, this.width * this.height);
  }

  dispose(): void {
    this.fill.delete();
    this.stroke.delete();
    this.ck.Free(this.pixels);
    this.surface.delete();
  }
}

/**
 * RGBA bytes to RGB: four pixels (16 bytes) read as four words become three words (12 bytes);
 * 2.6x faster than byte by byte (little-endian, as every platform V8 runs on).
 */
export function rgbaToRgb(rgba: Uint8Array, pixels: number): Uint8Array {
  // Every byte is written below: skip the zero-fill (a large allocation has its own buffer, offset 0).
  const bytes = Buffer.allocUnsafeSlow(pixels * 3);
  const out = new Uint8Array(bytes.buffer, bytes.byteOffset, pixels * 3);
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
