// BFloat16 arithmetic of BFDOT and BFMMLA (Arm ARM J1 shared/functions/float/bfdotadd/
// BFDotAdd, bfmul/BFMul, bfadd/FPAdd_BF16, bfround/BFRound, bfunpack/BFUnpack; FEAT_EBF16
// absent, so FPCR.EBF = 0: the "standard BFloat16 behaviours"), and BFMulAddH of
// BFMLALB/BFMLALT (shared/functions/float/bfmuladdh).
//
// The standard BFDOT/BFMMLA arithmetic ignores FPCR: inputs and outputs below 2^-126 are
// flushed to zero, every NaN gives the default NaN, products and sums are rounded to odd at
// single precision, overflows give infinity, and no FPSR flag is set. QEMU 7.2 computes it
// the same way (a private float_status with round-to-odd-inf, flush-to-zero, default NaN).

import type { FPState } from './fpcr.ts';
import { FPMulAdd } from './arith.ts';
import { bitLen, realAdd, realMul, type Real } from './real.ts';

const enum T { Zero, Nonzero, Infinity, NaN }

interface BF {
  type: T;
  sign: 0 | 1;
  m: bigint;
  e: number;
}

// BFUnpack (of a single-precision pattern; a BFloat16 is its top half): denormals are zero,
// every NaN is the same (the result is always the default NaN).
function bfUnpack(v: number): BF {
  const sign = (v >>> 31) as 0 | 1;
  const exp = (v >>> 23) & 0xff, frac = v & 0x7fffff;
  if (exp === 0) return { type: T.Zero, sign, m: 0n, e: 0 };
  if (exp === 0xff) return { type: frac === 0 ? T.Infinity : T.NaN, sign, m: 0n, e: 0 };
  return { type: T.Nonzero, sign, m: BigInt(frac | 0x800000), e: exp - 127 - 23 };
}

const DEFAULT_NAN = 0x7fc00000;
const inf = (sign: number): number => ((sign << 31) | 0x7f800000) >>> 0;
const zero = (sign: number): number => (sign << 31) >>> 0;

// BFRound: single precision, round to odd, flush-to-zero of tiny results (before rounding),
// overflow to infinity. `v` is non-zero.
function bfRound(v: Real): number {
  const L = bitLen(v.m);
  const exponent = v.e + L - 1;
  if (exponent < -126) return zero(v.sign);
  const biased = exponent + 127;
  if (biased >= 0xff) return inf(v.sign);
  // 24 significant bits, the rest ORed into bit 0 (round to odd never carries).
  const sh = L - 24;
  let mant: bigint;
  if (sh <= 0) mant = v.m << BigInt(-sh);
  else {
    mant = v.m >> BigInt(sh);
    if ((v.m & ((1n << BigInt(sh)) - 1n)) !== 0n) mant |= 1n;
  }
  return ((v.sign << 31) | (biased << 23) | (Number(mant) & 0x7fffff)) >>> 0;
}

const realOf = (u: BF): Real => ({ sign: u.sign, m: u.m, e: u.e, sticky: false });

// BFMul: the product of two BFloat16 values (in the top halves of `a` and `b`) as a single.
export function BFMul(a: number, b: number): number {
  const u1 = bfUnpack(a), u2 = bfUnpack(b);
  if (u1.type === T.NaN || u2.type === T.NaN) return DEFAULT_NAN;
  const sign = u1.sign ^ u2.sign;
  const inf1 = u1.type === T.Infinity, inf2 = u2.type === T.Infinity;
  const zero1 = u1.type === T.Zero, zero2 = u2.type === T.Zero;
  if ((inf1 && zero2) || (zero1 && inf2)) return DEFAULT_NAN;
  if (inf1 || inf2) return inf(sign);
  if (zero1 || zero2) return zero(sign);
  return bfRound(realMul(realOf(u1), realOf(u2)));
}

// FPAdd_BF16: single-precision addition with the BFloat16 rules above (rounded to odd).
export function BFAdd(a: number, b: number): number {
  const u1 = bfUnpack(a), u2 = bfUnpack(b);
  if (u1.type === T.NaN || u2.type === T.NaN) return DEFAULT_NAN;
  const inf1 = u1.type === T.Infinity, inf2 = u2.type === T.Infinity;
  if (inf1 && inf2 && u1.sign !== u2.sign) return DEFAULT_NAN;
  if (inf1) return inf(u1.sign);
  if (inf2) return inf(u2.sign);
  const zero1 = u1.type === T.Zero, zero2 = u2.type === T.Zero;
  if (zero1 && zero2 && u1.sign === u2.sign) return zero(u1.sign);
  const s = realAdd(realOf(u1), realOf(u2));
  // An exact zero sum is +0 (round to odd is not round toward minus infinity).
  if (s.m === 0n) return 0;
  return bfRound(s);
}

// BFDotAdd (FPCR.EBF = 0): addend + (a0 * b0 + a1 * b1), each BFloat16 pair packed in a
// 32-bit element (element 2e in bits [15:0], 2e+1 in [31:16]).
export function BFDotAdd(addend: number, a: number, b: number): number {
  const p0 = BFMul((a << 16) >>> 0, (b << 16) >>> 0);
  const p1 = BFMul((a & 0xffff0000) >>> 0, (b & 0xffff0000) >>> 0);
  return BFAdd(addend >>> 0, BFAdd(p0, p1));
}

// BFMulAddH (FPCR.EBF = 0): addend + a * b with the BFloat16 operands widened to single
// precision, one rounding under FPCR, flags to FPSR: FPMulAdd of single precision.
export function BFMulAddH(addend: number, a16: number, b16: number, fpcr: number, st: FPState): number {
  return FPMulAdd(addend >>> 0, (a16 << 16) >>> 0, (b16 << 16) >>> 0, 32, fpcr, st);
}
