/**
 * Fused multiply-add, `round(a * b + c)` with a single rounding, in plain JavaScript.
 *
 * Method: the product is split exactly (Dekker's two-product with Veltkamp splitting), added to
 * c exactly (Knuth's two-sum), and the two error terms are summed with rounding to odd before the
 * final addition (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved
 * algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008). Exact for finite inputs
 * whose product neither overflows nor underflows, which holds for the libm arguments it serves.
 */
const SPLITTER = 134217729; // 2^27 + 1
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // little-endian: low word first

/** x rounded to odd: if `err` is non-zero and x's last mantissa bit is 0, step one ulp toward err. */
function roundToOdd(x: number, err: number): number {
  if (err === 0) return x;
  bits[0] = x;
  const lo = words[LOW] as number;
  if ((lo & 1) !== 0) return x;
  // Even mantissa: move one unit in the last place toward the discarded error.
  const away = err > 0 === x > 0;
  if (away) {
    words[LOW] = (lo + 1) >>> 0;
    if (lo === 0xffffffff) words[1 - LOW] = ((words[1 - LOW] as number) + 1) >>> 0;
  } else {
    words[LOW] = (lo - 1) >>> 0;
    if (lo === 0) words[1 - LOW] = ((words[1 - LOW] as number) - 1) >>> 0;
  }
  return bits[0] as number;
}

export function fma(a: number, b: number, c: number): number {
  // Exact product a * b = ph + pl.
  const ph = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - ph + ah * bl + al * bh + al * bl;
  // Exact sum c + ph = sh + sl.
  const sh = c + ph;
  const bv = sh - c;
  const sl = c - (sh - bv) + (ph - bv);
  // pl + sl rounded to odd, then one final rounding.
  const v = pl + sl;
  const vb = v - pl;
  const ve = pl - (v - vb) + (sl - vb);
  return sh + roundToOdd(v, ve);
}
