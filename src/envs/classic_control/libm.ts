/**
 * sin and cos for the classic-control physics, computed the way glibc's libm computes them
 * (the IBM Accurate Mathematical Library method: a table of sin/cos at multiples of 1/128 in
 * double-double, corrected by short Taylor polynomials, with Cody-Waite reduction by pi/2).
 *
 * Why not `Math.sin`/`Math.cos`: V8's fdlibm results differ from glibc's in the last bit for
 * about 3% of arguments, and Gymnasium (through NumPy and Python's `math`) uses glibc. On x86-64
 * machines with FMA, glibc runs a build of this method in which the compiler fused each
 * `a * b + c` into one FMA instruction; the `fma` calls below sit exactly where that build has
 * them (read off its disassembly), so results agree with it bit for bit (the golden tests check
 * it on every classic-control env). The method and its constants are facts of the algorithm; the
 * table was generated here with mpmath.
 *
 * Domain: |x| < 105414350 follows the method exactly; beyond it (never reached by the physics)
 * the functions fall back to `Math.sin`/`Math.cos`. NaN and ±Infinity give NaN.
 */
import { fma } from './fma.js';
import { SINCOS_TABLE } from './libm_table.js';

const hexDouble = (hi: number): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, hi);
  view.setUint32(4, 0);
  return view.getFloat64(0);
};

// Polynomial coefficients for sin near 0 (s1 ≈ -1/3!, s2 ≈ 1/5!, ...).
const S1 = -0.16666666666666666;
const S2 = 0.0083333333333323288;
const S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-6;
const S5 = -2.5022014848318398e-8;
// Short polynomials for the table correction.
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;
/** 1.5 * 2^45: adding it rounds |x| to a multiple of 1/128. */
const BIG = 52776558133248;
/** pi/2 as a double-double. */
const HP0 = 1.5707963267948966;
const HP1 = 6.123233995736766e-17;
/** pi/2 split in pieces for Cody-Waite reduction. */
const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-8;
const PP3 = -4.9789962314799099e-17;
const PP4 = -1.9034889620193266e-25;
const HPINV = 0.63661977236758138; // 2/pi
const TOINT = 6755399441055744; // 1.5 * 2^52: adding it rounds to an integer

const TINY_SIN = 2 ** -26;
const TINY_COS = 2 ** -27;
const TABLE_LIMIT = hexDouble(0x3feb6000); // 0.85546875
const NEAR_HALF_PI = hexDouble(0x400368fd); // ≈ 2.426265
const REDUCE_LIMIT = hexDouble(0x419921fb); // ≈ 105414350

const copysign = (v: number, sign: number): number => (sign < 0 || Object.is(sign, -0) ? -Math.abs(v) : Math.abs(v));

/** cos(x + dx) for a small reduced argument given as a double-double. */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const node = u - BIG;
  x = ax - node + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const k = node * 512; // 4 entries per node of 1/128
  const sn = SINCOS_TABLE[k] as number;
  const ssn = SINCOS_TABLE[k + 1] as number;
  const cs = SINCOS_TABLE[k + 2] as number;
  const ccs = SINCOS_TABLE[k + 3] as number;
  const cor = fma(-s, sn, fma(-c, cs, fma(-s, ssn, ccs)));
  return cs + cor;
}

/** sin(x + dx) for a small reduced argument given as a double-double. */
function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
    const t = fma(xx, fma(poly, x, -(0.5 * dx)), dx);
    return x + t;
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const node = u - BIG;
  x = ax - node;
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const k = node * 512;
  const sn = SINCOS_TABLE[k] as number;
  const ssn = SINCOS_TABLE[k + 1] as number;
  const cs = SINCOS_TABLE[k + 2] as number;
  const ccs = SINCOS_TABLE[k + 3] as number;
  const cor = fma(s, cs, fma(-c, sn, fma(s, ccs, ssn)));
  return copysign(sn + cor, xold);
}

// Reduction results, returned through module state to keep the hot path allocation-free.
let redA = 0;
let redDa = 0;

/** Reduces x by multiples of pi/2 into redA + redDa; returns the quadrant (0..3). */
function reduce(x: number): number {
  const xn = fma(x, HPINV, TOINT) - TOINT;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const n = ((xn % 4) + 4) % 4;
  const t2 = fma(-xn, PP3, y);
  let db = fma(-xn, PP3, y - t2);
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  redA = b;
  redDa = db;
  return n;
}

function quadrant(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

export function sin(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_SIN) return x;
  if (ax < TABLE_LIMIT) return doSin(x, 0);
  if (ax < NEAR_HALF_PI) return copysign(doCos(HP0 - ax, HP1), x);
  if (ax < REDUCE_LIMIT) {
    const n = reduce(x);
    return quadrant(redA, redDa, n);
  }
  return Math.sin(x);
}

export function cos(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_COS) return 1.0;
  if (ax < TABLE_LIMIT) return doCos(x, 0);
  if (ax < NEAR_HALF_PI) {
    const y = HP0 - ax;
    const a = y + HP1;
    const da = y - a + HP1;
    return doSin(a, da);
  }
  if (ax < REDUCE_LIMIT) {
    const n = reduce(x);
    return quadrant(redA, redDa, n + 1);
  }
  return Math.cos(x);
}
