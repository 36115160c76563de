// FPMulAddH (Arm ARM J1 shared/functions/float/fpmuladdh/FPMulAddH, with FPProcessNaNs3H):
// the single-precision addend plus the product of two half-precision operands, rounded once
// to single precision (FMLAL, FMLSL and their by-element forms, FEAT_FHM).
//
// Computed as FPMulAdd of single precision on the halves widened bit by bit: a half that is
// not a NaN widens exactly (a denormal becomes a normal single, one flushed by FZ16 a signed
// zero, with no flag, as FPUnpack of a half under FZ16 does), so the product and the sum are
// FPMulAddH's; a NaN keeps its sign, payload and quiet bit (a signalling half stays a
// signalling single), so FPProcessNaNs3 of the widened operands picks the same operand,
// raises the same Invalid Operation and quietens to what FPConvertNaN(FPProcessNaN(op)) gives.

import { FPMulAdd } from './arith.ts';
import { FPCR_FZ16, type FPState } from './fpcr.ts';

/** A half-precision pattern as the single-precision pattern of the same value (see above). */
export function widenHalf(h: number, fpcr: number): number {
  const sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (frac << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp - 15 + 127) << 23) | (frac << 13)) >>> 0;
  if (frac === 0 || (fpcr & FPCR_FZ16)) return sign >>> 0;
  // Denormal: frac * 2^-24, normalised.
  const k = 31 - Math.clz32(frac); // top bit position, 0..9
  return (sign | ((k - 24 + 127) << 23) | (((frac << (23 - k)) & 0x7fffff))) >>> 0;
}

export function FPMulAddH(addend: number, op1: number, op2: number, fpcr: number, st: FPState): number {
  return FPMulAdd(addend >>> 0, widenHalf(op1, fpcr), widenHalf(op2, fpcr), 32, fpcr, st);
}
