/**
 * RGB frames by WebAssembly SIMD: the hand-assembled module converts exactly as the JavaScript
 * reference does, for every frame size (its blocks stop short of the end; the tail is copied in
 * JavaScript) and never writes past the RGB frame; and render() uses it (CanvasKit's memory was
 * found), so a CanvasKit upgrade that hides it fails here rather than silently slowing render().
 */
import { describe, expect, it } from 'vitest';
import '../../src/render/raster_setup.js';
import { rgbaToRgb } from '../../src/render/raster.js';
import { simdRgbaToRgb } from '../../src/render/rgba_simd.js';
import { rasterBackend } from '../../src/scenes/raster.js';
import { Rng } from '../../src/core/rng.js';

describe('RGBA to RGB by WebAssembly SIMD', () => {
  it('equals the JavaScript conversion for every size, in place, writing nothing past the frame', () => {
    const memory = new WebAssembly.Memory({ initial: 16 });
    const convert = simdRgbaToRgb(memory);
    if (!convert) throw new Error('this Node has no WebAssembly SIMD');
    const rng = new Rng(3);
    for (const pixels of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 17, 1000, 240_000]) {
      const heap = new Uint8Array(memory.buffer);
      const at = 64 + (pixels % 3); // any byte offset, not only aligned ones
      const rgba = Uint8Array.from({ length: pixels * 4 }, () => rng.int(256));
      heap.fill(0xa5);
      heap.set(rgba, at);
      const out = convert(at, pixels);
      expect(Buffer.from(out).equals(Buffer.from(rgbaToRgb(rgba, pixels))), `${pixels} pixels`).toBe(true);
      // Past the RGB frame the RGBA bytes are as they were: nothing was written there.
      expect(Buffer.from(heap.subarray(at + pixels * 3, at + pixels * 4)).equals(Buffer.from(rgba.subarray(pixels * 3))), `${pixels} pixels`).toBe(true);
      expect(heap[at + pixels * 4]).toBe(0xa5);
    }
  });

  it("is what render() uses: CanvasKit's memory is found at load", () => {
    expect(rasterBackend()?.rgb).toBe("WebAssembly SIMD in CanvasKit's memory");
  });
});
