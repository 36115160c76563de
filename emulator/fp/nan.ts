// NaN propagation: quieting signalling NaNs, operand priority and the default NaN
// (Arm ARM J1 shared/functions/float/fpprocessnan, fpprocessnans, fpprocessnans3, fpconvertnan).

import { FPCR_DN, FPExc, FPProcessException, formatOf, type FPState, type FPWidth } from './fpcr.ts';
import { FPDefaultNaN, FPType } from './unpack-round.ts';

// shared/functions/float/fpprocessnan/FPProcessNaN
export function FPProcessNaN(type: FPType, op: bigint, N: FPWidth, fpcr: number, st: FPState, fpexc = true): bigint {
  let result = op;
  if (st.nan !== undefined) st.nan++;
  if (type === FPType.SNaN) {
    result |= 1n << BigInt(formatOf(N).F - 1); // quiet it: the top fraction bit
    if (fpexc) FPProcessException(FPExc.InvalidOp, st);
  }
  if (fpcr & FPCR_DN) result = FPDefaultNaN(N);
  return result;
}

// shared/functions/float/fpprocessnans/FPProcessNaNs: any SNaN first (op1 before op2), then
// any QNaN. Returns undefined when neither operand is a NaN (the pseudocode's done = FALSE).
export function FPProcessNaNs(t1: FPType, t2: FPType, op1: bigint, op2: bigint, N: FPWidth, fpcr: number, st: FPState): bigint | undefined {
  if (t1 === FPType.SNaN) return FPProcessNaN(t1, op1, N, fpcr, st);
  if (t2 === FPType.SNaN) return FPProcessNaN(t2, op2, N, fpcr, st);
  if (t1 === FPType.QNaN) return FPProcessNaN(t1, op1, N, fpcr, st);
  if (t2 === FPType.QNaN) return FPProcessNaN(t2, op2, N, fpcr, st);
  return undefined;
}

// shared/functions/float/fpprocessnans3/FPProcessNaNs3: SNaNs in operand order, then QNaNs.
export function FPProcessNaNs3(t1: FPType, t2: FPType, t3: FPType, op1: bigint, op2: bigint, op3: bigint,
  N: FPWidth, fpcr: number, st: FPState): bigint | undefined {
  if (t1 === FPType.SNaN) return FPProcessNaN(t1, op1, N, fpcr, st);
  if (t2 === FPType.SNaN) return FPProcessNaN(t2, op2, N, fpcr, st);
  if (t3 === FPType.SNaN) return FPProcessNaN(t3, op3, N, fpcr, st);
  if (t1 === FPType.QNaN) return FPProcessNaN(t1, op1, N, fpcr, st);
  if (t2 === FPType.QNaN) return FPProcessNaN(t2, op2, N, fpcr, st);
  if (t3 === FPType.QNaN) return FPProcessNaN(t3, op3, N, fpcr, st);
  return undefined;
}

// shared/functions/float/fpconvertnan/FPConvertNaN: keeps the sign and the top payload bits,
// and quiets the NaN.
export function FPConvertNaN(op: bigint, N: FPWidth, M: FPWidth): bigint {
  const sign = (op >> BigInt(N - 1)) & 1n;
  // The 51-bit payload below the quiet bit, left-aligned.
  const frac = N === 64 ? op & ((1n << 51n) - 1n) : N === 32 ? (op & 0x3fffffn) << 29n : (op & 0x1ffn) << 42n;
  switch (M) {
    case 64: return (sign << 63n) | (0xfffn << 51n) | frac;
    case 32: return (sign << 31n) | (0x1ffn << 22n) | (frac >> 29n);
    default: return (sign << 15n) | (0x3fn << 9n) | (frac >> 42n);
  }
}
