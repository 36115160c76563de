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

// The double-level functions (suffix D: binary64 operands, F: binary32 operands held exactly
// as doubles) take the operands as JavaScript numbers, for callers that read the SIMD&FP
// register file through Float64Array/Float32Array views (emulator/isa/fp-scalar-regs.ts), and
// return NaN when their conditions do not hold (a fast-path result is never a NaN). Normality
// is tested on the value: 2^-1022 <= |x| < inf exactly when the biased exponent is neither 0
// nor all-ones, and a NaN fails both comparisons. The bigint functions load the bits and call them.

/** The operand is a normal binary64 number. */
const isNormalD = (x: number): boolean => {
  const m = Math.abs(x);
  return m >= MIN_NORMAL_64 && m < Infinity;
};
/** The operand (an exact binary32 value) is a normal binary32 number. */
const isNormalF = (x: number): boolean => {
  const m = Math.abs(x);
  return m >= MIN_NORMAL_32 && m <= MAX_32;
};

// --- f64 -----------------------------------------------------------------------------------

// A scratch double and its two words (the host's byte order decides which word is which).
const scratchD = new Float64Array(1);
const scratchW = new Uint32Array(scratchD.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const WLO = LITTLE ? 0 : 1, WHI = LITTLE ? 1 : 0;

/** The odd part of the 53-bit significand of the normal double x. */
function oddSigD(x: number): number {
  scratchD[0] = x;
  const hi = scratchW[WHI], lo = scratchW[WLO];
  const h = (hi & 0xfffff) | 0x100000;
  if (lo === 0) return h >>> ctz32(h);
  const k = ctz32(lo);
  return h * POW2[32 - k] + (lo >>> k);
}

/** Raw f64 bits as a double (any value; the D functions refuse what is not normal). */
function load64(bits: bigint): number {
  dv.setBigUint64(0, bits);
  return dv.getFloat64(0);
}

function store64(r: number): bigint {
  dv.setFloat64(0, r);
  return dv.getBigUint64(0);
}

const normal64 = (r: number): boolean => {
  const m = Math.abs(r);
  return m > MIN_NORMAL_64 && m !== Infinity;
};

/** FPAdd (x + y; FPSub passes -y: for a normal y negation and subtraction agree). */
export function fastAddD(x: number, y: number, st: FPState): number {
  if (!isNormalD(x) || !isNormalD(y)) return NaN;
  const s = x + y;
  if (!normal64(s)) return NaN;
  // TwoSum: x + y = s + err exactly.
  const bb = s - x;
  const err = (x - (s - bb)) + (y - bb);
  if (err !== 0) st.fpsr |= FPSR_IXC;
  return s;
}

export function fastMulD(x: number, y: number, st: FPState): number {
  if (!isNormalD(x) || !isNormalD(y)) return NaN;
  const p = x * y;
  if (!normal64(p)) return NaN;
  if (oddSigD(x) * oddSigD(y) >= TWO53) st.fpsr |= FPSR_IXC;
  return p;
}

export function fastDivD(x: number, y: number, st: FPState): number {
  if (!isNormalD(x) || !isNormalD(y)) return NaN;
  const q = x / y;
  if (!normal64(q)) return NaN;
  if (oddSigD(x) % oddSigD(y) !== 0) st.fpsr |= FPSR_IXC;
  return q;
}

export function fastSqrtD(x: number, st: FPState): number {
  if (!(x > 0) || !isNormalD(x)) return NaN; // not normal, or negative (Invalid Operation)
  const r = Math.sqrt(x); // the root of a normal double is normal
  const c = oddSigD(r);
  if (c * c !== oddSigD(x)) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastAdd64(a: bigint, b: bigint, negateB: boolean, st: FPState): bigint | undefined {
  const y = load64(b);
  const r = fastAddD(load64(a), negateB ? -y : y, st);
  return r === r ? store64(r) : undefined;
}

export function fastMul64(a: bigint, b: bigint, st: FPState): bigint | undefined {
  const r = fastMulD(load64(a), load64(b), st);
  return r === r ? store64(r) : undefined;
}

export function fastDiv64(a: bigint, b: bigint, st: FPState): bigint | undefined {
  const r = fastDivD(load64(a), load64(b), st);
  return r === r ? store64(r) : undefined;
}

export function fastSqrt64(a: bigint, st: FPState): bigint | undefined {
  const r = fastSqrtD(load64(a), st);
  return r === r ? store64(r) : undefined;
}

// --- f32 -----------------------------------------------------------------------------------

/** The binary32 value of raw bits (any value; the F functions refuse what is not normal). */
function load32(bits: number): number {
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

// IXC of a sum: the exact sum is a binary32 value exactly when the binary64 sum is exact
// (TwoSum error 0) and Math.fround keeps it; an inexact binary64 sum is not even a binary64
// value, so not a binary32 one.
export function fastAddF(x: number, y: number, st: FPState): number {
  if (!isNormalF(x) || !isNormalF(y)) return NaN;
  const s = x + y;
  const r = Math.fround(s);
  if (!normal32(r)) return NaN;
  const bb = s - x;
  const err = (x - (s - bb)) + (y - bb);
  if (err !== 0 || r !== s) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastMulF(x: number, y: number, st: FPState): number {
  if (!isNormalF(x) || !isNormalF(y)) return NaN;
  const p = x * y; // exact in binary64
  const r = Math.fround(p);
  if (!normal32(r)) return NaN;
  if (r !== p) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastDivF(x: number, y: number, st: FPState): number {
  if (!isNormalF(x) || !isNormalF(y)) return NaN;
  const r = Math.fround(x / y);
  if (!normal32(r)) return NaN;
  if (r * y !== x) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastSqrtF(x: number, st: FPState): number {
  if (!(x > 0) || !isNormalF(x)) return NaN;
  const r = Math.fround(Math.sqrt(x));
  if (r * r !== x) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastAdd32(a: number, b: number, negateB: boolean, st: FPState): number | undefined {
  const y = load32(b);
  const r = fastAddF(load32(a), negateB ? -y : y, st);
  return r === r ? store32(r) : undefined;
}

export function fastMul32(a: number, b: number, st: FPState): number | undefined {
  const r = fastMulF(load32(a), load32(b), st);
  return r === r ? store32(r) : undefined;
}

export function fastDiv32(a: number, b: number, st: FPState): number | undefined {
  const r = fastDivF(load32(a), load32(b), st);
  return r === r ? store32(r) : undefined;
}

export function fastSqrt32(a: number, st: FPState): number | undefined {
  const r = fastSqrtF(load32(a), st);
  return r === r ? store32(r) : undefined;
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
export function fastMulAddF(z: number, x: number, y: number, st: FPState): number {
  if (!isNormalF(z) || !isNormalF(x) || !isNormalF(y)) return NaN;
  const s = addRO(x * y, z);
  const r = Math.fround(s);
  if (!normal32(r)) return NaN;
  if (roInexact || r !== s) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastMulAdd32(addend: number, a: number, b: number, st: FPState): number | undefined {
  const r = fastMulAddF(load32(addend), load32(a), load32(b), st);
  return r === r ? store32(r) : undefined;
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
export function fastMulAddD(z: number, x: number, y: number, st: FPState): number {
  if (!isNormalD(z) || !isNormalD(x) || !isNormalD(y)) return NaN;
  if (!(Math.abs(x) < TWO995 && Math.abs(y) < TWO995)) return NaN;
  const uh = x * y;
  if (!(Math.abs(uh) >= TWO_M900)) return NaN;
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
  if (v !== 0 && !(Math.abs(v) >= MIN_NORMAL_64)) return NaN;
  if (!(Math.abs(th) >= Math.abs(v))) return NaN;
  const r = th + v;
  if (!normal64(r)) return NaN;
  const b2 = r - th;
  const e2 = (th - (r - b2)) + (v - b2);
  if (e2 !== 0 || inexactV) st.fpsr |= FPSR_IXC;
  return r;
}

export function fastMulAdd64(addend: bigint, a: bigint, b: bigint, st: FPState): bigint | undefined {
  const r = fastMulAddD(load64(addend), load64(a), load64(b), st);
  return r === r ? store64(r) : undefined;
}

// --- compare, precision conversion, integer conversion ---------------------------------------
// These need no FPCR condition beyond the one stated: with every operand normal, zero or
// infinite, FPUnpack neither flushes nor signals, so FZ, DN and AHP play no part.

/** Neither a NaN nor a denormal (zeros, normals and infinities); `min` is the format's MIN_NORMAL. */
const plainValue = (x: number, min: number): boolean => x === 0 || Math.abs(x) >= min; // NaN fails both

/**
 * FPCompare's NZCV nibble for two f64 (`single` false) or f32 values, or -1 when either is a
 * NaN or a denormal. Ordered values compare as doubles (both zeros equal, infinities at the
 * ends), any FPCR, no flags: signalling on NaNs is all FCMPE adds.
 */
export function fastCompare(x: number, y: number, single: boolean): number {
  const min = single ? MIN_NORMAL_32 : MIN_NORMAL_64;
  if (!plainValue(x, min) || !plainValue(y, min)) return -1;
  return x === y ? 0b0110 : x < y ? 0b1000 : 0b0010;
}

/** FPConvert f32 -> f64 of a normal value: exact, no flags, any FPCR. */
export function fastWidenF(x: number): number {
  return isNormalF(x) ? x : NaN;
}

/**
 * FPConvert f64 -> f32 in RN of a normal value: Math.fround rounds the exact double once,
 * as FPRoundCV does (conditions 1-3 of the header with binary32 limits; IXC when it moved).
 */
export function fastNarrowD(x: number, st: FPState): number {
  if (!isNormalD(x)) return NaN;
  const r = Math.fround(x);
  if (!normal32(r)) return NaN;
  if (r !== x) st.fpsr |= FPSR_IXC;
  return r;
}

/**
 * FixedToFP of an integer i (|i| <= 2^53, so exact as a double) scaled by 2^-fbits (exact:
 * |i| 2^-64 is far above the denormals): to f64 exact, no flags, any FPCR; to f32
 * (`single`) in RN only, rounded once by Math.fround, never tiny or overflowing; IXC when it moved.
 * i = 0 gives +0, as FixedToFP does.
 */
export function fastFixedToFP(i: number, fbits: number, single: boolean, fpcr: number, st: FPState): number {
  if (!(Math.abs(i) <= TWO53)) return NaN;
  const v = (i + 0) / POW_2[fbits];
  if (!single) return v;
  if (!fastMode(fpcr)) return NaN;
  const r = Math.fround(v);
  if (r !== v) st.fpsr |= FPSR_IXC;
  return r;
}
const POW_2 = Array.from({ length: 65 }, (_, k) => 2 ** k);

/**
 * FPToFixed with FPRounding ZERO (`mode` 3), POSINF (1) or NEGINF (2) of a normal or zero
 * f64 or f32 (`single`) value x (a binary32 value is exact as a double) scaled by 2^fbits, to an integer in
 * [lo, hi] (|lo|, |hi| <= 2^53): the rounded integer as a double, or NaN when x is not normal
 * or zero, the mode is another, or the result is out of range (saturation with Invalid
 * Operation: the exact path). x * 2^fbits is exact (a power-of-two scaling that overflows only
 * to infinity, which the range check refuses); Math.trunc/ceil/floor are the RoundDown-plus-
 * increment of the pseudocode for those modes; IXC when the value moved. Any FZ/DN/AHP.
 */
export function fastFPToFixed(x: number, single: boolean, fbits: number, mode: number, lo: number, hi: number, st: FPState): number {
  if (x !== 0 && !(single ? isNormalF(x) : isNormalD(x))) return NaN;
  const v = x * POW_2[fbits];
  const t = mode === 3 ? Math.trunc(v) : mode === 1 ? Math.ceil(v) : mode === 2 ? Math.floor(v) : NaN;
  if (!(t >= lo && t <= hi)) return NaN;
  if (t !== v) st.fpsr |= FPSR_IXC;
  return t + 0; // -0 -> 0
}
