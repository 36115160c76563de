// FPCR/FPSR fields, the caller's cumulative-flag state and the format parameters shared by
// the floating-point core (Arm ARM DDI 0487, J1 shared/functions/float/*).
//
// Representation of values: f16/f32 raw bit patterns are JS numbers (small integers), f64 raw
// bit patterns are bigint. Measured (2-core EPYC VM, node 20, interleaved runs): moving an f64
// operand pair in and the result out through a DataView costs ~155 ns per operation as bigint
// and ~60 ns as a hi/lo pair of uint32; the exact path costs ~6 us per f64 operation (bigint
// significands either way), the double fast path (fast.ts) ~0.3-0.7 us. bigint was chosen
// because it is one value per operand and per result (a pair needs two arguments per operand
// and an out-object or allocation per result), the exact arithmetic needs bigint anyway, and
// the transport difference is small next to either path. When the core is wired into the
// decoder, the fast paths are best given the register file directly (cpu.vreg is an Int32Array
// of words: a Float64Array alias reads a D register as one double), beating both forms.
// Arithmetic is exact: significands are bigint, so f64 products (106 bits), quotients and
// sums with exponent gaps of 2000+ bits are held without loss and rounded once (FPRoundBase).

/** The widths of the IEEE formats (BFloat16 is produced by FPConvertBF only). */
export type FPWidth = 16 | 32 | 64;
/** A raw value of width N: a number for 16/32 bits, a bigint for 64 bits. */
export type FPBits<N extends FPWidth> = N extends 64 ? bigint : number;

// FPCR (C5.2.8): the fields the core reads. Trap enables (IOE...IDE) are RAZ/WI on QEMU 7.2,
// which implements no FP exception trapping (IMPLEMENTATION DEFINED); the core never traps.
export const FPCR_AHP = 1 << 26;
export const FPCR_DN = 1 << 25;
export const FPCR_FZ = 1 << 24;
export const FPCR_RMODE_SHIFT = 22;
export const FPCR_FZ16 = 1 << 19;

// FPSR (C5.2.9) cumulative flags.
export const FPSR_IOC = 1 << 0;
export const FPSR_DZC = 1 << 1;
export const FPSR_OFC = 1 << 2;
export const FPSR_UFC = 1 << 3;
export const FPSR_IXC = 1 << 4;
export const FPSR_IDC = 1 << 7;

/** Where the core accumulates FPSR cumulative flags (the caller owns and clears it). */
export interface FPState {
  fpsr: number;
  /** NaN operands FPProcessNaN handled, when counted (the model's --fp-stats; absent otherwise). */
  nan?: number;
}

// FPRounding (shared/functions/float/fprounding/FPRounding): the FPCR.RMode encodings first.
export const enum FPRounding {
  TIEEVEN = 0,
  POSINF = 1,
  NEGINF = 2,
  ZERO = 3,
  TIEAWAY = 4,
  ODD = 5,
}

// FPExc (shared/functions/float/fpexc/FPExc), as the FPSR bit each sets.
export const enum FPExc {
  InvalidOp = FPSR_IOC,
  DivideByZero = FPSR_DZC,
  Overflow = FPSR_OFC,
  Underflow = FPSR_UFC,
  Inexact = FPSR_IXC,
  InputDenorm = FPSR_IDC,
}

// shared/functions/float/fprounding/FPRoundingMode
export function FPRoundingMode(fpcr: number): FPRounding {
  return ((fpcr >>> FPCR_RMODE_SHIFT) & 3) as FPRounding;
}

// shared/functions/float/fpprocessexception/FPProcessException: no traps (see FPCR above),
// so the cumulative bit is set.
export function FPProcessException(exc: FPExc, st: FPState): void {
  st.fpsr |= exc;
}

/** Exponent and fraction widths of a format (the table at the top of FPRoundBase). */
export interface FPFormat {
  N: number;
  E: number;
  F: number;
  /** Minimum normal exponent, unbiased. */
  minExp: number;
}
export const F16: FPFormat = { N: 16, E: 5, F: 10, minExp: -14 };
export const F32: FPFormat = { N: 32, E: 8, F: 23, minExp: -126 };
export const F64: FPFormat = { N: 64, E: 11, F: 52, minExp: -1022 };
/** BFloat16 as FPRoundBase builds it: a 32-bit pattern whose low 16 bits are zero. */
export const BF16IN32: FPFormat = { N: 32, E: 8, F: 7, minExp: -126 };

export function formatOf(N: FPWidth): FPFormat {
  return N === 16 ? F16 : N === 32 ? F32 : F64;
}

/** Raw bits to bigint (internal form of the core). */
export function toBig(op: number | bigint): bigint {
  return typeof op === 'bigint' ? op : BigInt(op >>> 0);
}

/** bigint bits back to the public form of width N. */
export function fromBig<N extends FPWidth>(v: bigint, N: N): FPBits<N> {
  return (N === 64 ? v : Number(v)) as FPBits<N>;
}

/** Whether flush-to-zero applies to an N-bit value (FZ for 32/64, FZ16 for 16). */
export function flushes(fpcr: number, N: number): boolean {
  return N === 16 ? (fpcr & FPCR_FZ16) !== 0 : (fpcr & FPCR_FZ) !== 0;
}
