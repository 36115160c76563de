// Conversions: FP to fixed-point/integer and back, between FP widths (incl. alternative half
// precision), to BFloat16, and JavaScript conversion (Arm ARM J1 shared/functions/float/
// fptofixed, fixedtofp, fpconvert, fpconvertbf (bfloat), fptofixedjs).

import { FPCR_AHP, FPCR_DN, FPExc, FPProcessException, FPRounding, FPRoundingMode, fromBig, toBig, type FPBits, type FPState, type FPWidth } from './fpcr.ts';
import { FPConvertNaN } from './nan.ts';
import { roundToInteger } from './round-int.ts';
import {
  FPDefaultNaN, FPInfinity, FPRound, FPRoundBF, FPRoundCV, FPType, FPUnpack, FPUnpackCV, FPZero, isNaNType, realOfUnpacked,
} from './unpack-round.ts';

/** Integer widths of the fixed-point forms. */
export type IntWidth = 16 | 32 | 64;

// shared/functions/integer/satq/SatQ (UnsignedSatQ / SignedSatQ)
function satQ(i: bigint, M: number, unsigned: boolean): { result: bigint; overflow: boolean } {
  const max = unsigned ? (1n << BigInt(M)) - 1n : (1n << BigInt(M - 1)) - 1n;
  const min = unsigned ? 0n : -(1n << BigInt(M - 1));
  if (i > max) return { result: max, overflow: true };
  if (i < min) return { result: min, overflow: true };
  return { result: i, overflow: false };
}

// shared/functions/float/fptofixed/FPToFixed: returns the M-bit two's complement pattern as a
// bigint. NaNs give 0 with Invalid Operation, infinities and out-of-range values saturate with
// Invalid Operation (and then no Inexact).
export function FPToFixed<N extends FPWidth>(op: FPBits<N>, N: N, fbits: number, unsigned: boolean, fpcr: number,
  rounding: FPRounding, M: IntWidth, st: FPState): bigint {
  const u = FPUnpack(toBig(op), N, fpcr, st);
  let int: bigint, inexact = false;
  if (isNaNType(u.type)) {
    FPProcessException(FPExc.InvalidOp, st);
    int = 0n;
  } else if (u.type === FPType.Infinity) {
    int = u.sign ? -(1n << 200n) : 1n << 200n; // 2^1000000 in the pseudocode: saturates
  } else if (u.type === FPType.Zero) int = 0n;
  else ({ int, inexact } = roundToInteger(u.sign, u.m, u.e + fbits, rounding));
  const { result, overflow } = satQ(int, M, unsigned);
  if (overflow) FPProcessException(FPExc.InvalidOp, st);
  else if (inexact) FPProcessException(FPExc.Inexact, st);
  return BigInt.asUintN(M, result);
}

// shared/functions/float/fixedtofp/FixedToFP: `op` is the M-bit pattern (bigint).
export function FixedToFP<N extends FPWidth>(op: bigint, M: IntWidth, fbits: number, unsigned: boolean, N: N, fpcr: number,
  rounding: FPRounding, st: FPState): FPBits<N> {
  const i = unsigned ? BigInt.asUintN(M, op) : BigInt.asIntN(M, op);
  if (i === 0n) return fromBig(FPZero(0, N), N);
  const real = { sign: (i < 0n ? 1 : 0) as 0 | 1, m: i < 0n ? -i : i, e: -fbits, sticky: false };
  return fromBig(FPRound(real, N, fpcr, st, rounding), N);
}

// shared/functions/float/fpconvert/FPConvert: FCVT between widths (rounding = FPCR's, or
// FPRounding_ODD for FCVTXN). A half-precision destination or source is alternative half
// precision when FPCR.AHP = 1; then NaNs become zero and infinities saturate, with Invalid.
export function FPConvert<N extends FPWidth, M extends FPWidth>(op: FPBits<N>, N: N, M: M, fpcr: number, st: FPState,
  rounding: FPRounding = FPRoundingMode(fpcr)): FPBits<M> {
  const a = toBig(op);
  const u = FPUnpackCV(a, N, fpcr, st);
  const altHp = M === 16 && (fpcr & FPCR_AHP) !== 0;
  let r: bigint;
  if (isNaNType(u.type)) {
    if (altHp) r = FPZero(u.sign, 16);
    else if (fpcr & FPCR_DN) r = FPDefaultNaN(M);
    else r = FPConvertNaN(a, N, M);
    if (u.type === FPType.SNaN || altHp) FPProcessException(FPExc.InvalidOp, st);
  } else if (u.type === FPType.Infinity) {
    if (altHp) {
      r = (BigInt(u.sign) << 15n) | 0x7fffn;
      FPProcessException(FPExc.InvalidOp, st);
    } else r = FPInfinity(u.sign, M);
  } else if (u.type === FPType.Zero) r = FPZero(u.sign, M);
  else r = FPRoundCV(realOfUnpacked(u), M, fpcr, st, rounding);
  return fromBig(r, M);
}

// shared/functions/float/fpconvertbf/FPConvertBF (BFCVT; FEAT_AFP absent): the BFloat16
// result as a 16-bit number.
export function FPConvertBF(op: number, fpcr: number, st: FPState, rounding: FPRounding = FPRoundingMode(fpcr)): number {
  const a = toBig(op);
  const u = FPUnpack(a, 32, fpcr, st);
  let r: bigint;
  if (isNaNType(u.type)) {
    r = fpcr & FPCR_DN ? FPDefaultNaN(32) : FPConvertNaN(a, 32, 32);
    if (u.type === FPType.SNaN) FPProcessException(FPExc.InvalidOp, st);
  } else if (u.type === FPType.Infinity) r = FPInfinity(u.sign, 32);
  else if (u.type === FPType.Zero) r = FPZero(u.sign, 32);
  else r = FPRoundBF(realOfUnpacked(u), fpcr, rounding, st);
  return Number(r >> 16n);
}

// shared/functions/float/fptofixedjs/FPToFixedJS (FJCVTZS, FEAT_JSCVT): the double rounded
// toward zero, modulo 2^32, and the Z flag (set when the conversion was exact and in range).
export function FPToFixedJS(op: bigint, fpcr: number, st: FPState): { result: number; z: boolean } {
  const u = FPUnpack(op, 64, fpcr, st);
  let z = true;
  if (isNaNType(u.type)) {
    FPProcessException(FPExc.InvalidOp, st);
    z = false;
  }
  let int = 0n, inexact = false;
  if (u.type === FPType.Nonzero || u.type === FPType.Denormal) ({ int, inexact } = roundToInteger(u.sign, u.m, u.e, FPRounding.ZERO));
  const valueIsZero = u.type === FPType.Zero || isNaNType(u.type);
  if (u.type === FPType.Infinity || int < -(1n << 31n) || int > (1n << 31n) - 1n) {
    FPProcessException(FPExc.InvalidOp, st);
    z = false;
  } else if (inexact) {
    FPProcessException(FPExc.Inexact, st);
    z = false;
  } else if (u.sign === 1 && valueIsZero) {
    z = false;
  } else if (u.sign === 0 && valueIsZero && (op & ((1n << 52n) - 1n)) !== 0n) {
    z = false; // a flushed denormal (or a NaN)
  }
  const result = u.type === FPType.Infinity ? 0 : Number(BigInt.asUintN(32, int));
  return { result, z };
}
