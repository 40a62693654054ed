/**
 * sin and cos for the classic-control physics, computed the way glibc's libm computes them
 * (the IBM Accurate Mathematical Library method: a table of sin/cos at multiples of 1/128 in
 * double-double, corrected by short Taylor polynomials, with Cody-Waite reduction by pi/2).
 *
 * Why not `Math.sin`/`Math.cos`: V8's fdlibm results differ from glibc's in the last bit for
 * about 3% of arguments, and Gymnasium (through NumPy and Python's `math`) uses glibc. On x86-64
 * machines with FMA, glibc runs a build of this method in which the compiler fused each
 * `a * b + c` into one FMA instruction; the `fma` calls in the `*Fused` functions sit exactly
 * where that build has them (read off its disassembly), so their results agree with it bit for
 * bit. The method and its constants are facts of the algorithm; the table was generated here
 * with mpmath.
 *
 * Speed (Ziv's strategy): emulated FMA is slow in JavaScript, so each function first runs the
 * same steps in plain arithmetic and bounds how far the fused result can be from the plain one
 * (at most 2^-50 of the summed magnitudes of the correction terms; docs/libm.md derives a
 * bound about half that). When the exact sum of the last addition
 * is farther than that bound from a rounding midpoint, both round to the same double and the
 * plain result is returned; otherwise (about one call in ten) the fused steps run. The tests
 * check both paths against glibc and against each other.
 *
 * Domain: |x| < 105414350 follows the method; beyond it (never reached by the physics) the
 * functions fall back to `Math.sin`/`Math.cos`. NaN and ±Infinity give NaN.
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
/** pi/2 split in pieces for Cody-Waite reduction; MP1, MP2 and PP3 have 29 significant bits. */
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
/** Below this |x|, the reduction's products by MP1, MP2 and PP3 are exact (|xn| < 2^24). */
const PLAIN_REDUCE_LIMIT = 2 ** 24;
/** Relative bound on |fused - plain| for the correction terms (see the module doc). */
const BOUND = 2 ** -50;

const copysign = (v: number, sign: number): number => (sign < 0 || Object.is(sign, -0) ? -Math.abs(v) : Math.abs(v));

// ---------------------------------------------------------------------------------------------
// Rounding check: is round(r + err) certain to equal round(r + err + d) for every |d| <= bound?

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word second
/** HALF_ULP[e] = half an ulp of a double with biased exponent e. */
const HALF_ULP = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (Math.max(e, 1) - 1023 - 53));

/**
 * `r` is a rounded sum and `err` its exact rounding error. True when no rounding midpoint lies
 * within `bound` of the exact sum, so that perturbing it by up to `bound` cannot change `r`.
 */
function certain(r: number, err: number, bound: number): boolean {
  bits[0] = r;
  const hi = words[HI] as number;
  // At a power of two the midpoint below is closer (half the lower binade's ulp): take the slow path.
  if ((hi & 0xfffff) === 0 && words[1 - HI] === 0) return false;
  return (HALF_ULP[(hi >>> 20) & 0x7ff] as number) - Math.abs(err) > bound;
}

// ---------------------------------------------------------------------------------------------
// The fused steps: glibc's FMA build, exactly.

/** cos(x + dx) for a small reduced argument, fused as glibc's FMA build. */
function doCosFused(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const node = BIG + ax - BIG;
  x = ax - node + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const k = (node * 512) | 0; // 4 entries per node of 1/128
  const sn = SINCOS_TABLE[k] as number;
  const ssn = SINCOS_TABLE[k + 1] as number;
  const cs = SINCOS_TABLE[k + 2] as number;
  const ccs = SINCOS_TABLE[k + 3] as number;
  return cs + fma(-s, sn, fma(-c, cs, fma(-s, ssn, ccs)));
}

/** sin(x + dx) for a small reduced argument, fused as glibc's FMA build. */
function doSinFused(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
    return x + fma(xx, fma(poly, x, -(0.5 * dx)), dx);
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const node = BIG + ax - BIG;
  x = ax - node;
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const k = (node * 512) | 0;
  const sn = SINCOS_TABLE[k] as number;
  const ssn = SINCOS_TABLE[k + 1] as number;
  const cs = SINCOS_TABLE[k + 2] as number;
  const ccs = SINCOS_TABLE[k + 3] as number;
  return copysign(sn + fma(s, cs, fma(-c, sn, fma(s, ccs, ssn))), xold);
}

// Reduction results, returned through module state to keep the hot path allocation-free.
let redA = 0;
let redDa = 0;

/** Reduces x by multiples of pi/2 into redA + redDa, fused; returns the quadrant (0..3). */
function reduceFused(x: number): number {
  const xn = fma(x, HPINV, TOINT) - TOINT;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const t2 = fma(-xn, PP3, y);
  let db = fma(-xn, PP3, y - t2);
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  redA = b;
  redDa = db;
  return ((xn % 4) + 4) % 4;
}

function quadrantFused(a: number, da: number, n: number): number {
  const r = n & 1 ? doCosFused(a, da) : doSinFused(a, da);
  return n & 2 ? -r : r;
}

/** sin exactly as glibc's FMA build (slow: every fused step emulated). */
export function sinFused(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_SIN) return x;
  if (ax < TABLE_LIMIT) return doSinFused(x, 0);
  if (ax < NEAR_HALF_PI) return copysign(doCosFused(HP0 - ax, HP1), x);
  if (ax < REDUCE_LIMIT) {
    const n = reduceFused(x); // sets redA, redDa
    return quadrantFused(redA, redDa, n);
  }
  return Math.sin(x);
}

/** cos exactly as glibc's FMA build (slow: every fused step emulated). */
export function cosFused(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_COS) return 1.0;
  if (ax < TABLE_LIMIT) return doCosFused(x, 0);
  if (ax < NEAR_HALF_PI) {
    const y = HP0 - ax;
    const a = y + HP1;
    return doSinFused(a, y - a + HP1);
  }
  if (ax < REDUCE_LIMIT) {
    const n = reduceFused(x); // sets redA, redDa
    return quadrantFused(redA, redDa, n + 1);
  }
  return Math.cos(x);
}

// ---------------------------------------------------------------------------------------------
// The plain steps: the same operations unfused, or NaN when the rounding is not certain.

/** cos(x + dx) in plain arithmetic, or NaN when it might round differently from the fused steps. */
function doCosPlain(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const node = BIG + ax - BIG;
  x = ax - node + dx;
  const xx = x * x;
  const s = x + x * xx * (SN3 + xx * SN5);
  const c = xx * (CS2 + xx * (CS4 + xx * CS6));
  const k = (node * 512) | 0;
  const sn = SINCOS_TABLE[k] as number;
  const cs = SINCOS_TABLE[k + 2] as number;
  const cor = (SINCOS_TABLE[k + 3] as number) - s * (SINCOS_TABLE[k + 1] as number) - cs * c - sn * s;
  const r = cs + cor;
  // r = cos of a reduced argument lies in [0.65, 1]: the nearest midpoints are at least 2^-54 away.
  const bound = BOUND * (Math.abs(s) + Math.abs(c) + Math.abs(cor));
  return 2 ** -54 - Math.abs(cs - r + cor) > bound ? r : Number.NaN;
}

/** sin(x + dx) in plain arithmetic, or NaN when it might round differently from the fused steps. */
function doSinPlain(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const t = (((((S5 * xx + S4) * xx + S3) * xx + S2) * xx + S1) * x - 0.5 * dx) * xx + dx;
    const r = x + t;
    return certain(r, x - r + t, BOUND * 4 * Math.abs(t)) ? r : Number.NaN;
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const node = BIG + ax - BIG;
  x = ax - node;
  const xx = x * x;
  const s = x + (dx + x * xx * (SN3 + xx * SN5));
  const c = x * dx + xx * (CS2 + xx * (CS4 + xx * CS6));
  const k = (node * 512) | 0;
  const sn = SINCOS_TABLE[k] as number;
  const cs = SINCOS_TABLE[k + 2] as number;
  const cor = (SINCOS_TABLE[k + 1] as number) + s * (SINCOS_TABLE[k + 3] as number) - sn * c + cs * s;
  const r = sn + cor;
  // r = sin of a reduced argument in [0.12, 0.76]; a power of two gets the fused path.
  const halfUlp = r >= 0.5 ? 2 ** -54 : r >= 0.25 ? 2 ** -55 : r >= 0.125 ? 2 ** -56 : 2 ** -57;
  const bound = BOUND * (Math.abs(s) + Math.abs(c) + Math.abs(cor));
  if (r === 0.5 || r === 0.25 || r === 0.125 || halfUlp - Math.abs(sn - r + cor) <= bound) return Number.NaN;
  return xold < 0 ? -r : r;
}

/**
 * Plain reduction for |x| < 2^24 (where the products by MP1, MP2 and PP3 are exact, so fusing
 * them changes nothing); returns the quadrant, or -1 when the fused steps could differ.
 */
function reducePlain(x: number): number {
  const p = x * HPINV;
  const frac = p - Math.floor(p);
  if (Math.abs(frac - 0.5) < 2 ** -30) return -1; // rounding to the nearest integer is in doubt
  const xn = p + TOINT - TOINT;
  const y = x - xn * MP1 - xn * MP2;
  const t2 = y - xn * PP3;
  const db = y - t2 - xn * PP3;
  const q = xn * PP4;
  const b = t2 - q;
  // b must round as the fused t2 - xn * PP4 does: |q - xn * PP4| <= 2^-53 |q|.
  if (!certain(b, t2 - b - q, 2 ** -52 * Math.abs(q))) return -1;
  redA = b;
  redDa = db + (t2 - b - q);
  return ((xn % 4) + 4) % 4;
}

function quadrantPlain(a: number, da: number, n: number): number {
  const r = n & 1 ? doCosPlain(a, da) : doSinPlain(a, da);
  return n & 2 ? -r : r;
}

// ---------------------------------------------------------------------------------------------

export function sin(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_SIN) return x;
  let r: number;
  if (ax < TABLE_LIMIT) r = doSinPlain(x, 0);
  else if (ax < NEAR_HALF_PI) r = copysign(doCosPlain(HP0 - ax, HP1), x);
  else if (ax < PLAIN_REDUCE_LIMIT) {
    const n = reducePlain(x);
    r = n < 0 ? Number.NaN : quadrantPlain(redA, redDa, n);
  } else return sinFused(x);
  return r === r ? r : sinFused(x);
}

export function cos(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_COS) return 1.0;
  let r: number;
  if (ax < TABLE_LIMIT) r = doCosPlain(x, 0);
  else if (ax < NEAR_HALF_PI) {
    const y = HP0 - ax;
    const a = y + HP1;
    r = doSinPlain(a, y - a + HP1);
  } else if (ax < PLAIN_REDUCE_LIMIT) {
    const n = reducePlain(x);
    r = n < 0 ? Number.NaN : quadrantPlain(redA, redDa, n + 1);
  } else return cosFused(x);
  return r === r ? r : cosFused(x);
}
