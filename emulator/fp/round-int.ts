// Rounding to an integral value: FRINTN/P/M/Z/A/X/I and FRINT32Z/32X/64Z/64X (Arm ARM J1
// shared/functions/float/fproundint/FPRoundInt, fproundintn/FPRoundIntN).

import { FPExc, FPProcessException, FPRounding, formatOf, fromBig, toBig, type FPBits, type FPState, type FPWidth } from './fpcr.ts';
import { FPProcessNaN } from './nan.ts';
import { FPInfinity, FPRound, FPType, FPUnpack, FPZero, isNaNType, type Unpacked } from './unpack-round.ts';

/**
 * The pseudocode's integer rounding step, shared by FPRoundInt, FPRoundIntN and FPToFixed:
 * int_result = RoundDown(value), error = value - int_result, then the mode's increment.
 * `value` = (-1)^sign * m * 2^e.
 */
export function roundToInteger(sign: number, m: bigint, e: number, rounding: FPRounding): { int: bigint; inexact: boolean } {
  const v = sign ? -m : m;
  if (e >= 0) return { int: v << BigInt(e), inexact: false };
  const k = BigInt(-e);
  let int = v >> k; // floor, also for negative values
  const rem = v - (int << k);
  if (rem === 0n) return { int, inexact: false };
  const half = 1n << (k - 1n);
  let roundUp: boolean;
  switch (rounding) {
    case FPRounding.TIEEVEN: roundUp = rem > half || (rem === half && (int & 1n) === 1n); break;
    case FPRounding.POSINF: roundUp = true; break;
    case FPRounding.NEGINF: roundUp = false; break;
    case FPRounding.ZERO: roundUp = int < 0n; break;
    case FPRounding.TIEAWAY: roundUp = rem > half || (rem === half && int >= 0n); break;
    default: throw new Error('roundToInteger: no round-to-odd');
  }
  if (roundUp) int += 1n;
  return { int, inexact: true };
}

/** An exact integer as an N-bit value (FPRound with FPRounding_ZERO of an exact value). */
function integralToFP(int: bigint, sign: number, N: FPWidth, fpcr: number, st: FPState): bigint {
  if (int === 0n) return FPZero(sign, N);
  return FPRound({ sign: int < 0n ? 1 : 0, m: int < 0n ? -int : int, e: 0, sticky: false }, N, fpcr, st, FPRounding.ZERO);
}

// shared/functions/float/fproundint/FPRoundInt (exact: FRINTX raises Inexact)
export function FPRoundInt<N extends FPWidth>(op: FPBits<N>, N: N, fpcr: number, rounding: FPRounding, exact: boolean, st: FPState): FPBits<N> {
  const a = toBig(op);
  const u: Unpacked = FPUnpack(a, N, fpcr, st);
  let r: bigint;
  if (isNaNType(u.type)) r = FPProcessNaN(u.type, a, N, fpcr, st);
  else if (u.type === FPType.Infinity) r = FPInfinity(u.sign, N);
  else if (u.type === FPType.Zero) r = FPZero(u.sign, N);
  else {
    const { int, inexact } = roundToInteger(u.sign, u.m, u.e, rounding);
    r = integralToFP(int, u.sign, N, fpcr, st);
    if (inexact && exact) FPProcessException(FPExc.Inexact, st);
  }
  return fromBig(r, N);
}

// shared/functions/float/fproundintn/FPRoundIntN (FEAT_FRINTTS; N is 32 or 64): out of range,
// infinities and NaNs give the most negative integer of `intsize` bits with Invalid Operation.
export function FPRoundIntN<N extends 32 | 64>(op: FPBits<N>, N: N, fpcr: number, rounding: FPRounding, intsize: 32 | 64, st: FPState): FPBits<N> {
  const a = toBig(op);
  const f = formatOf(N);
  const u = FPUnpack(a, N, fpcr, st);
  const bias = (1 << (f.E - 1)) - 1;
  // '1' : exp : Zeros(F) with exp = bias - 1 + intsize, i.e. -2^(intsize-1).
  const mostNegative = FPZero(1, N) | (BigInt(bias - 1 + intsize) << BigInt(f.F));
  let r: bigint;
  if (isNaNType(u.type) || u.type === FPType.Infinity) {
    FPProcessException(FPExc.InvalidOp, st);
    r = mostNegative;
  } else if (u.type === FPType.Zero) r = FPZero(u.sign, N);
  else {
    const { int, inexact } = roundToInteger(u.sign, u.m, u.e, rounding);
    const lim = 1n << BigInt(intsize - 1);
    if (int > lim - 1n || int < -lim) {
      FPProcessException(FPExc.InvalidOp, st); // and no Inexact
      r = mostNegative;
    } else {
      r = integralToFP(int, u.sign, N, fpcr, st);
      if (inexact) FPProcessException(FPExc.Inexact, st);
    }
  }
  return fromBig(r, N);
}
