// FPUnpack and FPRound: from raw bits to exact values and back, with input flushing (IDC),
// output flushing (UFC), underflow, overflow and inexact (Arm ARM J1 shared/functions/float/
// fpunpack, fpround).

import {
  BF16IN32, FPCR_AHP, FPCR_FZ16, FPExc, FPProcessException, FPRounding, FPRoundingMode, flushes, formatOf,
  type FPFormat, type FPState, type FPWidth,
} from './fpcr.ts';
import { bitLen, type Real } from './real.ts';

// shared/functions/float/fptype/FPType
export const enum FPType {
  Zero,
  Denormal,
  Nonzero,
  Infinity,
  QNaN,
  SNaN,
}

/** FPUnpack's result: the type, sign and (for finite values) magnitude m * 2^e. */
export interface Unpacked {
  type: FPType;
  sign: 0 | 1;
  m: bigint;
  e: number;
}

export const isNaNType = (t: FPType): boolean => t === FPType.QNaN || t === FPType.SNaN;

// shared/functions/float/fpunpack/FPUnpackBase (FEAT_AFP absent: AH = 0, FIZ unused; QEMU 7.2
// max has no FEAT_AFP). `isbfloat16` is not needed: BF16 inputs are not unpacked yet.
export function FPUnpackBase(fpval: bigint, N: FPWidth, fpcr: number, st: FPState, fpexc = true): Unpacked {
  const f = formatOf(N);
  const sign = Number((fpval >> BigInt(N - 1)) & 1n) as 0 | 1;
  const exp = Number((fpval >> BigInt(f.F)) & BigInt((1 << f.E) - 1));
  const frac = fpval & ((1n << BigInt(f.F)) - 1n);
  const bias = (1 << (f.E - 1)) - 1;
  if (exp === 0) {
    if (frac === 0n) return { type: FPType.Zero, sign, m: 0n, e: 0 };
    if (flushes(fpcr, N)) {
      // Half precision flushed by FZ16 does not raise Input Denormal; single and double by FZ do.
      if (N !== 16 && fpexc) FPProcessException(FPExc.InputDenorm, st);
      return { type: FPType.Zero, sign, m: 0n, e: 0 };
    }
    return { type: FPType.Denormal, sign, m: frac, e: f.minExp - f.F };
  }
  // Alternative half precision (FPCR.AHP) has no infinities or NaNs: exponent 31 is normal.
  if (exp === (1 << f.E) - 1 && !(N === 16 && (fpcr & FPCR_AHP))) {
    if (frac === 0n) return { type: FPType.Infinity, sign, m: 0n, e: 0 };
    const quiet = (frac >> BigInt(f.F - 1)) & 1n;
    return { type: quiet ? FPType.QNaN : FPType.SNaN, sign, m: 0n, e: 0 };
  }
  return { type: FPType.Nonzero, sign, m: frac | (1n << BigInt(f.F)), e: exp - bias - f.F };
}

// shared/functions/float/fpunpack/FPUnpack: AHP ignored (arithmetic sees IEEE half).
export function FPUnpack(fpval: bigint, N: FPWidth, fpcr: number, st: FPState, fpexc = true): Unpacked {
  return FPUnpackBase(fpval, N, fpcr & ~FPCR_AHP, st, fpexc);
}

// shared/functions/float/fpunpack/FPUnpackCV: conversions ignore FZ16 and honour AHP.
export function FPUnpackCV(fpval: bigint, N: FPWidth, fpcr: number, st: FPState): Unpacked {
  return FPUnpackBase(fpval, N, fpcr & ~FPCR_FZ16, st, true);
}

/** The real value of a finite unpacked operand. */
export function realOfUnpacked(u: Unpacked): Real {
  return { sign: u.sign, m: u.m, e: u.e, sticky: false };
}

// shared/functions/float/fpzero/FPZero etc.: the special encodings.
export function FPZero(sign: number, N: number): bigint {
  return BigInt(sign) << BigInt(N - 1);
}
// shared/functions/float/fpinfinity/FPInfinity
export function FPInfinity(sign: number, N: number): bigint {
  const f = formatOf(N as FPWidth);
  return FPZero(sign, N) | (BigInt((1 << f.E) - 1) << BigInt(f.F));
}
// shared/functions/float/fpmaxnormal/FPMaxNormal
export function FPMaxNormal(sign: number, N: number): bigint {
  const f = formatOf(N as FPWidth);
  return FPZero(sign, N) | (BigInt((1 << f.E) - 2) << BigInt(f.F)) | ((1n << BigInt(f.F)) - 1n);
}
// shared/functions/float/fpdefaultnan/FPDefaultNaN: positive, quiet, zero payload.
export function FPDefaultNaN(N: number): bigint {
  const f = formatOf(N as FPWidth);
  return FPInfinity(0, N) | (1n << BigInt(f.F - 1));
}
// shared/functions/float/fptwo/FPTwo
export function FPTwo(sign: number, N: number): bigint {
  const f = formatOf(N as FPWidth);
  return FPZero(sign, N) | (BigInt(1 << (f.E - 1)) << BigInt(f.F));
}
// shared/functions/float/fponepointfive/FPOnePointFive
export function FPOnePointFive(sign: number, N: number): bigint {
  const f = formatOf(N as FPWidth);
  return FPZero(sign, N) | (BigInt((1 << (f.E - 1)) - 1) << BigInt(f.F)) | (1n << BigInt(f.F - 1));
}

// shared/functions/float/fpround/FPRoundBase (FEAT_AFP absent; no trapped exceptions, so
// FPCR.UFE plays no part). `op` must be non-zero. TIEAWAY is not a mode of FPRound (FRINTA and
// FCVTA* round in FPRoundInt/FPToFixed); it is accepted here for FCVTAS-style callers anyway.
export function FPRoundBase(op: Real, fmt: FPFormat, fpcr: number, rounding: FPRounding, st: FPState, fpexc = true): bigint {
  const { N, E, F, minExp } = fmt;
  const sign = op.sign;
  const L = bitLen(op.m);
  // The value lies in [2^exponent, 2^(exponent+1)).
  const exponent = op.e + L - 1;
  const fz = flushes(fpcr, N);
  if (fz && exponent < minExp) {
    // Flush-to-zero never generates a trapped exception, and raises no Inexact.
    if (fpexc) FPProcessException(FPExc.Underflow, st);
    return FPZero(sign, N);
  }
  let biasedExp = Math.max(exponent - minExp + 1, 0);
  // int_mant = RoundDown(mantissa * 2^F), mantissa scaled to the normal or denormal range.
  const sh = (biasedExp === 0 ? minExp : exponent) - F - op.e;
  let intMant: bigint;
  let errNonZero: boolean;
  let errCmpHalf: number; // sign of (error - 0.5)
  if (sh <= 0) {
    if (op.sticky) throw new Error('FPRoundBase: sticky value without guard bits');
    intMant = op.m << BigInt(-sh);
    errNonZero = false;
    errCmpHalf = -1;
  } else {
    const bsh = BigInt(sh);
    intMant = op.m >> bsh;
    const rem = op.m & ((1n << bsh) - 1n);
    const half = 1n << (bsh - 1n);
    errNonZero = rem !== 0n || op.sticky;
    errCmpHalf = rem > half ? 1 : rem < half ? -1 : op.sticky ? 1 : 0;
    if (op.sticky && sh < 2) throw new Error('FPRoundBase: sticky value without guard bits');
  }
  // Underflow: tiny before rounding and inexact.
  if (biasedExp === 0 && errNonZero && fpexc) FPProcessException(FPExc.Underflow, st);
  let roundUp: boolean;
  let overflowToInf: boolean;
  switch (rounding) {
    case FPRounding.TIEEVEN:
      roundUp = errCmpHalf > 0 || (errCmpHalf === 0 && (intMant & 1n) === 1n);
      overflowToInf = true;
      break;
    case FPRounding.TIEAWAY:
      roundUp = errCmpHalf >= 0;
      overflowToInf = true;
      break;
    case FPRounding.POSINF:
      roundUp = errNonZero && sign === 0;
      overflowToInf = sign === 0;
      break;
    case FPRounding.NEGINF:
      roundUp = errNonZero && sign === 1;
      overflowToInf = sign === 1;
      break;
    default: // ZERO, ODD
      roundUp = false;
      overflowToInf = false;
  }
  if (roundUp) {
    intMant += 1n;
    if (intMant === 1n << BigInt(F)) biasedExp = 1; // denormal rounded up to normal
    if (intMant === 1n << BigInt(F + 1)) {
      biasedExp += 1; // rounded up to the next exponent
      intMant >>= 1n;
    }
  }
  if (errNonZero && rounding === FPRounding.ODD) intMant |= 1n;
  const pad = BigInt(N - (E + F + 1));
  let result: bigint;
  if (!(N === 16 && (fpcr & FPCR_AHP))) {
    if (biasedExp >= (1 << E) - 1) {
      result = overflowToInf ? FPInfinity(sign, N) : FPMaxNormal(sign, N);
      if (fpexc) FPProcessException(FPExc.Overflow, st);
      errNonZero = true; // an overflow is always inexact
    } else {
      result = ((BigInt(sign) << BigInt(E + F)) | (BigInt(biasedExp) << BigInt(F)) | (intMant & ((1n << BigInt(F)) - 1n))) << pad;
    }
  } else if (biasedExp >= 1 << E) {
    // Alternative half precision: saturate to the largest magnitude, Invalid Operation.
    result = (BigInt(sign) << 15n) | 0x7fffn;
    if (fpexc) FPProcessException(FPExc.InvalidOp, st);
    errNonZero = false;
  } else {
    result = (BigInt(sign) << 15n) | (BigInt(biasedExp) << 10n) | (intMant & 0x3ffn);
  }
  if (errNonZero && fpexc) FPProcessException(FPExc.Inexact, st);
  return result;
}

// shared/functions/float/fpround/FPRound: arithmetic results are IEEE (AHP = 0).
export function FPRound(op: Real, N: FPWidth, fpcr: number, st: FPState, rounding: FPRounding = FPRoundingMode(fpcr)): bigint {
  return FPRoundBase(op, formatOf(N), fpcr & ~FPCR_AHP, rounding, st);
}

// shared/functions/float/fpround/FPRoundCV: conversions ignore FZ16 and honour AHP.
export function FPRoundCV(op: Real, N: FPWidth, fpcr: number, st: FPState, rounding: FPRounding): bigint {
  return FPRoundBase(op, formatOf(N), fpcr & ~FPCR_FZ16, rounding, st);
}

// shared/functions/float/fpround/FPRoundBF: BFloat16 in the top half of a 32-bit pattern.
export function FPRoundBF(op: Real, fpcr: number, rounding: FPRounding, st: FPState): bigint {
  return FPRoundBase(op, BF16IN32, fpcr & ~FPCR_AHP, rounding, st);
}
