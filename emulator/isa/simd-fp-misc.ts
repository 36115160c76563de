// Advanced SIMD two-register miscellaneous (FP opcodes), two-register miscellaneous FP16,
// and their scalar groups (Arm ARM C4.1.96; C7.2 FRINTN (vector) ... FSQRT (vector), FCVTNS
// (vector) ..., SCVTF (vector, integer), FCMEQ (zero) ..., FABS/FNEG (vector), FRECPE,
// FRSQRTE, FRECPX), across lanes FP (FMAXNMV, FMINNMV, FMAXV, FMINV) and scalar pairwise FP
// (FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP (scalar)). The narrowing and widening conversions of
// the same group (FCVTN, FCVTL, FCVTXN, BFCVTN) are in simd-fp-cvt.ts.

import * as fp from '../fp/index.ts';
import { FPRounding, type FPWidth } from '../fp/index.ts';
import type { Op } from '../cpu.ts';
import { bits, def } from './common.ts';
import { fp16QemuImitation } from './fp-access.ts';
import { simdFpNarrowRows } from './simd-fp-cvt.ts';
import {
  enter, fpcr, Gate, lane, laneOp, leave, ones, res, shape, toBigLane, toLane, writeResult, zeroOf,
  type F1, type F2, type Handler, type Lane, type Row,
} from './simd-fp-lanes.ts';

const rint = (mode: FPRounding | 'fpcr', exact: boolean): F1 => (a, N, cr, st) =>
  fp.FPRoundInt(a as never, N, cr, mode === 'fpcr' ? fp.FPRoundingMode(cr) : mode, exact, st);
// FRINT32Z/32X/64Z/64X (FEAT_FRINTTS): Z rounds toward zero, X with FPCR's mode.
const rintN = (intsize: 32 | 64, x: boolean): F1 => (a, N, cr, st) =>
  fp.FPRoundIntN(a as never, N as 32 | 64, cr, x ? fp.FPRoundingMode(cr) : FPRounding.ZERO, intsize, st);
// FCVT<r>S/U (vector, integer): FPToFixed(element, 0, unsigned, FPCR, rounding, esize).
const toInt = (mode: FPRounding, unsigned: boolean): F1 => (a, N, cr, st) =>
  toLane(fp.FPToFixed(a as never, N, 0, unsigned, cr, mode, N, st), N);
// SCVTF/UCVTF (vector, integer): FixedToFP(element, 0, unsigned, FPCR, FPCR's rounding).
const fromInt = (unsigned: boolean): F1 => (a, N, cr, st) =>
  fp.FixedToFP(toBigLane(a), N, 0, unsigned, N, cr, fp.FPRoundingMode(cr), st) as Lane;
type Cmp = (a: Lane, b: Lane, N: FPWidth, fpcr: number, st: fp.FPState) => boolean;
// FCM<cc> (zero): GT/GE/EQ compare element with +0.0; LT/LE compare +0.0 with the element.
const cmp0 = (f: unknown, swap: boolean): F1 => (a, N, cr, st) =>
  ((f as Cmp)(swap ? zeroOf(N) : a, swap ? a : zeroOf(N), N, cr, st) ? ones(N) : zeroOf(N));
const core1 = (f: unknown): F1 => f as F1;
const plain = (f: (a: never, N: FPWidth) => Lane): F1 => (a, N) => f(a as never, N);

// Forms: V vector S/D, H vector half, S scalar S/D, h scalar half.
interface Misc { name: string; f: F1; forms: string; gate?: Gate }
const M = (name: string, f: F1, forms: string, g?: Gate): Misc => ({ name, f, forms, gate: g });
const ALL = 'VHSh';

/** Index U:a:opcode (a = size<1>). */
const MISC: Record<number, Misc> = {};
const at = (u: number, a: number, opcode: number, m: Misc): void => { MISC[(u << 6) | (a << 5) | opcode] = m; };
// U = 0
at(0, 0, 0x18, M('FRINTN', rint(FPRounding.TIEEVEN, false), 'VH'));
at(0, 0, 0x19, M('FRINTM', rint(FPRounding.NEGINF, false), 'VH'));
at(0, 0, 0x1a, M('FCVTNS', toInt(FPRounding.TIEEVEN, false), ALL));
at(0, 0, 0x1b, M('FCVTMS', toInt(FPRounding.NEGINF, false), ALL));
at(0, 0, 0x1c, M('FCVTAS', toInt(FPRounding.TIEAWAY, false), ALL));
at(0, 0, 0x1d, M('SCVTF', fromInt(false), ALL));
at(0, 0, 0x1e, M('FRINT32Z', rintN(32, false), 'V', Gate.FRINTTS));
at(0, 0, 0x1f, M('FRINT64Z', rintN(64, false), 'V', Gate.FRINTTS));
at(0, 1, 0x0c, M('FCMGT (zero)', cmp0(fp.FPCompareGT, false), ALL));
at(0, 1, 0x0d, M('FCMEQ (zero)', cmp0(fp.FPCompareEQ, false), ALL));
at(0, 1, 0x0e, M('FCMLT (zero)', cmp0(fp.FPCompareGT, true), ALL));
at(0, 1, 0x0f, M('FABS', plain(fp.FPAbs), 'VH'));
at(0, 1, 0x18, M('FRINTP', rint(FPRounding.POSINF, false), 'VH'));
at(0, 1, 0x19, M('FRINTZ', rint(FPRounding.ZERO, false), 'VH'));
at(0, 1, 0x1a, M('FCVTPS', toInt(FPRounding.POSINF, false), ALL));
at(0, 1, 0x1b, M('FCVTZS', toInt(FPRounding.ZERO, false), ALL));
at(0, 1, 0x1d, M('FRECPE', core1(fp.FPRecipEstimate), ALL));
at(0, 1, 0x1f, M('FRECPX', core1(fp.FPRecpX), 'Sh'));
// U = 1
at(1, 0, 0x18, M('FRINTA', rint(FPRounding.TIEAWAY, false), 'VH'));
at(1, 0, 0x19, M('FRINTX', rint('fpcr', true), 'VH'));
at(1, 0, 0x1a, M('FCVTNU', toInt(FPRounding.TIEEVEN, true), ALL));
at(1, 0, 0x1b, M('FCVTMU', toInt(FPRounding.NEGINF, true), ALL));
at(1, 0, 0x1c, M('FCVTAU', toInt(FPRounding.TIEAWAY, true), ALL));
at(1, 0, 0x1d, M('UCVTF', fromInt(true), ALL));
at(1, 0, 0x1e, M('FRINT32X', rintN(32, true), 'V', Gate.FRINTTS));
at(1, 0, 0x1f, M('FRINT64X', rintN(64, true), 'V', Gate.FRINTTS));
at(1, 1, 0x0c, M('FCMGE (zero)', cmp0(fp.FPCompareGE, false), ALL));
at(1, 1, 0x0d, M('FCMLE (zero)', cmp0(fp.FPCompareGE, true), ALL));
at(1, 1, 0x0f, M('FNEG', plain(fp.FPNeg), 'VH'));
at(1, 1, 0x19, M('FRINTI', rint('fpcr', false), 'VH'));
at(1, 1, 0x1a, M('FCVTPU', toInt(FPRounding.POSINF, true), ALL));
at(1, 1, 0x1b, M('FCVTZU', toInt(FPRounding.ZERO, true), ALL));
at(1, 1, 0x1d, M('FRSQRTE', core1(fp.FPRSqrtEstimate), ALL));
at(1, 1, 0x1f, M('FSQRT', core1(fp.FPSqrt), 'VH'));

/** Elementwise unary: Elem[result, e] = f(Elem[V[n], e]). */
const HANDLERS = new Map<F1, Handler>();
function unary(f: F1): Handler {
  let h = HANDLERS.get(f);
  if (!h) {
    h = (c, o) => {
      const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
      for (let i = 0; i < o.imm3; i++) res[i] = f(lane(c, o.rn, N, i), N, cr, st);
      writeResult(c, o.rd, N, o.imm3, o.imm4);
      leave(c, st);
    };
    HANDLERS.set(f, h);
  }
  return h;
}

const key = (w: number): number => (bits(w, 29, 29) << 6) | (bits(w, 23, 23) << 5) | bits(w, 16, 12);

/** form: V/H vector, S/h scalar; N the element size. */
function misc(w: number, form: string, N: number): ReturnType<Row['build']> {
  const m = MISC[key(w)];
  if (!m || !m.forms.includes(form)) return undefined;
  const half = form === 'H' || form === 'h';
  const g = m.gate ?? (half ? Gate.FP16 : Gate.None);
  if (form === 'S' || form === 'h') return laneOp(unary(m.f), `${m.name} (scalar)`, w, N, 1, N, g);
  const s = shape(bits(w, 30, 30), N);
  if (!s) return undefined;
  return laneOp(unary(m.f), `${m.name} (vector)`, w, N, s[0], s[1], g);
}

/** Two-register misc: FP opcodes 011xx, 1011x, 11xxx; URECPE/URSQRTE (11100, size 1x) are integer. */
function fpOpcode(w: number, vector: boolean): boolean {
  const opc = bits(w, 16, 12);
  if (vector && opc === 0x1c && bits(w, 23, 23) === 1) return false;
  return (opc & 0x1c) === 0x0c || (opc & 0x1e) === 0x16 || (opc & 0x18) === 0x18;
}

// ---- across lanes and scalar pairwise -------------------------------------------------------

// Reduce(op, input, esize) (shared/functions/vector/Reduce): the halves reduced recursively,
// op(Reduce(low half), Reduce(high half)).
function reduce(f: F2, c: Parameters<Handler>[0], n: number, N: FPWidth, lo: number, count: number, cr: number, st: fp.FPState): Lane {
  if (count === 1) return lane(c, n, N, lo);
  const h = count >> 1;
  return f(reduce(f, c, n, N, lo, h, cr, st), reduce(f, c, n, N, lo + h, h, cr, st), N, cr, st);
}
const reductions = new Map<F2, Handler>();
function across(f: F2): Handler {
  let h = reductions.get(f);
  if (!h) {
    h = (c, o) => {
      const st = enter(c, o), N = o.imm2 as FPWidth;
      res[0] = reduce(f, c, o.rn, N, 0, o.imm, fpcr(c), st);
      writeResult(c, o.rd, N, 1, N);
      leave(c, st);
    };
    reductions.set(f, h);
  }
  return h;
}
// opcode 01100 / 01111 with a = size<1>: NM max/min and max/min; 01101 a = 0: FADDP (scalar only).
const REDUCE: Record<number, [string, F2]> = {
  0x0c: ['FMAXNM', fp.FPMaxNum as F2], 0x2c: ['FMINNM', fp.FPMinNum as F2],
  0x0f: ['FMAX', fp.FPMax as F2], 0x2f: ['FMIN', fp.FPMin as F2], 0x0d: ['FADD', fp.FPAdd as F2],
};

function acrossRow(w: number, half: boolean): ReturnType<Row['build']> {
  const r = REDUCE[(bits(w, 23, 23) << 5) | bits(w, 16, 12)];
  if (!r || bits(w, 16, 12) === 0x0d) return undefined;
  const q = bits(w, 30, 30);
  if (!half && (bits(w, 22, 22) || !q)) return undefined; // single precision: 4S only
  const N = half ? 16 : 32, count = (q ? 128 : 64) / N;
  const o = laneOp(across(r[1]), `${r[0]}V`, w, N, 1, N, half ? Gate.FP16 : Gate.None, { imm: count });
  if (half && bits(w, 22, 22)) return qemuRunsSzOne(o); // bit 22 is 0 in every half-precision form
  return o;
}

// The half-precision across-lanes and scalar pairwise forms fix bit 22 (sz) at 0: with 1 the
// word is unallocated, hence UNDEFINED. QEMU 7.2 ignores the bit and reduces half-precision
// lanes (fp16-reduce-sz-ignored); the model does too only when told to follow QEMU.
function qemuRunsSzOne(o: Op): Op {
  o.h = fp16QemuImitation('fp16-reduce-sz-ignored', o.h);
  o.name += ' (sz = 1)';
  return o;
}

function pairRow(w: number, half: boolean): ReturnType<Row['build']> {
  const r = REDUCE[(bits(w, 23, 23) << 5) | bits(w, 16, 12)];
  if (!r) return undefined;
  const N = half ? 16 : bits(w, 22, 22) ? 64 : 32;
  const o = laneOp(across(r[1]), `${r[0]}P (scalar)`, w, N, 1, N, half ? Gate.FP16 : Gate.None, { imm: 2 });
  return half && bits(w, 22, 22) ? qemuRunsSzOne(o) : o;
}

export const simdFpMiscEntries: Row[] = [
  ...simdFpNarrowRows,
  def('Advanced SIMD two-register misc (FP)', 'simd-fp', '0xx01110xx10000xxxxx10xxxxxxxxxx', (w) =>
    (fpOpcode(w, true) ? misc(w, 'V', bits(w, 22, 22) ? 64 : 32) : null)),
  def('Advanced SIMD two-register misc FP16', 'fp16', '0xx01110x111100xxxxx10xxxxxxxxxx', (w) => misc(w, 'H', 16)),
  def('Advanced SIMD scalar two-register misc (FP)', 'simd-fp', '01x11110xx10000xxxxx10xxxxxxxxxx', (w) =>
    (fpOpcode(w, false) ? misc(w, 'S', bits(w, 22, 22) ? 64 : 32) : null)),
  def('Advanced SIMD scalar two-register misc FP16', 'fp16', '01x11110x111100xxxxx10xxxxxxxxxx', (w) => misc(w, 'h', 16)),
  def('Advanced SIMD across lanes FP16', 'fp16', '0x001110xx11000011xx10xxxxxxxxxx', (w) => acrossRow(w, true)),
  def('Advanced SIMD across lanes (FP)', 'simd-fp', '0x101110xx11000011xx10xxxxxxxxxx', (w) => acrossRow(w, false)),
  def('Advanced SIMD scalar pairwise FP16', 'fp16', '01011110xx11000011xx10xxxxxxxxxx', (w) => pairRow(w, true)),
  def('Advanced SIMD scalar pairwise (FP)', 'simd-fp', '01111110xx11000011xx10xxxxxxxxxx', (w) => pairRow(w, false)),
];
