// The instructions the fp-oracle image runs, each with its encoding (the image's register
// convention: FP result d0, FP sources d1/d2/d3, GPR source x1, GPR result x0; see
// scenarios/fp-oracle/exec.S) and what the FP core (emulator/fp) says it does. An
// instruction's expected outcome is d0, x0, FPSR and NZCV after it ran from d0 = x0 = 0,
// FPSR = 0, NZCV = 0.

import * as fp from '../../emulator/fp/index.ts';
import { FPRounding, type FPState, type FPWidth } from '../../emulator/fp/index.ts';

export interface Inputs {
  fpcr: number;
  /** d1, d2, d3 (the low N bits are the operand) and x1. */
  a: bigint;
  b: bigint;
  c: bigint;
  x: bigint;
}

export interface Outcome {
  d0: bigint;
  x0: bigint;
  fpsr: bigint;
  nzcv: bigint;
}

/** What a vector's operands are, so the generator draws them from the right pools. */
export type OperandKind = 'fp1' | 'fp2' | 'fp3' | 'int' | 'cvt' | 'intv';

export interface OpForm {
  /** e.g. "FADD S", "FCVTZS W<-D #5" */
  name: string;
  insn: number;
  /** FP width of the FP operands (the source width for conversions). */
  N: FPWidth;
  kind: OperandKind;
  /** Integer width of an integer source (SCVTF/UCVTF): in x1 ('int') or in d1 ('intv'). */
  intBits?: 16 | 32 | 64;
  model(v: Inputs, st: FPState): Partial<Outcome>;
}

const FTYPE: Record<FPWidth, number> = { 16: 3, 32: 0, 64: 1 };
const SZ = (N: FPWidth): number => (N === 64 ? 1 : 0);
const mask = (n: number): bigint => (1n << BigInt(n)) - 1n;
const lo = (v: bigint, N: number): bigint => v & mask(N);
/** The core's value type of width N from register bits. */
const arg = (v: bigint, N: FPWidth): number | bigint => (N === 64 ? lo(v, 64) : Number(lo(v, N)));
const big = (r: number | bigint): bigint => (typeof r === 'bigint' ? r : BigInt(r >>> 0));
const rm = (fpcr: number): FPRounding => fp.FPRoundingMode(fpcr);
const R = 0, N1 = 1, N2 = 2, N3 = 3; // register numbers: d0 = result, d1..d3 = operands
const WIDTHS: FPWidth[] = [16, 32, 64];
type Any = FPWidth;

// C7.2 data-processing (2 source): FMUL 0, FDIV 1, FADD 2, FSUB 3, FMAX 4, FMIN 5, FMAXNM 6, FMINNM 7, FNMUL 8
const dp2 = (opc: number, N: FPWidth): number =>
  (0x1e200800 | (FTYPE[N] << 22) | (N2 << 16) | (opc << 12) | (N1 << 5) | R) >>> 0;
// C4.1.96 data-processing (1 source)
const dp1 = (opc: number, N: FPWidth): number => (0x1e204000 | (FTYPE[N] << 22) | (opc << 15) | (N1 << 5) | R) >>> 0;
// C4.1.96 data-processing (3 source): Rd = d0, Rn = d1, Rm = d2, Ra = d3
const dp3 = (o1: number, o0: number, N: FPWidth): number =>
  (0x1f000000 | (FTYPE[N] << 22) | (o1 << 21) | (N2 << 16) | (o0 << 15) | (N3 << 10) | (N1 << 5) | R) >>> 0;

type Bin = <W extends Any>(a: fp.FPBits<W>, b: fp.FPBits<W>, N: W, fpcr: number, st: FPState) => fp.FPBits<W>;
const fp2 = (name: string, opc: number, f: Bin, negate = false): OpForm[] => WIDTHS.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}`, insn: dp2(opc, N), N, kind: 'fp2',
  model: (v, st) => {
    let r = big(f(arg(v.a, N) as never, arg(v.b, N) as never, N, v.fpcr, st));
    if (negate) r = big(fp.FPNeg(r as never, N)); // FNMUL: FPNeg(FPMul(...)), NaNs too
    return { d0: r };
  },
}));

// Advanced SIMD scalar three-same (FMULX, FRECPS, FRSQRTS, FCMEQ, FCMGE, FCMGT): single/double
// encodings with sz at bit 22, half precision in the FP16 three-same group.
const simd3 = (sd: number, h: number, N: FPWidth): number =>
  ((N === 16 ? h : sd | (SZ(N) << 22)) | (N2 << 16) | (N1 << 5) | R) >>> 0;
const fpSimd2 = (name: string, sd: number, h: number, f: Bin): OpForm[] => WIDTHS.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}`, insn: simd3(sd, h, N), N, kind: 'fp2',
  model: (v, st) => ({ d0: big(f(arg(v.a, N) as never, arg(v.b, N) as never, N, v.fpcr, st)) }),
}));
type Cmp = <W extends Any>(a: fp.FPBits<W>, b: fp.FPBits<W>, N: W, fpcr: number, st: FPState) => boolean;
const fpCmpMask = (name: string, sd: number, h: number, f: Cmp): OpForm[] => WIDTHS.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}`, insn: simd3(sd, h, N), N, kind: 'fp2',
  model: (v, st) => ({ d0: f(arg(v.a, N) as never, arg(v.b, N) as never, N, v.fpcr, st) ? mask(N) : 0n }),
}));

// Advanced SIMD scalar two-reg misc (FRECPE, FRSQRTE, FRECPX)
const simd1 = (sd: number, h: number, N: FPWidth): number => ((N === 16 ? h : sd | (SZ(N) << 22)) | (N1 << 5) | R) >>> 0;
type Un = <W extends Any>(a: fp.FPBits<W>, N: W, fpcr: number, st: FPState) => fp.FPBits<W>;
const fpSimd1 = (name: string, sd: number, h: number, f: Un): OpForm[] => WIDTHS.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}`, insn: simd1(sd, h, N), N, kind: 'fp1',
  model: (v, st) => ({ d0: big(f(arg(v.a, N) as never, N, v.fpcr, st)) }),
}));

const fp1 = (name: string, opc: number, f: (a: number | bigint, N: FPWidth, fpcr: number, st: FPState) => number | bigint,
  widths: FPWidth[] = WIDTHS): OpForm[] => widths.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}`, insn: dp1(opc, N), N, kind: 'fp1',
  model: (v, st) => ({ d0: big(f(arg(v.a, N), N, v.fpcr, st)) }),
}));

const frint = (name: string, opc: number, mode: FPRounding | 'fpcr', exact: boolean): OpForm[] =>
  fp1(name, opc, (a, N, fpcr, st) => fp.FPRoundInt(a as never, N, fpcr, mode === 'fpcr' ? rm(fpcr) : mode, exact, st));
const frintN = (name: string, opc: number, intsize: 32 | 64, fpcrMode: boolean): OpForm[] =>
  fp1(name, opc, (a, N, fpcr, st) => fp.FPRoundIntN(a as never, N as 32 | 64, fpcr, fpcrMode ? rm(fpcr) : FPRounding.ZERO, intsize, st), [32, 64]);

const fma = (name: string, o1: number, o0: number): OpForm[] => WIDTHS.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}`, insn: dp3(o1, o0, N), N, kind: 'fp3',
  model: (v, st) => {
    // C7.2.FMADD etc.: opa_neg = o1, op1_neg = o0 != o1, then FPMulAdd(addend=Ra, Rn, Rm)
    let ra = arg(v.c, N), rn = arg(v.a, N);
    if (o1) ra = fp.FPNeg(ra as never, N);
    if (o0 !== o1) rn = fp.FPNeg(rn as never, N);
    return { d0: big(fp.FPMulAdd(ra as never, rn as never, arg(v.b, N) as never, N, v.fpcr, st)) };
  },
}));

// C7.2 FCMP/FCMPE (register and #0.0)
const fcmp = (name: string, opc2: number, zero: boolean, signal: boolean): OpForm[] => WIDTHS.map((N) => ({
  name: `${name} ${'HSD'[WIDTHS.indexOf(N)]}${zero ? ', #0' : ''}`,
  insn: (0x1e202000 | (FTYPE[N] << 22) | ((zero ? 0 : N2) << 16) | (N1 << 5) | opc2) >>> 0, N, kind: zero ? 'fp1' : 'fp2',
  model: (v, st) => ({ nzcv: BigInt(fp.FPCompare(arg(v.a, N) as never, (zero ? (N === 64 ? 0n : 0) : arg(v.b, N)) as never, signal, N, v.fpcr, st)) << 28n }),
}));

// C7.2 FCVT between precisions: opc 4 = to single, 5 = to double, 7 = to half
const fcvt: OpForm[] = WIDTHS.flatMap((N) => WIDTHS.filter((M) => M !== N).map((M): OpForm => ({
  name: `FCVT ${'HSD'[WIDTHS.indexOf(M)]}<-${'HSD'[WIDTHS.indexOf(N)]}`, insn: dp1(M === 32 ? 4 : M === 64 ? 5 : 7, N), N, kind: 'cvt',
  model: (v, st) => ({ d0: big(fp.FPConvert(arg(v.a, N) as never, N, M, v.fpcr, st)) }),
})));

// C7.2 FCVTXN Sd, Dn (scalar): FPConvert with round-to-odd
const fcvtxn: OpForm = {
  name: 'FCVTXN S<-D', insn: (0x7e616800 | (N1 << 5) | R) >>> 0, N: 64, kind: 'cvt',
  model: (v, st) => ({ d0: big(fp.FPConvert(lo(v.a, 64), 64, 32, v.fpcr, st, FPRounding.ODD)) }),
};
// C7.2 BFCVT Hd, Sn
const bfcvt: OpForm = {
  name: 'BFCVT H<-S', insn: (0x1e634000 | (N1 << 5) | R) >>> 0, N: 32, kind: 'cvt',
  model: (v, st) => ({ d0: BigInt(fp.FPConvertBF(Number(lo(v.a, 32)), v.fpcr, st)) }),
};

// C7.2 FCVT<r><S|U> (scalar, integer) Wd/Xd, <H|S|D>n: rmode:opcode
const CVT_TO_INT: [string, number, number, FPRounding | 'tieaway', boolean][] = [
  ['FCVTNS', 0, 0, FPRounding.TIEEVEN, false], ['FCVTNU', 0, 1, FPRounding.TIEEVEN, true],
  ['FCVTAS', 0, 4, 'tieaway', false], ['FCVTAU', 0, 5, 'tieaway', true],
  ['FCVTPS', 1, 0, FPRounding.POSINF, false], ['FCVTPU', 1, 1, FPRounding.POSINF, true],
  ['FCVTMS', 2, 0, FPRounding.NEGINF, false], ['FCVTMU', 2, 1, FPRounding.NEGINF, true],
  ['FCVTZS', 3, 0, FPRounding.ZERO, false], ['FCVTZU', 3, 1, FPRounding.ZERO, true],
];
const toInt: OpForm[] = CVT_TO_INT.flatMap(([name, rmode, opc, mode, unsigned]) => WIDTHS.flatMap((N) => ([32, 64] as const).map((M): OpForm => ({
  name: `${name} ${M === 64 ? 'X' : 'W'}<-${'HSD'[WIDTHS.indexOf(N)]}`,
  insn: ((M === 64 ? 0x80000000 : 0) | 0x1e200000 | (FTYPE[N] << 22) | (rmode << 19) | (opc << 16) | (N1 << 5) | R) >>> 0, N, kind: 'cvt',
  model: (v, st) => ({ x0: fp.FPToFixed(arg(v.a, N) as never, N, 0, unsigned, v.fpcr, mode === 'tieaway' ? FPRounding.TIEAWAY : mode, M, st) }),
}))));

// C7.2 FCVTZS/FCVTZU (scalar, fixed-point): scale = 64 - fbits
export function toFixed(unsigned: boolean, N: FPWidth, M: 32 | 64, fbits: number): OpForm {
  return {
    name: `FCVTZ${unsigned ? 'U' : 'S'} ${M === 64 ? 'X' : 'W'}<-${'HSD'[WIDTHS.indexOf(N)]} #${fbits}`,
    insn: ((M === 64 ? 0x80000000 : 0) | 0x1e180000 | (FTYPE[N] << 22) | ((unsigned ? 1 : 0) << 16) | ((64 - fbits) << 10) | (N1 << 5) | R) >>> 0,
    N, kind: 'cvt',
    model: (v, st) => ({ x0: fp.FPToFixed(arg(v.a, N) as never, N, fbits, unsigned, v.fpcr, FPRounding.ZERO, M, st) }),
  };
}
// C7.2 SCVTF/UCVTF (scalar, integer and fixed-point): from Wn/Xn = x1
export function fromFixed(unsigned: boolean, N: FPWidth, M: 32 | 64, fbits: number): OpForm {
  const base = fbits === 0 ? 0x1e200000 | ((unsigned ? 3 : 2) << 16) : 0x1e000000 | ((unsigned ? 3 : 2) << 16) | ((64 - fbits) << 10);
  return {
    name: `${unsigned ? 'U' : 'S'}CVTF ${'HSD'[WIDTHS.indexOf(N)]}<-${M === 64 ? 'X' : 'W'}${fbits ? ` #${fbits}` : ''}`,
    insn: ((M === 64 ? 0x80000000 : 0) | base | (FTYPE[N] << 22) | (1 << 5) | R) >>> 0, N, kind: 'int', intBits: M,
    model: (v, st) => ({ d0: big(fp.FixedToFP(lo(v.x, M), M, fbits, unsigned, N, v.fpcr, rm(v.fpcr), st)) }),
  };
}

// C7.2 FJCVTZS Wd, Dn: NZCV = 0:Z:0:0
const fjcvtzs: OpForm = {
  name: 'FJCVTZS W<-D', insn: (0x1e7e0000 | (N1 << 5) | R) >>> 0, N: 64, kind: 'cvt',
  model: (v, st) => {
    const { result, z } = fp.FPToFixedJS(lo(v.a, 64), v.fpcr, st);
    return { x0: BigInt(result), nzcv: z ? 0x40000000n : 0n };
  },
};

// Advanced SIMD scalar FP16 conversions with a 16-bit integer in an FP register (C7.2
// FCVT<r><S|U> (vector, integer) scalar half, SCVTF/UCVTF (vector, integer) scalar half):
// FPToFixed / FixedToFP with M = 16.
const CVT_H: [string, number, FPRounding | 'tieaway', boolean][] = [
  ['FCVTNS', 0x5e79a800, FPRounding.TIEEVEN, false], ['FCVTNU', 0x7e79a800, FPRounding.TIEEVEN, true],
  ['FCVTMS', 0x5e79b800, FPRounding.NEGINF, false], ['FCVTMU', 0x7e79b800, FPRounding.NEGINF, true],
  ['FCVTPS', 0x5ef9a800, FPRounding.POSINF, false], ['FCVTPU', 0x7ef9a800, FPRounding.POSINF, true],
  ['FCVTZS', 0x5ef9b800, FPRounding.ZERO, false], ['FCVTZU', 0x7ef9b800, FPRounding.ZERO, true],
  ['FCVTAS', 0x5e79c800, 'tieaway', false], ['FCVTAU', 0x7e79c800, 'tieaway', true],
];
const toIntH: OpForm[] = CVT_H.map(([name, base, mode, unsigned]) => ({
  name: `${name} H<-H (int16)`, insn: (base | (N1 << 5) | R) >>> 0, N: 16, kind: 'cvt',
  model: (v, st) => ({ d0: fp.FPToFixed(Number(lo(v.a, 16)), 16, 0, unsigned, v.fpcr, mode === 'tieaway' ? FPRounding.TIEAWAY : mode, 16, st) }),
}));
const fromIntH: OpForm[] = [false, true].map((unsigned) => ({
  name: `${unsigned ? 'U' : 'S'}CVTF H<-H (int16)`, insn: ((unsigned ? 0x7e79d800 : 0x5e79d800) | (N1 << 5) | R) >>> 0, N: 16, kind: 'intv',
  intBits: 16, model: (v, st) => ({ d0: big(fp.FixedToFP(lo(v.a, 16), 16, 0, unsigned, 16, v.fpcr, rm(v.fpcr), st)) }),
}));
/** C7.2 FCVTZS/FCVTZU/SCVTF/UCVTF (vector, fixed-point) scalar half: immh:immb = 32 - fbits, fbits 1..16. */
export function fixedH(op: 'FCVTZS' | 'FCVTZU' | 'SCVTF' | 'UCVTF', fbits: number): OpForm {
  const base = { FCVTZS: 0x5f00fc00, FCVTZU: 0x7f00fc00, SCVTF: 0x5f00e400, UCVTF: 0x7f00e400 }[op];
  const unsigned = op.endsWith('U') || op === 'UCVTF';
  const insn = (base | ((32 - fbits) << 16) | (N1 << 5) | R) >>> 0;
  if (op.startsWith('FCVT')) {
    return { name: `${op} H<-H (int16) #${fbits}`, insn, N: 16, kind: 'cvt',
      model: (v, st) => ({ d0: fp.FPToFixed(Number(lo(v.a, 16)), 16, fbits, unsigned, v.fpcr, FPRounding.ZERO, 16, st) }) };
  }
  return { name: `${op} H<-H (int16) #${fbits}`, insn, N: 16, kind: 'intv', intBits: 16,
    model: (v, st) => ({ d0: big(fp.FixedToFP(lo(v.a, 16), 16, fbits, unsigned, 16, v.fpcr, rm(v.fpcr), st)) }) };
}

/** Every fixed form (the fixed-point conversions with fbits are made per vector: fixedForms). */
export const OPS: OpForm[] = [
  ...fp2('FADD', 2, fp.FPAdd), ...fp2('FSUB', 3, fp.FPSub), ...fp2('FMUL', 0, fp.FPMul), ...fp2('FDIV', 1, fp.FPDiv),
  ...fp2('FMAX', 4, fp.FPMax), ...fp2('FMIN', 5, fp.FPMin), ...fp2('FMAXNM', 6, fp.FPMaxNum), ...fp2('FMINNM', 7, fp.FPMinNum),
  ...fp2('FNMUL', 8, fp.FPMul, true),
  ...fpSimd2('FMULX', 0x5e20dc00, 0x5e401c00, fp.FPMulX),
  ...fpSimd2('FRECPS', 0x5e20fc00, 0x5e403c00, fp.FPRecipStepFused),
  ...fpSimd2('FRSQRTS', 0x5ea0fc00, 0x5ec03c00, fp.FPRSqrtStepFused),
  ...fpCmpMask('FCMEQ', 0x5e20e400, 0x5e402400, fp.FPCompareEQ),
  ...fpCmpMask('FCMGE', 0x7e20e400, 0x7e402400, fp.FPCompareGE),
  ...fpCmpMask('FCMGT', 0x7ea0e400, 0x7ec02400, fp.FPCompareGT),
  ...fp1('FSQRT', 3, (a, N, fpcr, st) => fp.FPSqrt(a as never, N, fpcr, st)),
  ...fp1('FABS', 1, (a, N) => fp.FPAbs(a as never, N)),
  ...fp1('FNEG', 2, (a, N) => fp.FPNeg(a as never, N)),
  ...frint('FRINTN', 8, FPRounding.TIEEVEN, false), ...frint('FRINTP', 9, FPRounding.POSINF, false),
  ...frint('FRINTM', 10, FPRounding.NEGINF, false), ...frint('FRINTZ', 11, FPRounding.ZERO, false),
  ...frint('FRINTA', 12, FPRounding.TIEAWAY, false), ...frint('FRINTX', 14, 'fpcr', true), ...frint('FRINTI', 15, 'fpcr', false),
  ...frintN('FRINT32Z', 16, 32, false), ...frintN('FRINT32X', 17, 32, true),
  ...frintN('FRINT64Z', 18, 64, false), ...frintN('FRINT64X', 19, 64, true),
  ...fpSimd1('FRECPE', 0x5ea1d800, 0x5ef9d800, fp.FPRecipEstimate),
  ...fpSimd1('FRSQRTE', 0x7ea1d800, 0x7ef9d800, fp.FPRSqrtEstimate),
  ...fpSimd1('FRECPX', 0x5ea1f800, 0x5ef9f800, fp.FPRecpX),
  ...fma('FMADD', 0, 0), ...fma('FMSUB', 0, 1), ...fma('FNMADD', 1, 0), ...fma('FNMSUB', 1, 1),
  ...fcmp('FCMP', 0, false, false), ...fcmp('FCMPE', 16, false, true), ...fcmp('FCMP', 8, true, false), ...fcmp('FCMPE', 24, true, true),
  ...fcvt, fcvtxn, bfcvt, ...toInt, fjcvtzs, ...toIntH, ...fromIntH,
  ...WIDTHS.flatMap((N) => ([32, 64] as const).flatMap((M) => [fromFixed(false, N, M, 0), fromFixed(true, N, M, 0)])),
];

/** The expected register outcome: fields the instruction does not write stay zero. */
export function expectedOutcome(op: OpForm, v: Inputs): Outcome {
  const st = { fpsr: 0 };
  const r = op.model(v, st);
  return { d0: r.d0 ?? 0n, x0: r.x0 ?? 0n, fpsr: BigInt(st.fpsr), nzcv: r.nzcv ?? 0n };
}

/**
 * Where QEMU 7.2 is known to deviate from the Arm ARM and the core follows the Arm ARM: the
 * deviation's id when `qemu` differs from `core` only in that way, else undefined.
 *
 * fjcvtzs-flushed-denormal-z: FJCVTZS of a positive denormal flushed by FPCR.FZ. FPToFixedJS
 * (J1 shared/functions/float/fptofixedjs) clears Z when `sign == '0' && value == 0.0 &&
 * !IsZero(op<51:0>)`; QEMU 7.2's helper_fjcvtzs sets Z = !sign for every exponent-0 input.
 * Fixed upstream in 2024 ("target/arm: Fix FJCVTZS vs flush-to-zero", QEMU issue 2375,
 * tests/tcg/aarch64/test-2375.c), which counts a flushed input denormal as inexact for Z.
 *
 * fcvtzs-h-fixed-sign-extended: FCVTZS Hd, Hn, #fbits (Advanced SIMD scalar, fixed-point, half
 * precision) with a negative result. The Arm ARM (C7.2 FCVTZS (vector, fixed-point): V[d,
 * datasize] = result with datasize = esize = 16) writes the 16-bit integer and zeroes the rest
 * of the register; QEMU 7.2 writes it sign-extended to 32 bits (bits 31:16 set, e.g. 0xffff8000
 * for -32768): its handle_simd_shift_fpint_conv converts halves with the 32-bit helpers and
 * writes the scalar through write_fp_sreg. The low 16 bits and FPSR agree; FCVTZU and the
 * integer (#0) form FCVTZS Hd, Hn do not show it. (QEMU rewrote this decoder in 2024.)
 */
export function knownDeviation(vec: { op: OpForm; v: Inputs }, qemu: Outcome, core: Outcome): string | undefined {
  const { op, v } = vec;
  const a = lo(v.a, 64);
  const flushedPositiveDenormal = (v.fpcr & fp.FPCR_FZ) !== 0 && a >> 52n === 0n && a !== 0n;
  if (op.name === 'FJCVTZS W<-D' && flushedPositiveDenormal && qemu.d0 === core.d0 && qemu.x0 === core.x0 &&
    qemu.fpsr === core.fpsr && core.nzcv === 0n && qemu.nzcv === 0x40000000n) return 'fjcvtzs-flushed-denormal-z';
  if (op.name.startsWith('FCVTZS H<-H (int16) #') && (core.d0 & 0x8000n) !== 0n && qemu.d0 === (core.d0 | 0xffff0000n) &&
    qemu.x0 === core.x0 && qemu.fpsr === core.fpsr && qemu.nzcv === core.nzcv) return 'fcvtzs-h-fixed-sign-extended';
  return undefined;
}
