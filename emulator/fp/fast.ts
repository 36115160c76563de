// Fast paths with JavaScript doubles, used only where they are provably identical to the exact
// core (FPAdd/FPSub/FPMul/FPDiv/FPSqrt/FPMulAdd of f32 and f64; FPMulAdd at the end). Each returns
// undefined when its conditions do not hold, and the caller runs the exact code instead.
//
// Conditions and proof (for f64; f32 below):
//  1. FPCR.RMode = RN. JavaScript arithmetic is IEEE 754 binary64 round-to-nearest-even, which
//     is FPRoundBase's TIEEVEN for results in the normal range (same ties rule, same overflow
//     to infinity).
//  2. Both inputs are normal (biased exponent neither 0 nor all-ones): no NaN or infinity, so
//     neither FPProcessNaN(s), DN nor the special cases apply; no denormal, so FZ does not
//     flush an input and IDC cannot arise. FPCR.FZ/DN/AHP are then irrelevant.
//  3. The rounded result r satisfies MIN_NORMAL < |r| < infinity. Finite: the exact value is
//     below the overflow threshold, so no OFC (RN overflows exactly where IEEE rounds to
//     infinity). Strictly above the smallest normal: r is at least MIN_NORMAL + 1 ulp, so the
//     exact value is at least MIN_NORMAL + ulp/2, not tiny before rounding: no UFC and no
//     output flush (FPRoundBase tests the unrounded exponent against the minimum). r != 0, so
//     the exact-zero sign rule does not apply.
//  4. The only flag left is IXC, computed exactly: for a sum with Knuth's TwoSum (error-free in
//     round-to-nearest without overflow, which 3 excludes); for a product, quotient or square
//     root from the significands' odd parts a, b (a product is exact iff a * b < 2^53, a
//     quotient iff b divides a, a square root iff c * c = a for c the root's odd part).
// f32 (numbers): the operation is done in binary64 and rounded once more with Math.fround.
// For + - * / sqrt of binary32 inputs the double rounding is innocuous (53 >= 2 * 24 + 2;
// Figueroa, "When is double rounding innocuous?", 1995), so the result is the correctly
// rounded binary32 value; conditions 1-3 then hold as above with binary32's limits. IXC: a
// product of 24-bit significands is exact in binary64; r * y (quotient) and r * r (root) are
// exact in binary64 and compared with the operand; a sum is exact in binary64 when the
// exponents differ by at most 28 (24 + 28 + 1 carry bits <= 53), and otherwise the smaller
// operand is below 2^-5 ulp of the larger and the result is certainly inexact.

import { FPCR_RMODE_SHIFT, FPSR_IXC, type FPState } from './fpcr.ts';

const dv = new DataView(new ArrayBuffer(8));
const MIN_NORMAL_64 = 2 ** -1022;
const MIN_NORMAL_32 = 2 ** -126;
const MAX_32 = (2 - 2 ** -23) * 2 ** 127;
const TWO53 = 2 ** 53;

/** RN and nothing else in RMode. */
export const fastMode = (fpcr: number): boolean => ((fpcr >>> FPCR_RMODE_SHIFT) & 3) === 0;

const POW2 = Array.from({ length: 33 }, (_, k) => 2 ** k);
const ctz32 = (v: number): number => 31 - Math.clz32(v & -v);

// --- f64 -----------------------------------------------------------------------------------

let hi = 0, lo = 0;
/** Loads raw f64 bits; sets hi/lo; returns the double, or NaN when the input is not normal. */
function load64(bits: bigint): number {
  dv.setBigUint64(0, bits);
  hi = dv.getUint32(0);
  lo = dv.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  if (e === 0 || e === 0x7ff) return NaN;
  return dv.getFloat64(0);
}
/** The odd part of the loaded value's 53-bit significand (hi/lo as load64 left them). */
function oddSig64(): number {
  const h = (hi & 0xfffff) | 0x100000;
  if (lo === 0) return h >>> ctz32(h);
  const k = ctz32(lo);
  return h * POW2[32 - k] + (lo >>> k);
}

function store64(r: number): bigint {
  dv.setFloat64(0, r);
  return dv.getBigUint64(0);
}

const normal64 = (r: number): boolean => {
  const m = Math.abs(r);
  return m > MIN_NORMAL_64 && m !== Infinity;
};

export function fastAdd64(a: bigint, b: bigint, negateB: boolean, st: FPState): bigint | undefined {
  const x = load64(a);
  if (x !== x) return undefined;
  let y = load64(b);
  if (y !== y) return undefined;
  if (negateB) y = -y;
  const s = x + y;
  if (!normal64(s)) return undefined;
  // TwoSum: x + y = s + err exactly.
  const bb = s - x;
  const err = (x - (s - bb)) + (y - bb);
  if (err !== 0) st.fpsr |= FPSR_IXC;
  return store64(s);
}

export function fastMul64(a: bigint, b: bigint, st: FPState): bigint | undefined {
  const x = load64(a);
  if (x !== x) return undefined;
  const ma = oddSig64();
  const y = load64(b);
  if (y !== y) return undefined;
  const p = x * y;
  if (!normal64(p)) return undefined;
  if (ma * oddSig64() >= TWO53) st.fpsr |= FPSR_IXC;
  return store64(p);
}

export function fastDiv64(a: bigint, b: bigint, st: FPState): bigint | undefined {
  const x = load64(a);
  if (x !== x) return undefined;
  const ma = oddSig64();
  const y = load64(b);
  if (y !== y) return undefined;
  const q = x / y;
  if (!normal64(q)) return undefined;
  if (ma % oddSig64() !== 0) st.fpsr |= FPSR_IXC;
  return store64(q);
}

export function fastSqrt64(a: bigint, st: FPState): bigint | undefined {
  const x = load64(a);
  if (!(x > 0)) return undefined; // not normal, or negative (Invalid Operation)
  const ma = oddSig64();
  const r = Math.sqrt(x); // the root of a normal double is normal
  const bits = store64(r);
  load64(bits);
  const c = oddSig64();
  if (c * c !== ma) st.fpsr |= FPSR_IXC;
  return bits;
}

// --- f32 -----------------------------------------------------------------------------------

/** The binary32 value of normal raw bits, or NaN when not normal. */
function load32(bits: number): number {
  const e = (bits >>> 23) & 0xff;
  if (e === 0 || e === 0xff) return NaN;
  dv.setUint32(0, bits);
  return dv.getFloat32(0);
}
function store32(r: number): number {
  dv.setFloat32(0, r);
  return dv.getUint32(0);
}
const normal32 = (r: number): boolean => {
  const m = Math.abs(r);
  return m > MIN_NORMAL_32 && m <= MAX_32;
};

export function fastAdd32(a: number, b: number, negateB: boolean, st: FPState): number | undefined {
  const x = load32(a);
  if (x !== x) return undefined;
  let y = load32(b);
  if (y !== y) return undefined;
  if (negateB) y = -y;
  const s = x + y;
  const r = Math.fround(s);
  if (!normal32(r)) return undefined;
  const gap = Math.abs(((a >>> 23) & 0xff) - ((b >>> 23) & 0xff));
  if (gap > 28 || r !== s) st.fpsr |= FPSR_IXC;
  return store32(r);
}

export function fastMul32(a: number, b: number, st: FPState): number | undefined {
  const x = load32(a);
  if (x !== x) return undefined;
  const y = load32(b);
  if (y !== y) return undefined;
  const p = x * y; // exact in binary64
  const r = Math.fround(p);
  if (!normal32(r)) return undefined;
  if (r !== p) st.fpsr |= FPSR_IXC;
  return store32(r);
}

export function fastDiv32(a: number, b: number, st: FPState): number | undefined {
  const x = load32(a);
  if (x !== x) return undefined;
  const y = load32(b);
  if (y !== y) return undefined;
  const r = Math.fround(x / y);
  if (!normal32(r)) return undefined;
  if (r * y !== x) st.fpsr |= FPSR_IXC;
  return store32(r);
}

export function fastSqrt32(a: number, st: FPState): number | undefined {
  const x = load32(a);
  if (!(x > 0)) return undefined;
  const r = Math.fround(Math.sqrt(x));
  if (r * r !== x) st.fpsr |= FPSR_IXC;
  return store32(r);
}

// --- fused multiply-add ----------------------------------------------------------------------
// RO(x + y): x + y rounded to odd at binary64 precision (of the two doubles around the exact
// sum, the one with an odd significand), from RN and Knuth's TwoSum error; `roInexact` says
// whether the sum was inexact. Adjacent doubles differ by one in the significand, so when RN
// gave the even neighbour the odd one is one step toward the error's side.
let roInexact = false;
function addRO(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const err = (x - (s - bb)) + (y - bb);
  roInexact = err !== 0;
  if (!roInexact) return s;
  dv.setFloat64(0, s);
  let h = dv.getUint32(0), l = dv.getUint32(4);
  if (l & 1) return s;
  if ((err > 0) === (s > 0)) l += 1; // away from zero; l is even, so no carry
  else if (l === 0) {
    h -= 1;
    l = 0xffffffff;
  } else l -= 1;
  dv.setUint32(0, h);
  dv.setUint32(4, l);
  return dv.getFloat64(0);
}

// FPMulAdd f32, RN: p = x * y is exact in binary64 (48 bits); RN32(RO53(p + z)) = RN32(p + z)
// because 53 >= 24 + 2 (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums:
// proved algorithms using rounding to odd", IEEE TC 57(4), 2008, Theorem 1). IXC: an inexact
// binary64 sum is inexact in binary32 too; otherwise compare the binary32 result with it.
// Conditions 1-3 of the header with binary32 limits, all three inputs normal.
export function fastMulAdd32(addend: number, a: number, b: number, st: FPState): number | undefined {
  const z = load32(addend);
  if (z !== z) return undefined;
  const x = load32(a);
  if (x !== x) return undefined;
  const y = load32(b);
  if (y !== y) return undefined;
  const s = addRO(x * y, z);
  const r = Math.fround(s);
  if (!normal32(r)) return undefined;
  if (roInexact || r !== s) st.fpsr |= FPSR_IXC;
  return store32(r);
}

const SPLIT = 2 ** 27 + 1; // Veltkamp splitting constant for binary64
const TWO995 = 2 ** 995;
const TWO_M900 = 2 ** -900;

// FPMulAdd f64, RN: Boldo & Melquiond's emulated FMA (same paper, Algorithm 5.4 and its
// theorem, p >= 5, no underflow or overflow): (uh, ul) = ExactMult(x, y) (Dekker with
// Veltkamp's split), (th, tl) = TwoSum(z, uh), v = RO(tl + ul), result = RN(th + v).
// Guards: |x|, |y| < 2^995 (the split does not overflow), |uh| >= 2^-900 (every partial
// product of ExactMult, and ul, is exact: no term falls below 2^-1005), v zero or normal (RO at
// full precision), the result strictly normal and finite (header, 3).
// IXC: the residual x*y + z - result = e2 + (tl + ul - v), where e2 is the exact error of the
// final addition (TwoSum). With |th| >= |v| (else no fast path), th + v and the result are
// multiples of ulp(v), so e2 is too, while 0 < |tl + ul - v| < ulp(v) when the RO step was
// inexact: the residual is zero exactly when e2 = 0 and the RO step was exact.
export function fastMulAdd64(addend: bigint, a: bigint, b: bigint, st: FPState): bigint | undefined {
  const z = load64(addend);
  if (z !== z) return undefined;
  const x = load64(a);
  if (x !== x) return undefined;
  const y = load64(b);
  if (y !== y) return undefined;
  if (!(Math.abs(x) < TWO995 && Math.abs(y) < TWO995)) return undefined;
  const uh = x * y;
  if (!(Math.abs(uh) >= TWO_M900)) return undefined;
  // Dekker's product: ul = x * y - uh exactly.
  let c = SPLIT * x;
  const xh = c - (c - x), xl = x - xh;
  c = SPLIT * y;
  const yh = c - (c - y), yl = y - yh;
  const ul = ((xh * yh - uh) + xh * yl + xl * yh) + xl * yl;
  // TwoSum(z, uh)
  const th = z + uh;
  const bb = th - z;
  const tl = (z - (th - bb)) + (uh - bb);
  const v = addRO(tl, ul);
  const inexactV = roInexact;
  if (v !== 0 && !(Math.abs(v) >= MIN_NORMAL_64)) return undefined;
  if (!(Math.abs(th) >= Math.abs(v))) return undefined;
  const r = th + v;
  if (!normal64(r)) return undefined;
  const b2 = r - th;
  const e2 = (th - (r - b2)) + (v - b2);
  if (e2 !== 0 || inexactV) st.fpsr |= FPSR_IXC;
  return store64(r);
}
