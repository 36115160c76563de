// Advanced SIMD vector x indexed element and scalar x indexed element, FP opcodes: FMLA,
// FMLS, FMUL, FMULX (by element) in H/S/D, and FMLAL/FMLSL/FMLAL2/FMLSL2 (by element,
// FEAT_FHM) (Arm ARM C4.1.96; C7.2 FMLA (by element) etc.). FCMLA and the BFloat16 forms of
// the group are in simd-fp-complex.ts.

import * as fp from '../fp/index.ts';
import { FPMulAddH } from '../fp/mul-add-h.ts';
import type { FPWidth } from '../fp/index.ts';
import type { Cpu, Op } from '../cpu.ts';
import { bits, def } from './common.ts';
import { enter, fpcr, Gate, lane, laneOp, leave, res, writeResult, type F2, type Handler, type Row } from './simd-fp-lanes.ts';
import { getElem } from './vreg.ts';

// o.imm = index; element2 = Elem[V[m], index, esize] for every e.
function multiply(f: F2): Handler {
  return (c, o) => {
    const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
    const b = lane(c, o.rm, N, o.imm);
    for (let i = 0; i < o.imm3; i++) res[i] = f(lane(c, o.rn, N, i), b, N, cr, st);
    writeResult(c, o.rd, N, o.imm3, o.imm4);
    leave(c, st);
  };
}

function fused(negate: boolean): Handler {
  return (c, o) => {
    const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
    const b = lane(c, o.rm, N, o.imm);
    for (let i = 0; i < o.imm3; i++) {
      let a = lane(c, o.rn, N, i);
      if (negate) a = fp.FPNeg(a as never, N);
      res[i] = fp.FPMulAdd(lane(c, o.rd, N, i) as never, a as never, b as never, N, cr, st);
    }
    writeResult(c, o.rd, N, o.imm3, o.imm4);
    leave(c, st);
  };
}

const FMUL = multiply(fp.FPMul as unknown as F2), FMULX = multiply(fp.FPMulX as unknown as F2);
const FMLA = fused(false), FMLS = fused(true);

/** The element size, index and Rm of an FP by-element encoding (size 00 = H, 10 = S, 11 = D). */
export function indexed(w: number): { N: number; index: number; rm: number } | undefined {
  const size = bits(w, 23, 22), h = bits(w, 11, 11), l = bits(w, 21, 21), m = bits(w, 20, 20);
  if (size === 0) return { N: 16, index: (h << 2) | (l << 1) | m, rm: bits(w, 19, 16) };
  if (size === 2) return { N: 32, index: (h << 1) | l, rm: bits(w, 20, 16) };
  if (size === 3 && l === 0) return { N: 64, index: h, rm: bits(w, 20, 16) };
  return undefined;
}

function byElement(w: number, name: string, h: Handler, scalar: boolean): ReturnType<Row['build']> {
  const x = indexed(w);
  if (!x) return undefined;
  const g = x.N === 16 ? Gate.FP16 : Gate.None;
  if (scalar) return laneOp(h, `${name} (scalar, by element)`, w, x.N, 1, x.N, g, { imm: x.index, rm: x.rm });
  const q = bits(w, 30, 30);
  if (x.N === 64 && !q) return undefined;
  const ds = q ? 128 : 64;
  return laneOp(h, `${name} (by element)`, w, x.N, ds / x.N, ds, g, { imm: x.index, rm: x.rm });
}
const mulRow = (scalar: boolean) => (w: number): ReturnType<Row['build']> =>
  (bits(w, 29, 29) ? byElement(w, 'FMULX', FMULX, scalar) : byElement(w, 'FMUL', FMUL, scalar));

// FMLAL/FMLSL (by element): o.imm = index, o.rm2 = part, o.ra = 1 for FMLSL.
function fmlal(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), n = o.imm3;
  const b = getElem(c, o.rm, 16, o.imm);
  for (let e = 0; e < n; e++) {
    let a = getElem(c, o.rn, 16, o.rm2 * n + e);
    if (o.ra) a ^= 0x8000; // FPNeg
    res[e] = FPMulAddH(getElem(c, o.rd, 32, e), a, b, cr, st);
  }
  writeResult(c, o.rd, 32, n, o.imm4);
  leave(c, st);
}

function fmlalRow(w: number, part: number, sub: number): ReturnType<Row['build']> {
  const q = bits(w, 30, 30);
  const index = (bits(w, 11, 11) << 2) | (bits(w, 21, 21) << 1) | bits(w, 20, 20);
  return laneOp(fmlal, `${sub ? 'FMLSL' : 'FMLAL'}${part ? '2' : ''} (by element)`, w, 32, q ? 4 : 2, q ? 128 : 64, Gate.FHM,
    { imm: index, rm: bits(w, 19, 16), rm2: part, ra: sub });
}

export const simdFpElemEntries: Row[] = [
  def('FMLA (by element, half)', 'fp16', '0x00111100xxxxxx0001x0xxxxxxxxxx', (w) => byElement(w, 'FMLA', FMLA, false)),
  def('FMLS (by element, half)', 'fp16', '0x00111100xxxxxx0101x0xxxxxxxxxx', (w) => byElement(w, 'FMLS', FMLS, false)),
  def('FMUL/FMULX (by element, half)', 'fp16', '0xx0111100xxxxxx1001x0xxxxxxxxxx', mulRow(false)),
  def('FMLA (by element)', 'simd-fp', '0x001111xxxxxxxx0001x0xxxxxxxxxx', (w) => byElement(w, 'FMLA', FMLA, false)),
  def('FMLS (by element)', 'simd-fp', '0x001111xxxxxxxx0101x0xxxxxxxxxx', (w) => byElement(w, 'FMLS', FMLS, false)),
  def('FMUL/FMULX (by element)', 'simd-fp', '0xx01111xxxxxxxx1001x0xxxxxxxxxx', mulRow(false)),
  def('FMLA (scalar, by element, half)', 'fp16', '0101111100xxxxxx0001x0xxxxxxxxxx', (w) => byElement(w, 'FMLA', FMLA, true)),
  def('FMLS (scalar, by element, half)', 'fp16', '0101111100xxxxxx0101x0xxxxxxxxxx', (w) => byElement(w, 'FMLS', FMLS, true)),
  def('FMUL/FMULX (scalar, by element, half)', 'fp16', '01x1111100xxxxxx1001x0xxxxxxxxxx', mulRow(true)),
  def('FMLA (scalar, by element)', 'simd-fp', '01011111xxxxxxxx0001x0xxxxxxxxxx', (w) => byElement(w, 'FMLA', FMLA, true)),
  def('FMLS (scalar, by element)', 'simd-fp', '01011111xxxxxxxx0101x0xxxxxxxxxx', (w) => byElement(w, 'FMLS', FMLS, true)),
  def('FMUL/FMULX (scalar, by element)', 'simd-fp', '01x11111xxxxxxxx1001x0xxxxxxxxxx', mulRow(true)),
  def('FMLAL (by element)', 'fp16', '0x00111110xxxxxx0000x0xxxxxxxxxx', (w) => fmlalRow(w, 0, 0)),
  def('FMLSL (by element)', 'fp16', '0x00111110xxxxxx0100x0xxxxxxxxxx', (w) => fmlalRow(w, 0, 1)),
  def('FMLAL2 (by element)', 'fp16', '0x10111110xxxxxx1000x0xxxxxxxxxx', (w) => fmlalRow(w, 1, 0)),
  def('FMLSL2 (by element)', 'fp16', '0x10111110xxxxxx1100x0xxxxxxxxxx', (w) => fmlalRow(w, 1, 1)),
];
