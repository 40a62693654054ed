/**
 * RGBA to RGB with WebAssembly SIMD (one `i8x16.swizzle` per 4 pixels), in place in CanvasKit's
 * memory. In JavaScript the conversion of a 600x400 frame costs ~190 µs (bounds-checked
 * typed-array reads and writes); the SIMD loop ~30 µs. The module is ~110 bytes, assembled below from named opcodes; it is, in
 * WebAssembly text:
 *
 *   (module
 *     (import "env" "memory" (memory 0))
 *     (func (export "convert") (param $src i32) (param $dst i32) (param $blocks i32)
 *       (block $done (loop $next
 *         (br_if $done (i32.eqz (local.get $blocks)))
 *         (v128.store (local.get $dst)
 *           (i8x16.swizzle (v128.load (local.get $src)) (v128.const i8x16 0 1 2 4 5 6 8 9 10 12 13 14 128 128 128 128)))
 *         (local.set $src (i32.add (local.get $src) (i32.const 16)))
 *         (local.set $dst (i32.add (local.get $dst) (i32.const 12)))
 *         (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
 *         (br $next))))
 *
 * Each block of 4 pixels stores 16 bytes of which 12 are its own, so blocks stop short of the
 * frame's end (the last 2-5 pixels are copied in JavaScript) and no byte past the RGB frame is
 * written.
 */

const I32 = 0x7f;
const EMPTY = 0x40;
const op = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, localGet: 0x20, localSet: 0x21,
  i32Const: 0x41, i32Eqz: 0x45, i32Add: 0x6a, i32Sub: 0x6b, simd: 0xfd,
} as const;
const simd = { load: 0x00, store: 0x0b, const: 0x0c, swizzle: 0x0e } as const;
const memarg = [0, 0]; // alignment 1, offset 0

const bytes = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, body.length, ...body]; // every body here is < 128 bytes

const BODY = [
  0, // no locals beyond the parameters
  op.block, EMPTY, op.loop, EMPTY,
  op.localGet, 2, op.i32Eqz, op.brIf, 1,
  op.localGet, 1,
  op.localGet, 0, op.simd, simd.load, ...memarg,
  op.simd, simd.const, 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 128, 128, 128, 128,
  op.simd, simd.swizzle,
  op.simd, simd.store, ...memarg,
  op.localGet, 0, op.i32Const, 16, op.i32Add, op.localSet, 0,
  op.localGet, 1, op.i32Const, 12, op.i32Add, op.localSet, 1,
  op.localGet, 2, op.i32Const, 1, op.i32Sub, op.localSet, 2,
  op.br, 0, op.end, op.end, op.end,
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  ...section(1, [1, 0x60, 3, I32, I32, I32, 0]), // type: (i32, i32, i32) -> ()
  ...section(2, [1, ...bytes('env'), ...bytes('memory'), 0x02, 0x00, 0x00]), // import env.memory (min 0)
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(7, [1, ...bytes('convert'), 0x00, 0]), // export "convert" = function 0
  ...section(10, [1, BODY.length, ...BODY]), // code
]);

/**
 * A new array of `n` bytes for a frame its caller writes whole: no zero-fill (a large allocation
 * has its own buffer, at offset 0).
 */
export function frameBytes(n: number): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, n);
}

/**
 * RGBA to RGB in place, in `memory` (CanvasKit's, where Skia reads its pixels back): `pixels`
 * pixels at byte `at` become RGB at the same byte (each block writes below what it has read, never
 * over bytes still to read), then the frame is copied out into a new array. Null where
 * WebAssembly SIMD is missing (the caller then converts in JavaScript).
 */
export function simdRgbaToRgb(memory: WebAssembly.Memory): ((at: number, pixels: number) => Uint8Array) | null {
  let convert: (src: number, dst: number, blocks: number) => void;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { env: { memory } });
    convert = instance.exports.convert as typeof convert;
  } catch {
    return null;
  }
  return (at, pixels) => {
    const blocks = Math.max(0, Math.floor((pixels - 2) / 4));
    convert(at, at, blocks);
    const heap = new Uint8Array(memory.buffer); // made now: the memory may have grown
    for (let p = blocks * 4; p < pixels; p++) {
      heap[at + p * 3] = heap[at + p * 4] as number;
      heap[at + p * 3 + 1] = heap[at + p * 4 + 1] as number;
      heap[at + p * 3 + 2] = heap[at + p * 4 + 2] as number;
    }
    const out = frameBytes(pixels * 3);
    out.set(heap.subarray(at, at + pixels * 3));
    return out;
  };
}
