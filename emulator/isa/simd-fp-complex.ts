// Complex arithmetic (FEAT_FCMA: FCMLA vector and by element, FCADD) and BFloat16
// (FEAT_BF16: BFDOT vector and by element, BFMMLA, BFMLALB/BFMLALT vector and by element)
// of the Advanced SIMD three-register extension and vector x indexed element groups (Arm ARM
// C4.1.96; C7.2 FCMLA, FCMLA (by element), FCADD, BFDOT, BFDOT (by element), BFMMLA, BFMLALB,
// BFMLALT (and by element)).

import * as fp from '../fp/index.ts';
import { BFDotAdd, BFMulAddH } from '../fp/bf16.ts';
import type { FPWidth } from '../fp/index.ts';
import type { Cpu, Op } from '../cpu.ts';
import { bits, def } from './common.ts';
import { enter, fpcr, Gate, lane, laneOp, leave, res, writeResult, type Lane, type Row } from './simd-fp-lanes.ts';
import { getElem } from './vreg.ts';

const neg = (v: Lane, N: FPWidth): Lane => fp.FPNeg(v as never, N);
const mulAdd = (a: Lane, b: Lane, c: Lane, N: FPWidth, cr: number, st: fp.FPState): Lane =>
  fp.FPMulAdd(a as never, b as never, c as never, N, cr, st);

// FCMLA: o.imm = rot, o.ra = index of the Vm pair (by element) or -1 (pair e of Vm).
// Per pair e: result[2e] = FPMulAdd(d[2e], element2, element1),
//             result[2e+1] = FPMulAdd(d[2e+1], element4, element3), with (C7.2 FCMLA)
//   rot 0: element1 = m.re,  element3 = m.im,  element2 = element4 = n.re
//   rot 1: element1 = -m.im, element3 = m.re,  element2 = element4 = n.im
//   rot 2: element1 = -m.re, element3 = -m.im, element2 = element4 = n.re
//   rot 3: element1 = m.im,  element3 = -m.re, element2 = element4 = n.im
function fcmla(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth, rot = o.imm;
  for (let e = 0; 2 * e < o.imm3; e++) {
    const p = o.ra < 0 ? e : o.ra;
    const re = lane(c, o.rm, N, 2 * p), im = lane(c, o.rm, N, 2 * p + 1);
    const x = lane(c, o.rn, N, 2 * e + (rot & 1));
    const e1 = rot === 0 ? re : rot === 1 ? neg(im, N) : rot === 2 ? neg(re, N) : im;
    const e3 = rot === 0 ? im : rot === 1 ? re : rot === 2 ? neg(im, N) : neg(re, N);
    res[2 * e] = mulAdd(lane(c, o.rd, N, 2 * e), x, e1, N, cr, st);
    res[2 * e + 1] = mulAdd(lane(c, o.rd, N, 2 * e + 1), x, e3, N, cr, st);
  }
  writeResult(c, o.rd, N, o.imm3, o.imm4);
  leave(c, st);
}

// FCADD: o.imm = rot (0: #90, 1: #270). result[2e] = n[2e] + element1, result[2e+1] = n[2e+1] + element3,
//   #90: element1 = -m.im, element3 = m.re;  #270: element1 = m.im, element3 = -m.re.
function fcadd(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
  for (let e = 0; 2 * e < o.imm3; e++) {
    const re = lane(c, o.rm, N, 2 * e), im = lane(c, o.rm, N, 2 * e + 1);
    const e1 = o.imm ? im : neg(im, N), e3 = o.imm ? neg(re, N) : re;
    res[2 * e] = fp.FPAdd(lane(c, o.rn, N, 2 * e) as never, e1 as never, N, cr, st);
    res[2 * e + 1] = fp.FPAdd(lane(c, o.rn, N, 2 * e + 1) as never, e3 as never, N, cr, st);
  }
  writeResult(c, o.rd, N, o.imm3, o.imm4);
  leave(c, st);
}

/** H = size 01, S = 10, D = 11 (Q = 1 only); size 00 is unallocated. */
function complexShape(w: number): [number, number, number, Gate] | undefined {
  const size = bits(w, 23, 22), q = bits(w, 30, 30);
  if (size === 0 || (size === 3 && !q)) return undefined;
  const N = 8 << size, ds = q ? 128 : 64;
  return [N, ds / N, ds, N === 16 ? Gate.FCMA16 : Gate.FCMA];
}

function fcmlaRow(w: number): ReturnType<Row['build']> {
  const s = complexShape(w);
  if (!s) return undefined;
  return laneOp(fcmla, 'FCMLA', w, s[0], s[1], s[2], s[3], { imm: bits(w, 12, 11), ra: -1 });
}

function fcaddRow(w: number): ReturnType<Row['build']> {
  const s = complexShape(w);
  if (!s) return undefined;
  return laneOp(fcadd, 'FCADD', w, s[0], s[1], s[2], s[3], { imm: bits(w, 12, 12) });
}

// FCMLA (by element): H: index = H:L (H = 1 needs Q = 1); S: index = H, L = 0, Q = 1. Rm = M:Rm.
function fcmlaElemRow(w: number): ReturnType<Row['build']> {
  const size = bits(w, 23, 22), q = bits(w, 30, 30), h = bits(w, 11, 11), l = bits(w, 21, 21);
  let N: number, index: number;
  if (size === 1) {
    if (h && !q) return undefined;
    N = 16; index = (h << 1) | l;
  } else if (size === 2) {
    if (l || !q) return undefined;
    N = 32; index = h;
  } else return undefined;
  const ds = q ? 128 : 64;
  return laneOp(fcmla, 'FCMLA (by element)', w, N, ds / N, ds, N === 16 ? Gate.FCMA16 : Gate.FCMA, { imm: bits(w, 14, 13), ra: index });
}

// ---- BFloat16 ------------------------------------------------------------------------------

// BFDOT: o.ra = pair index of Vm (by element) or -1. result[e] = BFDotAdd(d[e], n pair e, m pair).
function bfdot(c: Cpu, o: Op): void {
  const st = enter(c, o);
  for (let e = 0; e < o.imm3; e++) {
    res[e] = BFDotAdd(getElem(c, o.rd, 32, e), getElem(c, o.rn, 32, e), getElem(c, o.rm, 32, o.ra < 0 ? e : o.ra));
  }
  writeResult(c, o.rd, 32, o.imm3, o.imm4);
  leave(c, st);
}

// BFMMLA: the 2x4 matrix in V[n] times the transpose of the 2x4 matrix in V[m], added to the 2x2
// matrix in V[d]: result[2i+j] = BFDotAdd(BFDotAdd(d[2i+j], n[2i], m[2j]), n[2i+1], m[2j+1]).
function bfmmla(c: Cpu, o: Op): void {
  const st = enter(c, o);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      let sum = getElem(c, o.rd, 32, 2 * i + j);
      for (let k = 0; k < 2; k++) sum = BFDotAdd(sum, getElem(c, o.rn, 32, 2 * i + k), getElem(c, o.rm, 32, 2 * j + k));
      res[2 * i + j] = sum;
    }
  }
  writeResult(c, o.rd, 32, 4, 128);
  leave(c, st);
}

// BFMLALB/BFMLALT: o.imm = sel (Q: 0 bottom, 1 top), o.ra = Vm index (by element) or -1.
// result[e] = BFMulAddH(d[e], n[2e + sel], m[2e + sel] or m[index]).
function bfmlal(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c);
  for (let e = 0; e < 4; e++) {
    const b = getElem(c, o.rm, 16, o.ra < 0 ? 2 * e + o.imm : o.ra);
    res[e] = BFMulAddH(getElem(c, o.rd, 32, e), getElem(c, o.rn, 16, 2 * e + o.imm), b, cr, st);
  }
  writeResult(c, o.rd, 32, 4, 128);
  leave(c, st);
}

const bfShape = (w: number): [number, number] => (bits(w, 30, 30) ? [4, 128] : [2, 64]);

export const simdFpComplexEntries: Row[] = [
  def('FCMLA (half)', 'fp16', '0x101110010xxxxx110xx1xxxxxxxxxx', fcmlaRow),
  def('FCADD (half)', 'fp16', '0x101110010xxxxx111x01xxxxxxxxxx', fcaddRow),
  def('FCMLA', 'simd-fp', '0x101110xx0xxxxx110xx1xxxxxxxxxx', fcmlaRow),
  def('FCADD', 'simd-fp', '0x101110xx0xxxxx111x01xxxxxxxxxx', fcaddRow),
  def('FCMLA (by element, half)', 'fp16', '0x10111101xxxxxx0xx1x0xxxxxxxxxx', fcmlaElemRow),
  def('FCMLA (by element)', 'simd-fp', '0x101111xxxxxxxx0xx1x0xxxxxxxxxx', fcmlaElemRow),
  def('BFDOT (vector)', 'simd-fp', '0x101110010xxxxx111111xxxxxxxxxx', (w) => {
    const [n, ds] = bfShape(w);
    return laneOp(bfdot, 'BFDOT (vector)', w, 32, n, ds, Gate.BF16, { ra: -1 });
  }),
  def('BFMMLA', 'simd-fp', '0x101110010xxxxx111011xxxxxxxxxx', (w) =>
    (bits(w, 30, 30) ? laneOp(bfmmla, 'BFMMLA', w, 32, 4, 128, Gate.BF16) : undefined)),
  def('BFMLALB/BFMLALT (vector)', 'simd-fp', '0x101110110xxxxx111111xxxxxxxxxx', (w) =>
    laneOp(bfmlal, `BFMLAL${bits(w, 30, 30) ? 'T' : 'B'} (vector)`, w, 32, 4, 128, Gate.BF16, { imm: bits(w, 30, 30), ra: -1 })),
  def('BFDOT (by element)', 'simd-fp', '0x00111101xxxxxx1111x0xxxxxxxxxx', (w) => {
    const [n, ds] = bfShape(w);
    return laneOp(bfdot, 'BFDOT (by element)', w, 32, n, ds, Gate.BF16, { ra: (bits(w, 11, 11) << 1) | bits(w, 21, 21), rm: bits(w, 20, 16) });
  }),
  def('BFMLALB/BFMLALT (by element)', 'simd-fp', '0x00111111xxxxxx1111x0xxxxxxxxxx', (w) =>
    laneOp(bfmlal, `BFMLAL${bits(w, 30, 30) ? 'T' : 'B'} (by element)`, w, 32, 4, 128, Gate.BF16, {
      imm: bits(w, 30, 30), ra: (bits(w, 11, 11) << 2) | (bits(w, 21, 21) << 1) | bits(w, 20, 20), rm: bits(w, 19, 16),
    })),
];
