// Advanced SIMD three same (FP opcodes 11xxx), three same FP16, and their scalar groups
// (Arm ARM C4.1.96; C7.2 FADD (vector) ... FMINP (vector), FABD, FACGE, FCMEQ (register) etc.),
// plus FMLAL/FMLSL (vector, FEAT_FHM), which sit in the three same opcode space.

import * as fp from '../fp/index.ts';
import { FPMulAddH } from '../fp/mul-add-h.ts';
import type { FPWidth } from '../fp/index.ts';
import { bits, def } from './common.ts';
import {
  enter, fpcr, Gate, lane, laneOp, leave, ones, res, shape, writeResult, zeroOf, type F2, type Handler, type Lane, type Row,
} from './simd-fp-lanes.ts';
import { getElem } from './vreg.ts';

type Cmp = (a: Lane, b: Lane, N: FPWidth, fpcr: number, st: fp.FPState) => boolean;
const core2 = (f: unknown): F2 => f as F2;
const mask = (f: unknown): F2 => {
  const g = f as Cmp;
  return (a, b, N, cr, st) => (g(a, b, N, cr, st) ? ones(N) : zeroOf(N));
};
const abs = (v: Lane, N: FPWidth): Lane => fp.FPAbs(v as never, N);
// FACGE/FACGT: the comparison of the absolute values (C7.2 FACGE).
const absMask = (f: unknown): F2 => {
  const g = f as Cmp;
  return (a, b, N, cr, st) => (g(abs(a, N), abs(b, N), N, cr, st) ? ones(N) : zeroOf(N));
};
// FABD: FPAbs(FPSub(element1, element2)).
const fabd: F2 = (a, b, N, cr, st) => abs(fp.FPSub(a as never, b as never, N, cr, st), N);

// ---- handlers ----------------------------------------------------------------------------

/** Elementwise: Elem[result, e] = f(Elem[V[n], e], Elem[V[m], e]). */
function elementwise(f: F2): Handler {
  return (c, o) => {
    const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
    for (let i = 0; i < o.imm3; i++) res[i] = f(lane(c, o.rn, N, i), lane(c, o.rm, N, i), N, cr, st);
    writeResult(c, o.rd, N, o.imm3, o.imm4);
    leave(c, st);
  };
}

/** Pairwise on concat = V[m]:V[n]: result e = f(concat[2e], concat[2e+1]); o.imm = lanes of V[n]. */
function pairwise(f: F2): Handler {
  return (c, o) => {
    const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth, h = o.imm;
    const cat = (j: number): Lane => (j < h ? lane(c, o.rn, N, j) : lane(c, o.rm, N, j - h));
    for (let i = 0; i < o.imm3; i++) res[i] = f(cat(2 * i), cat(2 * i + 1), N, cr, st);
    writeResult(c, o.rd, N, o.imm3, o.imm4);
    leave(c, st);
  };
}

/** FMLA/FMLS (vector): FPMulAdd(Elem[V[d], e], element1 (negated by FMLS, NaNs too), element2). */
function fused(negate: boolean): Handler {
  return (c, o) => {
    const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
    for (let i = 0; i < o.imm3; i++) {
      let a = lane(c, o.rn, N, i);
      if (negate) a = fp.FPNeg(a as never, N);
      res[i] = fp.FPMulAdd(lane(c, o.rd, N, i) as never, a as never, lane(c, o.rm, N, i) as never, N, cr, st);
    }
    writeResult(c, o.rd, N, o.imm3, o.imm4);
    leave(c, st);
  };
}

// ---- the opcode table: index U:a:opcode<2:0> ----------------------------------------------

interface Three { name: string; h: Handler; scalar?: boolean }
const E = (name: string, f: F2, scalar = false): Three => ({ name, h: elementwise(f), scalar });
const P = (name: string, f: F2): Three => ({ name, h: pairwise(f) });

const THREE: (Three | undefined)[] = [
  // U = 0, a = 0
  E('FMAXNM', core2(fp.FPMaxNum)), { name: 'FMLA', h: fused(false) }, E('FADD', core2(fp.FPAdd)), E('FMULX', core2(fp.FPMulX), true),
  E('FCMEQ', mask(fp.FPCompareEQ), true), undefined, E('FMAX', core2(fp.FPMax)), E('FRECPS', core2(fp.FPRecipStepFused), true),
  // U = 0, a = 1
  E('FMINNM', core2(fp.FPMinNum)), { name: 'FMLS', h: fused(true) }, E('FSUB', core2(fp.FPSub)), undefined,
  undefined, undefined, E('FMIN', core2(fp.FPMin)), E('FRSQRTS', core2(fp.FPRSqrtStepFused), true),
  // U = 1, a = 0
  P('FMAXNMP', core2(fp.FPMaxNum)), undefined, P('FADDP', core2(fp.FPAdd)), E('FMUL', core2(fp.FPMul)),
  E('FCMGE', mask(fp.FPCompareGE), true), E('FACGE', absMask(fp.FPCompareGE), true), P('FMAXP', core2(fp.FPMax)), E('FDIV', core2(fp.FPDiv)),
  // U = 1, a = 1
  P('FMINNMP', core2(fp.FPMinNum)), undefined, E('FABD', fabd, true), undefined,
  E('FCMGT', mask(fp.FPCompareGT), true), E('FACGT', absMask(fp.FPCompareGT), true), P('FMINP', core2(fp.FPMin)), undefined,
];

const index = (w: number): number => (bits(w, 29, 29) << 4) | (bits(w, 23, 23) << 3) | bits(w, 13, 11);

function vector(w: number, N: number, g: Gate): ReturnType<Row['build']> {
  const t = THREE[index(w)];
  if (!t) return undefined;
  const s = shape(bits(w, 30, 30), N);
  if (!s) return undefined;
  return laneOp(t.h, `${t.name} (vector)`, w, N, s[0], s[1], g, { imm: s[0] });
}

function scalar(w: number, N: number, g: Gate): ReturnType<Row['build']> {
  const t = THREE[index(w)];
  if (!t || !t.scalar) return undefined;
  return laneOp(t.h, `${t.name} (scalar)`, w, N, 1, N, g);
}

// ---- FMLAL, FMLSL, FMLAL2, FMLSL2 (vector), FEAT_FHM --------------------------------------

/** o.imm = part (0: low halves of the sources, 1: FMLAL2's high halves), o.ra = 1 for FMLSL. */
function fmlal(c: Parameters<Handler>[0], o: Parameters<Handler>[1]): void {
  const st = enter(c, o), cr = fpcr(c), n = o.imm3;
  for (let e = 0; e < n; e++) {
    let a = getElem(c, o.rn, 16, o.imm * n + e);
    if (o.ra) a ^= 0x8000; // FPNeg
    res[e] = FPMulAddH(getElem(c, o.rd, 32, e), a, getElem(c, o.rm, 16, o.imm * n + e), cr, st);
  }
  writeResult(c, o.rd, 32, n, o.imm4);
  leave(c, st);
}

function fmlalRow(w: number, part: number): ReturnType<Row['build']> {
  if (bits(w, 22, 22)) return undefined; // sz = 1
  const sub = bits(w, 23, 23), q = bits(w, 30, 30);
  const name = `${sub ? 'FMLSL' : 'FMLAL'}${part ? '2' : ''} (vector)`;
  return laneOp(fmlal, name, w, 32, q ? 4 : 2, q ? 128 : 64, Gate.FHM, { imm: part, ra: sub });
}

export const simdFpThreeEntries: Row[] = [
  def('FMLAL/FMLSL (vector)', 'fp16', '0x001110xx1xxxxx111011xxxxxxxxxx', (w) => fmlalRow(w, 0)),
  def('FMLAL2/FMLSL2 (vector)', 'fp16', '0x101110xx1xxxxx110011xxxxxxxxxx', (w) => fmlalRow(w, 1)),
  def('Advanced SIMD three same (FP)', 'simd-fp', '0xx01110xx1xxxxx11xxx1xxxxxxxxxx', (w) =>
    vector(w, bits(w, 22, 22) ? 64 : 32, Gate.None)),
  def('Advanced SIMD three same FP16', 'fp16', '0xx01110x10xxxxx00xxx1xxxxxxxxxx', (w) => vector(w, 16, Gate.FP16)),
  def('Advanced SIMD scalar three same (FP)', 'simd-fp', '01x11110xx1xxxxx11xxx1xxxxxxxxxx', (w) =>
    scalar(w, bits(w, 22, 22) ? 64 : 32, Gate.None)),
  def('Advanced SIMD scalar three same FP16', 'fp16', '01x11110x10xxxxx00xxx1xxxxxxxxxx', (w) => scalar(w, 16, Gate.FP16)),
];
