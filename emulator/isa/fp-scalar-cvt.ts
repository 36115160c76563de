// Handlers of the scalar FP conversions (Arm ARM C7.2): FCVT between half, single and double,
// BFCVT, FP to integer or fixed-point in a general register (FCVT{N,P,M,Z,A}{S,U}, FCVTZS/
// FCVTZU #fbits), integer or fixed-point to FP (SCVTF, UCVTF) and FJCVTZS.
// Op fields: rd, rn = V register numbers or doubled X slots (wz/rz); imm = fbits;
// imm2 = FPRounding; imm3 = 1 unsigned; imm4 = FP width N; sf = 1 for a 64-bit integer.

import type { Cpu, Handler, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import * as fp from '../fp/index.ts';
import type { FPWidth } from '../fp/index.ts';
import { fastFixedToFP, fastFPToFixed, fastMode, fastNarrowD, fastWidenF } from '../fp/fast.ts';
import { fpAccessCheck } from './fp-access.ts';
import { checkFP16 } from './fp-scalar-dp.ts';
import { clearAboveD, clearAboveS, f32View, f64View, readD, readFP, readS, VIEWS_OK, writeFP, writeH } from './fp-scalar-regs.ts';
import { fpcrOf, fpStateBegin, fpStateEnd } from './vreg.ts';

const TWO32 = 2 ** 32;

// ---- FCVT (C7.2 FCVT): FPConvert from width N to M with FPCR's rounding. Half precision on
// either side is base Armv8.0 (no FEAT_FP16 needed).

export function fcvtHandler(N: FPWidth, M: FPWidth): Handler {
  return (c: Cpu, o: Op): void => {
    fpAccessCheck(c);
    const fpcr = fpcrOf(c), st = fpStateBegin();
    if (VIEWS_OK && N === 32 && M === 64) {
      const r = fastWidenF(f32View(c)[4 * o.rn]);
      if (r === r) {
        f64View(c)[2 * o.rd] = r;
        clearAboveD(c, o.rd);
        return;
      }
    } else if (VIEWS_OK && N === 64 && M === 32 && fastMode(fpcr)) {
      const r = fastNarrowD(f64View(c)[2 * o.rn], st);
      if (r === r) {
        f32View(c)[4 * o.rd] = r;
        clearAboveS(c, o.rd);
        fpStateEnd(c, st);
        return;
      }
    }
    writeFP(c, o.rd, M, fp.FPConvert(readFP(c, o.rn, N) as never, N, M, fpcr, st));
    fpStateEnd(c, st);
  };
}

// ---- BFCVT Hd, Sn (C7.2 BFCVT, FEAT_BF16): FPConvertBF, the 16-bit result zero-extended.
export function bfcvt(c: Cpu, o: Op): void {
  if (!c.features.bf16) undefinedInstruction(c);
  fpAccessCheck(c);
  const st = fpStateBegin();
  writeH(c, o.rd, fp.FPConvertBF(readS(c, o.rn), fpcrOf(c), st));
  fpStateEnd(c, st);
}

// ---- FP to integer / fixed-point (C7.2 FCVTNS ... FCVTZU (scalar, integer / fixed-point)):
// FPToFixed(Vn, fbits, unsigned, FPCR, rounding, intsize) into Wd (zero-extended) or Xd.

/** The range of the fast path (fast.ts fastFPToFixed): within the destination and |t| <= 2^53. */
const LO = [[-(2 ** 31), 0], [-(2 ** 53), 0]], HI = [[2 ** 31 - 1, TWO32 - 1], [2 ** 53, 2 ** 53]];

export function fpToInt(c: Cpu, o: Op): void {
  const N = o.imm4 as FPWidth;
  if (N === 16) checkFP16(c);
  fpAccessCheck(c);
  const fpcr = fpcrOf(c), st = fpStateBegin();
  const x = c.x, d = o.rd;
  if (VIEWS_OK && N !== 16 && o.imm2 !== fp.FPRounding.TIEEVEN && o.imm2 !== fp.FPRounding.TIEAWAY) {
    const v = N === 64 ? f64View(c)[2 * o.rn] : f32View(c)[4 * o.rn];
    const t = fastFPToFixed(v, N === 32, o.imm, o.imm2, LO[o.sf][o.imm3], HI[o.sf][o.imm3], st);
    if (t === t) {
      if (o.sf) {
        const h = Math.floor(t / TWO32);
        x[d] = (t - h * TWO32) | 0;
        x[d + 1] = h | 0;
      } else {
        x[d] = t | 0;
        x[d + 1] = 0;
      }
      fpStateEnd(c, st);
      return;
    }
  }
  const r = fp.FPToFixed(readFP(c, o.rn, N) as never, N, o.imm, o.imm3 === 1, fpcr, o.imm2 as fp.FPRounding, o.sf ? 64 : 32, st);
  x[d] = Number(r & 0xffffffffn) | 0;
  x[d + 1] = o.sf ? Number(r >> 32n) | 0 : 0;
  fpStateEnd(c, st);
}

// ---- integer / fixed-point to FP (C7.2 SCVTF, UCVTF (scalar, integer / fixed-point)):
// FixedToFP(Wn or Xn, fbits, unsigned, FPCR, FPCR's rounding) into Vd.

export function intToFp(c: Cpu, o: Op): void {
  const N = o.imm4 as FPWidth;
  if (N === 16) checkFP16(c);
  fpAccessCheck(c);
  const fpcr = fpcrOf(c), st = fpStateBegin();
  const x = c.x, n = o.rn, unsigned = o.imm3 === 1;
  if (VIEWS_OK && N !== 16) {
    // The integer as an exact double: always for W; for X when |value| < 2^53.
    let i = NaN;
    if (!o.sf) i = unsigned ? x[n] >>> 0 : x[n];
    else {
      const h = unsigned ? x[n + 1] >>> 0 : x[n + 1];
      if (h < 0x200000 && h >= -0x200000) i = h * TWO32 + (x[n] >>> 0);
    }
    if (i === i) {
      const r = fastFixedToFP(i, o.imm, N === 32, fpcr, st);
      if (r === r) {
        if (N === 64) {
          f64View(c)[2 * o.rd] = r;
          clearAboveD(c, o.rd);
        } else {
          f32View(c)[4 * o.rd] = r;
          clearAboveS(c, o.rd);
        }
        fpStateEnd(c, st);
        return;
      }
    }
  }
  const M = o.sf ? 64 : 32;
  const src = o.sf ? (BigInt(x[n + 1] >>> 0) << 32n) | BigInt(x[n] >>> 0) : BigInt(x[n] >>> 0);
  writeFP(c, o.rd, N, fp.FixedToFP(src, M, o.imm, unsigned, N, fpcr, fp.FPRoundingMode(fpcr), st));
  fpStateEnd(c, st);
}

// ---- FJCVTZS Wd, Dn (C7.2 FJCVTZS, FEAT_JSCVT): FPToFixedJS, NZCV = 0:Z:0:0.

export function fjcvtzs(c: Cpu, o: Op): void {
  if (!c.features.jscvt) undefinedInstruction(c);
  fpAccessCheck(c);
  const fpcr = fpcrOf(c), st = fpStateBegin();
  const a = readD(c, o.rn);
  let { result, z } = fp.FPToFixedJS(a, fpcr, st);
  // A positive denormal flushed by FZ: the Arm ARM clears Z (it was not exact), QEMU 7.2 sets it.
  if ((fpcr & fp.FPCR_FZ) !== 0 && a >> 52n === 0n && a !== 0n) {
    if (c.qemuDeviation('fjcvtzs-flushed-denormal-z')) z = true;
  }
  c.x[o.rd] = result | 0;
  c.x[o.rd + 1] = 0;
  c.setNZCV(z ? 0x40000000 : 0);
  fpStateEnd(c, st);
}
