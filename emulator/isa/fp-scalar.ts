// Scalar floating-point data processing (Arm ARM C4.1.96 'Data Processing -- Scalar Floating-
// Point and Advanced SIMD', the scalar FP groups, op0 = x0x1 111x): FP data-processing 1/2/3
// source, compare, conditional compare and select, FP<->integer and FP<->fixed-point
// conversions. simd.ts's FMOV rows (general, register, immediate) come first and win; every
// other encoding of these groups is decoded here, the unallocated ones as UNDEFINED.
// Handlers: fp-scalar-dp.ts (arithmetic, compare, select) and fp-scalar-cvt.ts (conversions).
// Half-precision forms need FEAT_FP16 and check it when executed (the decode cache is shared
// between CPU profiles), as the FEAT_FRINTTS, FEAT_BF16 and FEAT_JSCVT instructions check theirs.

import type { Handler, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { FPRounding, type FPWidth } from '../fp/index.ts';
import { bits, def, op, rz, wz, type InsnDef } from './common.ts';
import { bfcvt, fcvtHandler, fjcvtzs, fpToInt, intToFp } from './fp-scalar-cvt.ts';
import { DP1_OPS, DP2_OPS, DP3_OPS, FCCMP_OPS, FCMP_OPS, FCSEL_H } from './fp-scalar-dp.ts';
import { widthOfFtype } from './fp-scalar-regs.ts';

const CLS = 'fp-scalar';
const SUFFIX: Record<FPWidth, string> = { 16: 'H', 32: 'S', 64: 'D' };
const rd = (w: number): number => bits(w, 4, 0), rn = (w: number): number => bits(w, 9, 5), rm = (w: number): number => bits(w, 20, 16);
/** M (bit 31) and S (bit 29) are 0 in every allocated arithmetic encoding. */
const mOrS = (w: number): boolean => bits(w, 31, 31) !== 0 || bits(w, 29, 29) !== 0;
const ftypeOf = (w: number): FPWidth | undefined => widthOfFtype(bits(w, 23, 22));

/** FEAT_FRINTTS rows check the feature before anything else (UNDEFINED comes before the FP trap). */
const needsFrintts = (h: Handler): Handler => (c, o) => {
  if (!c.features.frintts) undefinedInstruction(c);
  h(c, o);
};

function dp1(w: number): Op | undefined {
  const N = ftypeOf(w), opcode = bits(w, 20, 15);
  if (mOrS(w) || N === undefined) return undefined;
  const regs = { rd: rd(w), rn: rn(w) };
  if (opcode === 4 || opcode === 5 || opcode === 7) {
    const M: FPWidth = opcode === 4 ? 32 : opcode === 5 ? 64 : 16;
    if (M === N) return undefined;
    return op(fcvtHandler(N, M), `FCVT (${SUFFIX[M]}<-${SUFFIX[N]})`, w, regs);
  }
  if (opcode === 6) return N === 64 ? op(bfcvt, 'BFCVT', w, regs) : undefined; // ftype 01 only
  const e = DP1_OPS[opcode];
  if (!e) return undefined;
  if (e.feature === 'frintts') {
    if (N === 16) return undefined;
    return op(needsFrintts(e.h[N]), `${e.name} (${SUFFIX[N]})`, w, regs);
  }
  return op(e.h[N], `${e.name} (${SUFFIX[N]})`, w, regs);
}

function dp2(w: number): Op | undefined {
  const N = ftypeOf(w), e = DP2_OPS[bits(w, 15, 12)];
  if (mOrS(w) || N === undefined || !e) return undefined;
  return op(e.h[N], `${e.name} (${SUFFIX[N]})`, w, { rd: rd(w), rn: rn(w), rm: rm(w) });
}

function dp3(w: number): Op | undefined {
  const N = ftypeOf(w);
  if (mOrS(w) || N === undefined) return undefined;
  const e = DP3_OPS[(bits(w, 21, 21) << 1) | bits(w, 15, 15)];
  return op(e.h[N], `${e.name} (${SUFFIX[N]})`, w, { rd: rd(w), rn: rn(w), rm: rm(w), ra: bits(w, 14, 10) });
}

function compare(w: number): Op | undefined {
  const N = ftypeOf(w), opc2 = bits(w, 4, 0);
  if (mOrS(w) || N === undefined || bits(w, 15, 14) !== 0 || (opc2 & 7) !== 0) return undefined;
  // opcode2<3> = compare with +0.0 (Rm is then ignored), opcode2<4> = signalling (FCMPE).
  const e = FCMP_OPS[((opc2 >> 4) << 1) | ((opc2 >> 3) & 1)];
  return op(e.h[N], `${e.name} (${SUFFIX[N]})`, w, { rn: rn(w), rm: rm(w) });
}

function condCompare(w: number): Op | undefined {
  const N = ftypeOf(w);
  if (mOrS(w) || N === undefined) return undefined;
  const e = FCCMP_OPS[bits(w, 4, 4)];
  return op(e.h[N], `${e.name} (${SUFFIX[N]})`, w, { rn: rn(w), rm: rm(w), imm2: bits(w, 15, 12), imm3: bits(w, 3, 0) });
}

function condSelect(w: number): Op | undefined {
  const N = ftypeOf(w);
  if (mOrS(w) || N === undefined) return undefined;
  return op(FCSEL_H[N], `FCSEL (${SUFFIX[N]})`, w, { rd: rd(w), rn: rn(w), rm: rm(w), imm2: bits(w, 15, 12) });
}

/** FCVT<r><S|U> rounding by rmode (C7.2: FPDecodeRounding). */
const RMODE_ROUNDING = [FPRounding.TIEEVEN, FPRounding.POSINF, FPRounding.NEGINF, FPRounding.ZERO];
const CVT_NAMES = ['FCVTN', 'FCVTP', 'FCVTM', 'FCVTZ'];

/** FP -> Wd/Xd or Wn/Xn -> FP with `fbits` (0 for the integer forms). */
function conversion(w: number, toInt: boolean, unsigned: boolean, rounding: FPRounding, fbits: number, name: string): Op | undefined {
  const N = ftypeOf(w);
  if (N === undefined) return undefined;
  const sf = bits(w, 31, 31);
  const f: Partial<Op> = { imm: fbits, imm2: rounding, imm3: unsigned ? 1 : 0, imm4: N, sf };
  const reg = `${sf ? 'X' : 'W'}`;
  return toInt
    ? op(fpToInt, `${name} (${reg}<-${SUFFIX[N]})`, w, { ...f, rd: wz(rd(w)), rn: rn(w) })
    : op(intToFp, `${name} (${SUFFIX[N]}<-${reg})`, w, { ...f, rd: rd(w), rn: rz(rn(w)) });
}

function intConversion(w: number): Op | undefined {
  if (bits(w, 29, 29) !== 0) return undefined;
  const rmode = bits(w, 20, 19), opcode = bits(w, 18, 16);
  if (opcode <= 1) return conversion(w, true, opcode === 1, RMODE_ROUNDING[rmode], 0, `${CVT_NAMES[rmode]}${opcode ? 'U' : 'S'}`);
  if (rmode !== 0 && opcode < 6) return undefined;
  if (opcode === 2 || opcode === 3) return conversion(w, false, opcode === 3, FPRounding.TIEEVEN, 0, opcode === 3 ? 'UCVTF' : 'SCVTF');
  if (opcode === 4 || opcode === 5) return conversion(w, true, opcode === 5, FPRounding.TIEAWAY, 0, opcode === 5 ? 'FCVTAU' : 'FCVTAS');
  // opcode 110 with sf = 0, ftype = 01, rmode = 11: FJCVTZS Wd, Dn; the rest of 11x is FMOV (simd.ts) or unallocated.
  if (opcode === 6 && bits(w, 31, 31) === 0 && bits(w, 23, 22) === 1 && rmode === 3) {
    return op(fjcvtzs, 'FJCVTZS', w, { rd: wz(rd(w)), rn: rn(w) });
  }
  return undefined;
}

function fixedConversion(w: number): Op | undefined {
  const sf = bits(w, 31, 31), scale = bits(w, 15, 10);
  if (bits(w, 29, 29) !== 0 || (sf === 0 && scale < 32)) return undefined;
  const fbits = 64 - scale;
  switch (bits(w, 20, 16)) { // rmode:opcode
    case 0b00010: return conversion(w, false, false, FPRounding.TIEEVEN, fbits, 'SCVTF');
    case 0b00011: return conversion(w, false, true, FPRounding.TIEEVEN, fbits, 'UCVTF');
    case 0b11000: return conversion(w, true, false, FPRounding.ZERO, fbits, 'FCVTZS');
    case 0b11001: return conversion(w, true, true, FPRounding.ZERO, fbits, 'FCVTZU');
    default: return undefined;
  }
}

export const fpScalarEntries: InsnDef[] = [
  def('Conversion between FP and fixed-point', CLS, 'x0x11110xx0xxxxxxxxxxxxxxxxxxxxx', fixedConversion),
  def('FP data-processing (3 source)', CLS, 'x0x11111xxxxxxxxxxxxxxxxxxxxxxxx', dp3),
  def('FP conditional compare', CLS, 'x0x11110xx1xxxxxxxxx01xxxxxxxxxx', condCompare),
  def('FP data-processing (2 source)', CLS, 'x0x11110xx1xxxxxxxxx10xxxxxxxxxx', dp2),
  def('FP conditional select', CLS, 'x0x11110xx1xxxxxxxxx11xxxxxxxxxx', condSelect),
  // FMOV (scalar, immediate) is simd.ts's; what reaches this row is unallocated.
  def('FP immediate (unallocated)', CLS, 'x0x11110xx1xxxxxxxx100xxxxxxxxxx', () => undefined),
  def('FP compare', CLS, 'x0x11110xx1xxxxxxx1000xxxxxxxxxx', compare),
  def('FP data-processing (1 source)', CLS, 'x0x11110xx1xxxxxx10000xxxxxxxxxx', dp1),
  def('Conversion between FP and integer', CLS, 'x0x11110xx1xxxxx000000xxxxxxxxxx', intConversion),
  def('FP (unallocated)', CLS, 'x0x11110xx1xxxxx100000xxxxxxxxxx', () => undefined),
];
