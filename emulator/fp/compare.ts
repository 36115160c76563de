// Comparisons (NZCV and boolean forms) and minimum/maximum (Arm ARM J1 shared/functions/
// float/fpcompare, fpcompareeq, fpcomparege, fpcomparegt, fpmax, fpmin, fpmaxnum, fpminnum).

import { FPExc, FPProcessException, fromBig, toBig, type FPBits, type FPState, type FPWidth } from './fpcr.ts';
import { FPProcessNaNs } from './nan.ts';
import { FPInfinity, FPRound, FPType, FPUnpack, FPZero, isNaNType, realOfUnpacked, type Unpacked } from './unpack-round.ts';

/** Sign of (value1 - value2) for two non-NaN unpacked operands (zeros of either sign equal). */
export function compareValues(a: Unpacked, b: Unpacked): number {
  const sa = a.type === FPType.Zero ? 0 : a.sign ? -1 : 1;
  const sb = b.type === FPType.Zero ? 0 : b.sign ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const infA = a.type === FPType.Infinity, infB = b.type === FPType.Infinity;
  let mag: number;
  if (infA || infB) mag = infA && infB ? 0 : infA ? 1 : -1;
  else {
    const e = Math.min(a.e, b.e);
    const ma = a.m << BigInt(a.e - e), mb = b.m << BigInt(b.e - e);
    mag = ma === mb ? 0 : ma > mb ? 1 : -1;
  }
  return sa * mag;
}

// shared/functions/float/fpcompare/FPCompare: the NZCV nibble (bit 3 = N ... bit 0 = V).
// FCMPE (signal_nans) raises Invalid Operation on any NaN, FCMP only on a signalling one.
export function FPCompare<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, signalNaNs: boolean, N: N, fpcr: number, st: FPState): number {
  const u1 = FPUnpack(toBig(op1), N, fpcr, st), u2 = FPUnpack(toBig(op2), N, fpcr, st);
  if (isNaNType(u1.type) || isNaNType(u2.type)) {
    if (u1.type === FPType.SNaN || u2.type === FPType.SNaN || signalNaNs) FPProcessException(FPExc.InvalidOp, st);
    return 0b0011;
  }
  const c = compareValues(u1, u2);
  return c === 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
}

// shared/functions/float/fpcompareeq/FPCompareEQ (FCMEQ): quiet
export function FPCompareEQ<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): boolean {
  const u1 = FPUnpack(toBig(op1), N, fpcr, st), u2 = FPUnpack(toBig(op2), N, fpcr, st);
  if (isNaNType(u1.type) || isNaNType(u2.type)) {
    if (u1.type === FPType.SNaN || u2.type === FPType.SNaN) FPProcessException(FPExc.InvalidOp, st);
    return false;
  }
  return compareValues(u1, u2) === 0;
}

function orderedCompare(op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState): number | undefined {
  const u1 = FPUnpack(op1, N, fpcr, st), u2 = FPUnpack(op2, N, fpcr, st);
  if (isNaNType(u1.type) || isNaNType(u2.type)) {
    FPProcessException(FPExc.InvalidOp, st); // GE/GT signal on any NaN
    return undefined;
  }
  return compareValues(u1, u2);
}

// shared/functions/float/fpcomparege/FPCompareGE (FCMGE)
export function FPCompareGE<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): boolean {
  const c = orderedCompare(toBig(op1), toBig(op2), N, fpcr, st);
  return c !== undefined && c >= 0;
}

// shared/functions/float/fpcomparegt/FPCompareGT (FCMGT)
export function FPCompareGT<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): boolean {
  const c = orderedCompare(toBig(op1), toBig(op2), N, fpcr, st);
  return c !== undefined && c > 0;
}

function minMax(op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState, max: boolean): bigint {
  const u1 = FPUnpack(op1, N, fpcr, st), u2 = FPUnpack(op2, N, fpcr, st);
  const nan = FPProcessNaNs(u1.type, u2.type, op1, op2, N, fpcr, st);
  if (nan !== undefined) return nan;
  const c = compareValues(u1, u2);
  const pick = (max ? c > 0 : c < 0) ? u1 : u2;
  if (pick.type === FPType.Infinity) return FPInfinity(pick.sign, N);
  // Zeros: the most positive (max) or most negative (min) sign.
  if (pick.type === FPType.Zero) return FPZero(max ? u1.sign & u2.sign : u1.sign | u2.sign, N);
  // FPRound of an exact value: no flags unless a denormal (not flushed on input) is re-flushed,
  // which cannot happen as FPUnpack and FPRound flush by the same FPCR bit.
  return FPRound(realOfUnpacked(pick), N, fpcr, st);
}

// shared/functions/float/fpmax/FPMax (FMAX; altfp = FALSE)
export function FPMax<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(minMax(toBig(op1), toBig(op2), N, fpcr, st, true), N);
}

// shared/functions/float/fpmin/FPMin (FMIN)
export function FPMin<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(minMax(toBig(op1), toBig(op2), N, fpcr, st, false), N);
}

/** FPMaxNum/FPMinNum: one quiet NaN is replaced by the infinity that loses. */
function num(op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState, max: boolean): bigint {
  const t1 = FPUnpack(op1, N, fpcr, st).type, t2 = FPUnpack(op2, N, fpcr, st).type;
  const loser = FPInfinity(max ? 1 : 0, N);
  if (t1 === FPType.QNaN && t2 !== FPType.QNaN) op1 = loser;
  else if (t1 !== FPType.QNaN && t2 === FPType.QNaN) op2 = loser;
  return minMax(op1, op2, N, fpcr, st, max);
}

// shared/functions/float/fpmaxnum/FPMaxNum (FMAXNM)
export function FPMaxNum<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(num(toBig(op1), toBig(op2), N, fpcr, st, true), N);
}

// shared/functions/float/fpminnum/FPMinNum (FMINNM)
export function FPMinNum<N extends FPWidth>(op1: FPBits<N>, op2: FPBits<N>, N: N, fpcr: number, st: FPState): FPBits<N> {
  return fromBig(num(toBig(op1), toBig(op2), N, fpcr, st, false), N);
}
