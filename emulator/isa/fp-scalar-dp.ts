// Handlers of the scalar FP arithmetic groups (Arm ARM C7.2: FP data-processing 1, 2 and 3
// source, FP compare, conditional compare and conditional select), one per operation and
// width, each built from the FP core's function (emulator/fp) and, where fp/fast.ts proves
// one identical, its double fast path on the register file's Float64Array/Float32Array views.
// Op fields: rd, rn, rm, ra = V register numbers; imm2 = cond, imm3 = nzcv (FCCMP).

import type { Cpu, Handler, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import * as fp from '../fp/index.ts';
import type { FPState, FPWidth } from '../fp/index.ts';
import { fastAddD, fastAddF, fastCompare, fastDivD, fastDivF, fastMode, fastMulAddD, fastMulAddF, fastMulD, fastMulF, fastSqrtD,
  fastSqrtF } from '../fp/fast.ts';
import { condHolds } from './common.ts';
import { fpAccessCheck } from './fp-access.ts';
import { clearAboveD, clearAboveS, f32View, f64View, readD, readFP, readS, VIEWS_OK, writeD, writeFP, writeS } from './fp-scalar-regs.ts';
import { fpcrOf, fpStateBegin, fpStateEnd } from './vreg.ts';

type Val = number | bigint;
type Bin = (a: Val, b: Val, N: FPWidth, fpcr: number, st: FPState) => Val;
type Un = (a: Val, N: FPWidth, fpcr: number, st: FPState) => Val;
/** A fast path on values (fast.ts): NaN when it does not apply. */
type FastBin = (x: number, y: number, st: FPState) => number;
type FastUn = (x: number, st: FPState) => number;

/** The half-precision forms exist only with FEAT_FP16 (C7.2: "HasFeat(FEAT_FP16)" in each decode). */
export function checkFP16(c: Cpu): void {
  if (!c.features.fp16) undefinedInstruction(c);
}

/** Every scalar FP instruction: UNDEFINED half precision without FEAT_FP16, then the FP access traps. */
function begin(c: Cpu, N: FPWidth): void {
  if (N === 16) checkFP16(c);
  fpAccessCheck(c);
}

/** Vd = f(Vn, Vm) for width N, through `fastD`/`fastF` in RN where they apply. */
export function binaryHandler(N: FPWidth, f: Bin, fastD?: FastBin, fastF?: FastBin): Handler {
  if (N === 64) {
    return (c: Cpu, o: Op): void => {
      fpAccessCheck(c);
      const fpcr = fpcrOf(c), st = fpStateBegin();
      if (fastD && VIEWS_OK && fastMode(fpcr)) {
        const v = f64View(c);
        const r = fastD(v[2 * o.rn], v[2 * o.rm], st);
        if (r === r) {
          v[2 * o.rd] = r;
          clearAboveD(c, o.rd);
          fpStateEnd(c, st);
          return;
        }
      }
      writeD(c, o.rd, f(readD(c, o.rn), readD(c, o.rm), 64, fpcr, st) as bigint);
      fpStateEnd(c, st);
    };
  }
  if (N === 32) {
    return (c: Cpu, o: Op): void => {
      fpAccessCheck(c);
      const fpcr = fpcrOf(c), st = fpStateBegin();
      if (fastF && VIEWS_OK && fastMode(fpcr)) {
        const v = f32View(c);
        const r = fastF(v[4 * o.rn], v[4 * o.rm], st);
        if (r === r) {
          v[4 * o.rd] = r;
          clearAboveS(c, o.rd);
          fpStateEnd(c, st);
          return;
        }
      }
      writeS(c, o.rd, f(readS(c, o.rn), readS(c, o.rm), 32, fpcr, st) as number);
      fpStateEnd(c, st);
    };
  }
  return (c: Cpu, o: Op): void => {
    begin(c, 16);
    const fpcr = fpcrOf(c), st = fpStateBegin();
    writeFP(c, o.rd, 16, f(readFP(c, o.rn, 16), readFP(c, o.rm, 16), 16, fpcr, st));
    fpStateEnd(c, st);
  };
}

/** Vd = f(Vn) for width N (FSQRT, FRINT*, FABS, FNEG), with a fast path as binaryHandler. */
export function unaryHandler(N: FPWidth, f: Un, fastD?: FastUn, fastF?: FastUn): Handler {
  return (c: Cpu, o: Op): void => {
    begin(c, N);
    const fpcr = fpcrOf(c), st = fpStateBegin();
    if (N !== 16 && VIEWS_OK && fastMode(fpcr)) {
      if (N === 64 && fastD) {
        const v = f64View(c);
        const r = fastD(v[2 * o.rn], st);
        if (r === r) {
          v[2 * o.rd] = r;
          clearAboveD(c, o.rd);
          fpStateEnd(c, st);
          return;
        }
      } else if (N === 32 && fastF) {
        const v = f32View(c);
        const r = fastF(v[4 * o.rn], st);
        if (r === r) {
          v[4 * o.rd] = r;
          clearAboveS(c, o.rd);
          fpStateEnd(c, st);
          return;
        }
      }
    }
    writeFP(c, o.rd, N, f(readFP(c, o.rn, N), N, fpcr, st));
    fpStateEnd(c, st);
  };
}

// ---- data-processing (2 source): C7.2 FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL

const fsubD: FastBin = (x, y, st) => fastAddD(x, -y, st);
const fsubF: FastBin = (x, y, st) => fastAddF(x, -y, st);
// FNMUL: FPNeg(FPMul(...)) (C7.2 FNMUL (scalar)), NaN results too.
const fnmul: Bin = (a, b, N, fpcr, st) => fp.FPNeg(fp.FPMul(a as never, b as never, N, fpcr, st), N);
const fnmulD: FastBin = (x, y, st) => -fastMulD(x, y, st);
const fnmulF: FastBin = (x, y, st) => -fastMulF(x, y, st);

/** By opcode (bits 15:12): the core function and its fast paths. */
const DP2: [string, Bin, FastBin?, FastBin?][] = [
  ['FMUL', fp.FPMul as Bin, fastMulD, fastMulF], ['FDIV', fp.FPDiv as Bin, fastDivD, fastDivF],
  ['FADD', fp.FPAdd as Bin, fastAddD, fastAddF], ['FSUB', fp.FPSub as Bin, fsubD, fsubF],
  ['FMAX', fp.FPMax as Bin], ['FMIN', fp.FPMin as Bin], ['FMAXNM', fp.FPMaxNum as Bin], ['FMINNM', fp.FPMinNum as Bin],
  ['FNMUL', fnmul, fnmulD, fnmulF],
];
const WIDTHS: FPWidth[] = [16, 32, 64];
const byWidth = <T>(make: (N: FPWidth) => T): Record<FPWidth, T> => ({ 16: make(16), 32: make(32), 64: make(64) });

export const DP2_OPS: { name: string; h: Record<FPWidth, Handler> }[] = DP2.map(([name, f, d, s]) => ({
  name, h: byWidth((N) => binaryHandler(N, f, d, s)),
}));

// ---- data-processing (3 source): C7.2 FMADD, FMSUB, FNMADD, FNMSUB
// opa_neg = o1 (negate the addend Ra), op1_neg = o0 != o1 (negate Rn); result = FPMulAdd(Ra, Rn, Rm).

function fmaHandler(N: FPWidth, negA: boolean, negN: boolean): Handler {
  const sa = negA ? -1 : 1, sn = negN ? -1 : 1;
  return (c: Cpu, o: Op): void => {
    begin(c, N);
    const fpcr = fpcrOf(c), st = fpStateBegin();
    if (N !== 16 && VIEWS_OK && fastMode(fpcr)) {
      if (N === 64) {
        const v = f64View(c);
        const r = fastMulAddD(sa * v[2 * o.ra], sn * v[2 * o.rn], v[2 * o.rm], st);
        if (r === r) {
          v[2 * o.rd] = r;
          clearAboveD(c, o.rd);
          fpStateEnd(c, st);
          return;
        }
      } else {
        const v = f32View(c);
        const r = fastMulAddF(sa * v[4 * o.ra], sn * v[4 * o.rn], v[4 * o.rm], st);
        if (r === r) {
          v[4 * o.rd] = r;
          clearAboveS(c, o.rd);
          fpStateEnd(c, st);
          return;
        }
      }
    }
    let a = readFP(c, o.ra, N), n = readFP(c, o.rn, N);
    if (negA) a = fp.FPNeg(a as never, N);
    if (negN) n = fp.FPNeg(n as never, N);
    writeFP(c, o.rd, N, fp.FPMulAdd(a as never, n as never, readFP(c, o.rm, N) as never, N, fpcr, st));
    fpStateEnd(c, st);
  };
}

/** By o1:o0. */
export const DP3_OPS: { name: string; h: Record<FPWidth, Handler> }[] = [
  { name: 'FMADD', h: byWidth((N) => fmaHandler(N, false, false)) },
  { name: 'FMSUB', h: byWidth((N) => fmaHandler(N, false, true)) },
  { name: 'FNMADD', h: byWidth((N) => fmaHandler(N, true, true)) },
  { name: 'FNMSUB', h: byWidth((N) => fmaHandler(N, true, false)) },
];

// ---- compare: C7.2 FCMP, FCMPE (register and #0.0), FCCMP, FCCMPE; FPCompare sets NZCV

/** FPCompare(Vn, Vm or +0.0) as the NZCV nibble. */
function compare(c: Cpu, o: Op, N: FPWidth, zero: boolean, signal: boolean): number {
  const fpcr = fpcrOf(c);
  if (N !== 16 && VIEWS_OK) {
    let r: number;
    if (N === 64) {
      const v = f64View(c);
      r = fastCompare(v[2 * o.rn], zero ? 0 : v[2 * o.rm], false);
    } else {
      const v = f32View(c);
      r = fastCompare(v[4 * o.rn], zero ? 0 : v[4 * o.rm], true);
    }
    if (r >= 0) return r;
  }
  const st = fpStateBegin();
  const b = zero ? (N === 64 ? 0n : 0) : readFP(c, o.rm, N);
  const r = fp.FPCompare(readFP(c, o.rn, N) as never, b as never, signal, N, fpcr, st);
  fpStateEnd(c, st);
  return r;
}

function fcmpHandler(N: FPWidth, zero: boolean, signal: boolean): Handler {
  return (c: Cpu, o: Op): void => {
    begin(c, N);
    c.setNZCV(compare(c, o, N, zero, signal) << 28);
  };
}

/** By opcode2 bits 4:3 (E, zero). */
export const FCMP_OPS: { name: string; h: Record<FPWidth, Handler> }[] = [
  { name: 'FCMP', h: byWidth((N) => fcmpHandler(N, false, false)) },
  { name: 'FCMP (zero)', h: byWidth((N) => fcmpHandler(N, true, false)) },
  { name: 'FCMPE', h: byWidth((N) => fcmpHandler(N, false, true)) },
  { name: 'FCMPE (zero)', h: byWidth((N) => fcmpHandler(N, true, true)) },
];

function fccmpHandler(N: FPWidth, signal: boolean): Handler {
  return (c: Cpu, o: Op): void => {
    begin(c, N);
    c.setNZCV((condHolds(c, o.imm2) ? compare(c, o, N, false, signal) : o.imm3) << 28);
  };
}

/** By op (bit 4). */
export const FCCMP_OPS: { name: string; h: Record<FPWidth, Handler> }[] = [
  { name: 'FCCMP', h: byWidth((N) => fccmpHandler(N, false)) },
  { name: 'FCCMPE', h: byWidth((N) => fccmpHandler(N, true)) },
];

// ---- conditional select: C7.2 FCSEL (a register copy, no FP exceptions)

function fcselHandler(N: FPWidth): Handler {
  return (c: Cpu, o: Op): void => {
    begin(c, N);
    const src = condHolds(c, o.imm2) ? o.rn : o.rm;
    const v = c.vreg, s = 4 * src, d = 4 * o.rd;
    const w0 = N === 16 ? v[s] & 0xffff : v[s], w1 = N === 64 ? v[s + 1] : 0;
    v[d] = w0;
    v[d + 1] = w1;
    v[d + 2] = 0;
    v[d + 3] = 0;
  };
}
export const FCSEL_H: Record<FPWidth, Handler> = byWidth(fcselHandler);

// ---- data-processing (1 source): FABS, FNEG, FSQRT, FRINT* (FCVT, BFCVT: fp-scalar-cvt.ts)

const frint = (mode: fp.FPRounding | -1, exact: boolean): Un => (a, N, fpcr, st) =>
  fp.FPRoundInt(a as never, N, fpcr, mode === -1 ? fp.FPRoundingMode(fpcr) : mode, exact, st);
const frintN = (intsize: 32 | 64, useFpcr: boolean): Un => (a, N, fpcr, st) =>
  fp.FPRoundIntN(a as never, N as 32 | 64, fpcr, useFpcr ? fp.FPRoundingMode(fpcr) : fp.FPRounding.ZERO, intsize, st);

/** By opcode (bits 20:15) of the 1-source group; undefined entries are other rooms' or unallocated. */
export const DP1_OPS: ({ name: string; h: Record<FPWidth, Handler>; feature?: 'frintts' } | undefined)[] = [];
DP1_OPS[1] = { name: 'FABS', h: byWidth((N) => unaryHandler(N, (a, n) => fp.FPAbs(a as never, n))) };
DP1_OPS[2] = { name: 'FNEG', h: byWidth((N) => unaryHandler(N, (a, n) => fp.FPNeg(a as never, n))) };
DP1_OPS[3] = { name: 'FSQRT', h: byWidth((N) => unaryHandler(N, fp.FPSqrt as Un, fastSqrtD, fastSqrtF)) };
const FRINTS: [number, string, fp.FPRounding | -1, boolean][] = [
  [8, 'FRINTN', fp.FPRounding.TIEEVEN, false], [9, 'FRINTP', fp.FPRounding.POSINF, false], [10, 'FRINTM', fp.FPRounding.NEGINF, false],
  [11, 'FRINTZ', fp.FPRounding.ZERO, false], [12, 'FRINTA', fp.FPRounding.TIEAWAY, false], [14, 'FRINTX', -1, true], [15, 'FRINTI', -1, false],
];
for (const [opc, name, mode, exact] of FRINTS) DP1_OPS[opc] = { name, h: byWidth((N) => unaryHandler(N, frint(mode, exact))) };
// FEAT_FRINTTS, single and double only (C7.2 FRINT32Z etc.).
DP1_OPS[16] = { name: 'FRINT32Z', h: byWidth((N) => unaryHandler(N, frintN(32, false))), feature: 'frintts' };
DP1_OPS[17] = { name: 'FRINT32X', h: byWidth((N) => unaryHandler(N, frintN(32, true))), feature: 'frintts' };
DP1_OPS[18] = { name: 'FRINT64Z', h: byWidth((N) => unaryHandler(N, frintN(64, false))), feature: 'frintts' };
DP1_OPS[19] = { name: 'FRINT64X', h: byWidth((N) => unaryHandler(N, frintN(64, true))), feature: 'frintts' };

export { WIDTHS };
