// Advanced SIMD FP conversions: the narrowing and widening ones of two-register misc (FCVTN,
// FCVTN2, FCVTL, FCVTL2, FCVTXN, FCVTXN2, BFCVTN, BFCVTN2 (FEAT_BF16), scalar FCVTXN) and the
// fixed-point ones of shift by immediate (SCVTF, UCVTF, FCVTZS, FCVTZU (vector, fixed-point),
// vector and scalar) (Arm ARM C4.1.96; C7.2 FCVTN, FCVTL, FCVTXN, BFCVTN, SCVTF (vector,
// fixed-point), FCVTZS (vector, fixed-point)).

import * as fp from '../fp/index.ts';
import { FPRounding, type FPWidth } from '../fp/index.ts';
import type { Cpu, Op } from '../cpu.ts';
import { bits, def } from './common.ts';
import { enter, fpcr, Gate, lane, laneOp, leave, res, toBigLane, toLane, writePart, writeResult, type Row } from './simd-fp-lanes.ts';

// ---- narrowing and widening -------------------------------------------------------------
// o.imm2 = destination esize, o.ra = source esize, o.imm = part (Q), o.rm2 = 0 FPConvert with
// FPCR's rounding, 1 FPConvert rounding to odd (FCVTXN), 2 FPConvertBF (BFCVTN); o.imm4 = 0
// for the vector forms (Vpart), else the scalar's width.
const CONVERT = 0, TO_ODD = 1, TO_BF16 = 2;

function narrow(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), M = o.imm2 as FPWidth, N = o.ra as FPWidth;
  for (let e = 0; e < o.imm3; e++) {
    const a = lane(c, o.rn, N, e);
    res[e] = o.rm2 === TO_BF16 ? fp.FPConvertBF(a as number, cr, st)
      : fp.FPConvert(a as never, N, M, cr, st, o.rm2 === TO_ODD ? FPRounding.ODD : fp.FPRoundingMode(cr));
  }
  if (o.imm4) writeResult(c, o.rd, M, 1, M);
  else writePart(c, o.rd, M, o.imm3, o.imm);
  leave(c, st);
}

// FCVTL/FCVTL2: Elem[Vpart[n, part], e, esize] widened (a half source honours FPCR.AHP).
function widen(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), M = o.imm2 as FPWidth, N = o.ra as FPWidth;
  for (let e = 0; e < o.imm3; e++) res[e] = fp.FPConvert(lane(c, o.rn, N, o.imm * o.imm3 + e) as never, N, M, cr, st);
  writeResult(c, o.rd, M, o.imm3, 128);
  leave(c, st);
}

function narrowRow(w: number): ReturnType<Row['build']> {
  const u = bits(w, 29, 29), a = bits(w, 23, 23), sz = bits(w, 22, 22), q = bits(w, 30, 30), opc = bits(w, 16, 12);
  const two = q ? '2' : '';
  if (opc === 0x17) {
    if (u || a) return undefined;
    const N = sz ? 32 : 16;
    return laneOp(widen, `FCVTL${two}`, w, 2 * N, 64 / N, 128, Gate.None, { ra: N, imm: q });
  }
  if (u === 0 && a === 1) {
    if (sz) return undefined;
    return laneOp(narrow, `BFCVTN${two}`, w, 16, 4, 0, Gate.BF16, { ra: 32, imm: q, rm2: TO_BF16 });
  }
  if (a || (u && !sz)) return undefined;
  const M = sz ? 32 : 16;
  return laneOp(narrow, `${u ? 'FCVTXN' : 'FCVTN'}${two}`, w, M, 64 / M, 0, Gate.None, { ra: 2 * M, imm: q, rm2: u ? TO_ODD : CONVERT });
}

// Scalar two-register misc opcodes 1011x: only FCVTXN Sd, Dn (U = 1, sz = 1).
function narrowScalarRow(w: number): ReturnType<Row['build']> {
  if (bits(w, 16, 12) !== 0x16 || !bits(w, 29, 29) || bits(w, 23, 22) !== 1) return undefined;
  return laneOp(narrow, 'FCVTXN (scalar)', w, 32, 1, 32, Gate.None, { ra: 64, rm2: TO_ODD });
}

export const simdFpNarrowRows: Row[] = [
  def('BFCVTN/BFCVTN2', 'simd-fp', '0x00111010100001011010xxxxxxxxxx', narrowRow),
  def('FCVTN/FCVTL (half)', 'fp16', '0x00111000100001011x10xxxxxxxxxx', narrowRow),
  def('FCVTN/FCVTL/FCVTXN', 'simd-fp', '0xx01110xx100001011x10xxxxxxxxxx', narrowRow),
  def('FCVTXN (scalar)', 'simd-fp', '01x11110xx100001011x10xxxxxxxxxx', narrowScalarRow),
];

// ---- fixed-point conversions (shift by immediate) ----------------------------------------
// o.imm = fbits, o.ra = 1 unsigned.

function toFixed(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
  for (let i = 0; i < o.imm3; i++) res[i] = toLane(fp.FPToFixed(lane(c, o.rn, N, i) as never, N, o.imm, o.ra === 1, cr, FPRounding.ZERO, N, st), N);
  // QEMU 7.2 writes FCVTZS Hd, Hn, #fbits sign-extended to 32 bits (qemu-deviations.ts);
  // the Arm ARM writes the 16-bit integer, the rest of V[d] zero.
  const negativeHalf = N === 16 && o.imm4 === 16 && o.ra === 0 && ((res[0] as number) & 0x8000) !== 0;
  const imitate = negativeHalf && c.qemuDeviation('fcvtzs-h-fixed-sign-extended');
  writeResult(c, o.rd, N, o.imm3, o.imm4);
  if (imitate) c.vreg[4 * o.rd] |= 0xffff0000;
  leave(c, st);
}

function fromFixed(c: Cpu, o: Op): void {
  const st = enter(c, o), cr = fpcr(c), N = o.imm2 as FPWidth;
  for (let i = 0; i < o.imm3; i++) {
    res[i] = fp.FixedToFP(toBigLane(lane(c, o.rn, N, i)), N, o.imm, o.ra === 1, N, cr, fp.FPRoundingMode(cr), st);
  }
  writeResult(c, o.rd, N, o.imm3, o.imm4);
  leave(c, st);
}

function fixedRow(w: number, scalar: boolean): ReturnType<Row['build']> {
  const immh = bits(w, 22, 19);
  if (immh === 0) return scalar ? undefined : null; // the vector form's immh = 0 is modified immediate
  if (immh === 1) return undefined; // esize 8: reserved
  const N = immh >= 8 ? 64 : immh >= 4 ? 32 : 16;
  const fbits = 2 * N - bits(w, 22, 16);
  const unsigned = bits(w, 29, 29), toInt = bits(w, 15, 11) === 0x1f;
  const name = `${toInt ? (unsigned ? 'FCVTZU' : 'FCVTZS') : unsigned ? 'UCVTF' : 'SCVTF'} (${scalar ? 'scalar' : 'vector'}, fixed-point)`;
  const g = N === 16 ? Gate.FP16 : Gate.None;
  const h = toInt ? toFixed : fromFixed;
  if (scalar) return laneOp(h, name, w, N, 1, N, g, { imm: fbits, ra: unsigned });
  const q = bits(w, 30, 30);
  if (N === 64 && !q) return undefined;
  return laneOp(h, name, w, N, (q ? 128 : 64) / N, q ? 128 : 64, g, { imm: fbits, ra: unsigned });
}

export const simdFpFixedEntries: Row[] = [
  def('SCVTF/UCVTF (vector, fixed-point, half)', 'fp16', '0xx011110001xxxx111001xxxxxxxxxx', (w) => fixedRow(w, false)),
  def('FCVTZS/FCVTZU (vector, fixed-point, half)', 'fp16', '0xx011110001xxxx111111xxxxxxxxxx', (w) => fixedRow(w, false)),
  def('SCVTF/UCVTF (vector, fixed-point)', 'simd-fp', '0xx011110xxxxxxx111001xxxxxxxxxx', (w) => fixedRow(w, false)),
  def('FCVTZS/FCVTZU (vector, fixed-point)', 'simd-fp', '0xx011110xxxxxxx111111xxxxxxxxxx', (w) => fixedRow(w, false)),
  def('SCVTF/UCVTF (scalar, fixed-point, half)', 'fp16', '01x111110001xxxx111001xxxxxxxxxx', (w) => fixedRow(w, true)),
  def('FCVTZS/FCVTZU (scalar, fixed-point, half)', 'fp16', '01x111110001xxxx111111xxxxxxxxxx', (w) => fixedRow(w, true)),
  def('SCVTF/UCVTF (scalar, fixed-point)', 'simd-fp', '01x111110xxxxxxx111001xxxxxxxxxx', (w) => fixedRow(w, true)),
  def('FCVTZS/FCVTZU (scalar, fixed-point)', 'simd-fp', '01x111110xxxxxxx111111xxxxxxxxxx', (w) => fixedRow(w, true)),
];
