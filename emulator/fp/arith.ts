// Arithmetic: add, subtract, multiply (incl. FMULX), divide, square root, fused multiply-add
// and the reciprocal / reciprocal-square-root step functions, each rounded once from the
// exact result (Arm ARM J1 shared/functions/float/fpadd, fpsub, fpmul, fpmulx, fpdiv,
// fpsqrt, fpmuladd, fprecipstepfused, fprsqrtstepfused; fpabs, fpneg).

import { FPExc, FPProcessException, FPRounding, FPRoundingMode, formatOf, fromBig, toBig, type FPBits, type FPState, type FPWidth } from './fpcr.ts';
import {
  fastAdd32, fastAdd64, fastDiv32, fastDiv64, fastMode, fastMul32, fastMul64, fastMulAdd32, fastMulAdd64, fastSqrt32, fastSqrt64,
} from './fast.ts';
import { FPProcessNaN, FPProcessNaNs, FPProcessNaNs3 } from './nan.ts';
import { realAdd, realDiv, realMul, realOf, realSqrt, type Real } from './real.ts';
import {
  FPDefaultNaN, FPInfinity, FPOnePointFive, FPRound, FPTwo, FPType, FPUnpack, FPZero, isNaNType, realOfUnpacked,
} from './unpack-round.ts';

// shared/functions/float/fpabs/FPAbs (FEAT_AFP absent: NaNs are not special)
export function FPAbs<N extends FPWidth>(op: FPBits<N>, N: N): FPBits<N> {
  return fromBig(toBig(op) & ((1n << BigInt(N - 1)) - 1n), N);
}

// shared/functions/float/fpneg/FPNeg
export function FPNeg<N extends FPWidth>(op: FPBits<N>, N: N): FPBits<N> {
  return fromBig(toBig(op) ^ (1n << BigInt(N - 1)), N);
}

const negBig = (op: bigint, N: number): bigint => op ^ (1n << BigInt(N - 1));

/** An exact non-zero-or-zero sum, rounded; an exact zero takes its sign from the mode. */
function roundSum(v: Real, N: FPWidth, fpcr: number, st: FPState): bigint {
  const rounding = FPRoundingMode(fpcr);
  if (v.m === 0n) return FPZero(rounding === FPRounding.NEGINF ? 1 : 0, N);
  return FPRound(v, N, fpcr, st, rounding);
}

function addBig(op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState): bigint {
  const u1 = FPUnpack(op1, N, fpcr, st), u2 = FPUnpack(op2, N, fpcr, st);
  const nan = FPProcessNaNs(u1.type, u2.type, op1, op2, N, fpcr, st);
  if (nan !== undefined) return nan;
  const inf1 = u1.type === FPType.Infinity, inf2 = u2.type === FPType.Infinity;
  const zero1 = u1.type === FPType.Zero, zero2 = u2.type === FPType.Zero;
  if (inf1 && inf2 && u1.sign !== u2.sign) {
    FPProcessException(FPExc.InvalidOp, st);
    return FPDefaultNaN(N);
  }
  if ((inf1 && u1.sign === 0) || (inf2 && u2.sign === 0)) return FPInfinity(0, N);
  if ((inf1 && u1.sign === 1) || (inf2 && u2.sign === 1)) return FPInfinity(1, N);
  if (zero1 && zero2 && u1.sign === u2.sign) return FPZero(u1.sign, N);
  return roundSum(realAdd(realOfUnpacked(u1), realOfUnpacked(u2)), N, fpcr, st);
}

// shared/functions/float/fpadd/FPAdd
export function FPAdd<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  if (fastMode(fpcr) && N !== 16) {
    const r = N === 64 ? fastAdd64(op1 as bigint, op2 as bigint, false, st) : fastAdd32(op1 as number, op2 as number, false, st);
    if (r !== undefined) return r as FPBits<N>;
  }
  return fromBig(addBig(toBig(op1), toBig(op2), N, fpcr, st), N);
}

// shared/functions/float/fpsub/FPSub: FPAdd with op2 negated *after* NaN selection, i.e. a
// NaN op2 propagates with its own sign (the pseudocode unpacks op2 and negates value2 only).
export function FPSub<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  if (fastMode(fpcr) && N !== 16) {
    const r = N === 64 ? fastAdd64(op1 as bigint, op2 as bigint, true, st) : fastAdd32(op1 as number, op2 as number, true, st);
    if (r !== undefined) return r as FPBits<N>;
  }
  const a = toBig(op1), b = toBig(op2);
  const u2 = FPUnpack(b, N, fpcr, { fpsr: 0 });
  // Negating a non-NaN op2 and adding is FPSub exactly; a NaN op2 goes through unchanged.
  return fromBig(addBig(a, isNaNType(u2.type) ? b : negBig(b, N), N, fpcr, st), N);
}

function mulBig(op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState, mulx: boolean): bigint {
  const u1 = FPUnpack(op1, N, fpcr, st), u2 = FPUnpack(op2, N, fpcr, st);
  const nan = FPProcessNaNs(u1.type, u2.type, op1, op2, N, fpcr, st);
  if (nan !== undefined) return nan;
  const inf1 = u1.type === FPType.Infinity, inf2 = u2.type === FPType.Infinity;
  const zero1 = u1.type === FPType.Zero, zero2 = u2.type === FPType.Zero;
  const sign = u1.sign ^ u2.sign;
  if ((inf1 && zero2) || (zero1 && inf2)) {
    // FMULX: infinity times zero is 2.0 with the product's sign, without Invalid Operation.
    if (mulx) return FPTwo(sign, N);
    FPProcessException(FPExc.InvalidOp, st);
    return FPDefaultNaN(N);
  }
  if (inf1 || inf2) return FPInfinity(sign, N);
  if (zero1 || zero2) return FPZero(sign, N);
  return FPRound(realMul(realOfUnpacked(u1), realOfUnpacked(u2)), N, fpcr, st);
}

// shared/functions/float/fpmul/FPMul
export function FPMul<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  if (fastMode(fpcr) && N !== 16) {
    const r = N === 64 ? fastMul64(op1 as bigint, op2 as bigint, st) : fastMul32(op1 as number, op2 as number, st);
    if (r !== undefined) return r as FPBits<N>;
  }
  return fromBig(mulBig(toBig(op1), toBig(op2), N, fpcr, st, false), N);
}

// shared/functions/float/fpmulx/FPMulX
export function FPMulX<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(mulBig(toBig(op1), toBig(op2), N, fpcr, st, true), N);
}

// shared/functions/float/fpdiv/FPDiv
export function FPDiv<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  if (fastMode(fpcr) && N !== 16) {
    const f = N === 64 ? fastDiv64(op1 as bigint, op2 as bigint, st) : fastDiv32(op1 as number, op2 as number, st);
    if (f !== undefined) return f as FPBits<N>;
  }
  const a = toBig(op1), b = toBig(op2);
  const u1 = FPUnpack(a, N, fpcr, st), u2 = FPUnpack(b, N, fpcr, st);
  const nan = FPProcessNaNs(u1.type, u2.type, a, b, N, fpcr, st);
  if (nan !== undefined) return fromBig(nan, N);
  const inf1 = u1.type === FPType.Infinity, inf2 = u2.type === FPType.Infinity;
  const zero1 = u1.type === FPType.Zero, zero2 = u2.type === FPType.Zero;
  const sign = u1.sign ^ u2.sign;
  let r: bigint;
  if ((inf1 && inf2) || (zero1 && zero2)) {
    FPProcessException(FPExc.InvalidOp, st);
    r = FPDefaultNaN(N);
  } else if (inf1 || zero2) {
    if (!inf1) FPProcessException(FPExc.DivideByZero, st);
    r = FPInfinity(sign, N);
  } else if (zero1 || inf2) {
    r = FPZero(sign, N);
  } else {
    r = FPRound(realDiv(realOfUnpacked(u1), realOfUnpacked(u2), formatOf(N).F + 3), N, fpcr, st);
  }
  return fromBig(r, N);
}

// shared/functions/float/fpsqrt/FPSqrt
export function FPSqrt<N extends FPWidth>(op: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  if (fastMode(fpcr) && N !== 16) {
    const f = N === 64 ? fastSqrt64(op as bigint, st) : fastSqrt32(op as number, st);
    if (f !== undefined) return f as FPBits<N>;
  }
  const a = toBig(op);
  const u = FPUnpack(a, N, fpcr, st);
  let r: bigint;
  if (isNaNType(u.type)) r = FPProcessNaN(u.type, a, N, fpcr, st);
  else if (u.type === FPType.Zero) r = FPZero(u.sign, N);
  else if (u.type === FPType.Infinity && u.sign === 0) r = FPInfinity(0, N);
  else if (u.sign === 1) {
    FPProcessException(FPExc.InvalidOp, st);
    r = FPDefaultNaN(N);
  } else r = FPRound(realSqrt(realOfUnpacked(u), formatOf(N).F + 3), N, fpcr, st);
  return fromBig(r, N);
}

// shared/functions/float/fpmuladd/FPMulAdd: addend + op1 * op2 with one rounding. FMSUB,
// FNMADD and FNMSUB negate operands with FPNeg before calling it (C7.2 FMSUB etc.).
export function FPMulAdd<N extends FPWidth>(addend: FPBits<N>, op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  if (fastMode(fpcr) && N !== 16) {
    const f = N === 64 ? fastMulAdd64(addend as bigint, op1 as bigint, op2 as bigint, st)
      : fastMulAdd32(addend as number, op1 as number, op2 as number, st);
    if (f !== undefined) return f as FPBits<N>;
  }
  const a = toBig(addend), b = toBig(op1), c = toBig(op2);
  const uA = FPUnpack(a, N, fpcr, st), u1 = FPUnpack(b, N, fpcr, st), u2 = FPUnpack(c, N, fpcr, st);
  const inf1 = u1.type === FPType.Infinity, inf2 = u2.type === FPType.Infinity;
  const zero1 = u1.type === FPType.Zero, zero2 = u2.type === FPType.Zero;
  let nan = FPProcessNaNs3(uA.type, u1.type, u2.type, a, b, c, N, fpcr, st);
  // A quiet NaN addend with infinity * zero is an Invalid Operation giving the default NaN
  // (FPCR.AH = 0), not the addend.
  if (uA.type === FPType.QNaN && ((inf1 && zero2) || (zero1 && inf2))) {
    FPProcessException(FPExc.InvalidOp, st);
    nan = FPDefaultNaN(N);
  }
  if (nan !== undefined) return fromBig(nan, N);
  const infA = uA.type === FPType.Infinity, zeroA = uA.type === FPType.Zero;
  const signP = u1.sign ^ u2.sign;
  const infP = inf1 || inf2, zeroP = zero1 || zero2;
  let r: bigint;
  if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && uA.sign !== signP)) {
    FPProcessException(FPExc.InvalidOp, st);
    r = FPDefaultNaN(N);
  } else if ((infA && uA.sign === 0) || (infP && signP === 0)) r = FPInfinity(0, N);
  else if ((infA && uA.sign === 1) || (infP && signP === 1)) r = FPInfinity(1, N);
  else if (zeroA && zeroP && uA.sign === signP) r = FPZero(uA.sign, N);
  else r = roundSum(realAdd(realOfUnpacked(uA), realMul(realOfUnpacked(u1), realOfUnpacked(u2))), N, fpcr, st);
  return fromBig(r, N);
}

/** The common part of FPRecipStepFused / FPRSqrtStepFused: c + (-op1) * op2, then * scale. */
function stepFused(op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState, rsqrt: boolean): bigint {
  const a = negBig(op1, N);
  const u1 = FPUnpack(a, N, fpcr, st), u2 = FPUnpack(op2, N, fpcr, st);
  const nan = FPProcessNaNs(u1.type, u2.type, a, op2, N, fpcr, st);
  if (nan !== undefined) return nan;
  const inf1 = u1.type === FPType.Infinity, inf2 = u2.type === FPType.Infinity;
  const zero1 = u1.type === FPType.Zero, zero2 = u2.type === FPType.Zero;
  if ((inf1 && zero2) || (zero1 && inf2)) return rsqrt ? FPOnePointFive(0, N) : FPTwo(0, N);
  if (inf1 || inf2) return FPInfinity(u1.sign ^ u2.sign, N);
  const p = realMul(realOfUnpacked(u1), realOfUnpacked(u2));
  // 2.0 + p, or (3.0 + p) / 2.0: exact, one rounding.
  const v = realAdd(realOf(0, rsqrt ? 3n : 2n, 0), p);
  if (rsqrt) v.e -= 1;
  return roundSum(v, N, fpcr, st);
}

// shared/functions/float/fprecipstepfused/FPRecipStepFused: 2.0 - op1 * op2 (FRECPS)
export function FPRecipStepFused<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(stepFused(toBig(op1), toBig(op2), N, fpcr, st, false), N);
}

// shared/functions/float/fprsqrtstepfused/FPRSqrtStepFused: (3.0 - op1 * op2) / 2.0 (FRSQRTS)
export function FPRSqrtStepFused<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(stepFused(toBig(op1), toBig(op2), N, fpcr, st, true), N);
}
