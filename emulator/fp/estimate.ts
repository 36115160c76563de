// Reciprocal and reciprocal-square-root estimates and FRECPX (Arm ARM J1 shared/functions/
// float/fprecipestimate, fprsqrtestimate, fprecpx; shared/functions/float/ recipestimate/
// RecipEstimate, recipsqrtestimate/RecipSqrtEstimate).
//
// FEAT_RPRES (12-bit single-precision estimates when FPCR.AH = 1) is not implemented by QEMU
// 7.2's `max` (ID_AA64ISAR2_EL1.RPRES = 0) and needs FEAT_AFP's FPCR.AH anyway, so
// increasedprecision is always FALSE here: the 8-bit tables only.

import { FPExc, FPProcessException, FPRounding, FPRoundingMode, flushes, formatOf, fromBig, toBig, type FPBits, type FPState, type FPWidth } from './fpcr.ts';
import { FPProcessNaN } from './nan.ts';
import { bitLen } from './real.ts';
import { FPDefaultNaN, FPInfinity, FPMaxNormal, FPType, FPUnpack, FPZero, isNaNType } from './unpack-round.ts';

// shared/functions/float/recipestimate/RecipEstimate (increasedprecision = FALSE):
// a in [256, 512) is 0.5 <= x < 1 in units of 1/512; the result in [256, 512) is 1/x in
// units of 1/256.
export function RecipEstimate(a: number): number {
  a = a * 2 + 1; // round to nearest
  const b = Math.floor((1 << 19) / a);
  return (b + 1) >> 1; // round to nearest
}

// shared/functions/float/recipsqrtestimate/RecipSqrtEstimate (increasedprecision = FALSE):
// a in [128, 512) is 0.25 <= x < 1; the result in [256, 512) is 1/sqrt(x) in units of 1/256.
export function RecipSqrtEstimate(a: number): number {
  if (a < 256) a = a * 2 + 1; // 0.25 .. 0.5: units of 1/512, rounded to nearest
  else {
    a = (a >> 1) << 1; // 0.5 .. 1.0: discard the bottom bit
    a = (a + 1) * 2; // units of 1/256, rounded to nearest
  }
  let b = 512;
  // b = the largest b with b < 2^14 / sqrt(a); a * (b+1)^2 < 2^28 stays below 2^53.
  while (a * (b + 1) * (b + 1) < 2 ** 28) b++;
  return (b + 1) >> 1;
}

const RECIP_TABLE = Array.from({ length: 256 }, (_, i) => RecipEstimate(256 + i));
const RSQRT_TABLE = Array.from({ length: 384 }, (_, i) => RecipSqrtEstimate(128 + i));

/** The operand's 52-bit left-aligned fraction and biased exponent (the pseudocode's case N). */
function fractionAndExp(op: bigint, N: FPWidth): { fraction: bigint; exp: number } {
  const f = formatOf(N);
  const frac = op & ((1n << BigInt(f.F)) - 1n);
  return { fraction: frac << BigInt(52 - f.F), exp: Number((op >> BigInt(f.F)) & BigInt((1 << f.E) - 1)) };
}

function pack(sign: number, exp: number, fraction52: bigint, N: FPWidth): bigint {
  const f = formatOf(N);
  return (BigInt(sign) << BigInt(N - 1)) | (BigInt(exp) << BigInt(f.F)) | (fraction52 >> BigInt(52 - f.F));
}

const M52 = (1n << 52n) - 1n;

// shared/functions/float/fprecipestimate/FPRecipEstimate (FRECPE)
export function FPRecipEstimate<N extends FPWidth>(operand: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  const op = toBig(operand);
  const u = FPUnpack(op, N, fpcr, st);
  const rounding = FPRoundingMode(fpcr);
  let r: bigint;
  if (isNaNType(u.type)) r = FPProcessNaN(u.type, op, N, fpcr, st);
  else if (u.type === FPType.Infinity) r = FPZero(u.sign, N);
  else if (u.type === FPType.Zero) {
    r = FPInfinity(u.sign, N);
    FPProcessException(FPExc.DivideByZero, st);
  } else {
    const f = formatOf(N);
    const { fraction: frac0, exp: exp0 } = fractionAndExp(op, N);
    const bias = (1 << (f.E - 1)) - 1;
    // |value| < 2^-(bias+1): 2^-16, 2^-128, 2^-1024 (the value is u.m * 2^u.e).
    const small = u.e + bitLen(u.m) - 1 < -(bias + 1);
    // |value| >= 2^(bias-1): 2^14, 2^126, 2^1022, i.e. biased exponent >= 2 * bias - 1.
    const big = exp0 >= 2 * bias - 1;
    if (small) {
      const overflowToInf = rounding === FPRounding.TIEEVEN ? true : rounding === FPRounding.POSINF ? u.sign === 0
        : rounding === FPRounding.NEGINF ? u.sign === 1 : false;
      r = overflowToInf ? FPInfinity(u.sign, N) : FPMaxNormal(u.sign, N);
      FPProcessException(FPExc.Overflow, st);
      FPProcessException(FPExc.Inexact, st);
    } else if (flushes(fpcr, N) && big) {
      r = FPZero(u.sign, N); // the result would be denormal: flushed, Underflow
      FPProcessException(FPExc.Underflow, st);
    } else {
      let fraction = frac0, exp = exp0;
      if (exp === 0) {
        if (((fraction >> 51n) & 1n) === 0n) {
          exp = -1;
          fraction = (fraction << 2n) & M52;
        } else fraction = (fraction << 1n) & M52;
      }
      const scaled = 256 + Number(fraction >> 44n);
      // result_exp = 29 / 253 / 2045 - exp: 2 * bias - 1 - exp
      let resultExp = 2 * bias - 1 - exp;
      const estimate = RECIP_TABLE[scaled - 256];
      fraction = BigInt(estimate & 0xff) << 44n;
      if (resultExp === 0) fraction = (1n << 51n) | (fraction >> 1n);
      else if (resultExp === -1) {
        fraction = (1n << 50n) | (fraction >> 2n);
        resultExp = 0;
      }
      r = pack(u.sign, resultExp, fraction, N);
    }
  }
  return fromBig(r, N);
}

// shared/functions/float/fprsqrtestimate/FPRSqrtEstimate (FRSQRTE)
export function FPRSqrtEstimate<N extends FPWidth>(operand: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  const op = toBig(operand);
  const u = FPUnpack(op, N, fpcr, st);
  let r: bigint;
  if (isNaNType(u.type)) r = FPProcessNaN(u.type, op, N, fpcr, st);
  else if (u.type === FPType.Zero) {
    r = FPInfinity(u.sign, N);
    FPProcessException(FPExc.DivideByZero, st);
  } else if (u.sign === 1) {
    r = FPDefaultNaN(N);
    FPProcessException(FPExc.InvalidOp, st);
  } else if (u.type === FPType.Infinity) r = FPZero(0, N);
  else {
    const f = formatOf(N);
    let { fraction, exp } = fractionAndExp(op, N);
    if (exp === 0) {
      while (((fraction >> 51n) & 1n) === 0n) {
        fraction = (fraction << 1n) & M52;
        exp -= 1;
      }
      fraction = (fraction << 1n) & M52;
    }
    // An odd biased exponent is an even unbiased one (the biases are odd): the value scales
    // to 0.25 <= x < 0.5 ('01':fraction<51:45>), otherwise to 0.5 <= x < 1 ('1':fraction<51:44>).
    const scaled = (exp & 1) === 1 ? 128 + Number(fraction >> 45n) : 256 + Number(fraction >> 44n);
    // result_exp = (44 / 380 / 3068 - exp) DIV 2: (3 * bias - 1 - exp) DIV 2
    const resultExp = Math.floor((3 * ((1 << (f.E - 1)) - 1) - 1 - exp) / 2);
    const estimate = RSQRT_TABLE[scaled - 128];
    r = pack(0, resultExp, BigInt(estimate & 0xff) << 44n, N);
  }
  return fromBig(r, N);
}

// shared/functions/float/fprecpx/FPRecpX (FRECPX): the exponent inverted, fraction zero.
export function FPRecpX<N extends FPWidth>(operand: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  const op = toBig(operand);
  const f = formatOf(N);
  const u = FPUnpack(op, N, fpcr, st);
  if (isNaNType(u.type)) return fromBig(FPProcessNaN(u.type, op, N, fpcr, st), N);
  const emask = (1 << f.E) - 1;
  const exp = Number((op >> BigInt(f.F)) & BigInt(emask));
  const rexp = exp === 0 ? emask - 1 : ~exp & emask; // zeros and denormals: max_exp = Ones - 1
  return fromBig((BigInt(u.sign) << BigInt(N - 1)) | (BigInt(rexp) << BigInt(f.F)), N);
}
