// The 'fp-scalar' stream class (issue 13): random encodings of the scalar FP rows of the decoder
// (emulator/isa/fp-scalar.ts, cls 'fp-scalar': data-processing 1/2/3 source, compares,
// conditional compare and select, FP<->integer and FP<->fixed-point conversions), their V
// operands set to edge values first (setVLane: zeros, infinities, NaNs with payloads,
// denormals, extremes, rounding ties), the integer operand of SCVTF/UCVTF from intEdge in X26,
// FPCR now and then set to any rounding mode with FZ/DN/FZ16/AHP, and now and then FPCR or
// FPSR written with arbitrary bits (so lockstep proves which bits QEMU keeps).

import fc from 'fast-check';
import { setBits as set } from '../../../emulator/isa/common.ts';
import { fromRow, rowsOf } from '../rows.ts';
import type { ClassArb } from './class-arb.ts';
import { fpcrArb, intEdge, laneOf, loadX26, setFpcr, setVLane } from './vector-operands.ts';

/** Rows that only hold unallocated encodings are left out (every draw would be UNDEFINED). */
const ROWS = rowsOf('fp-scalar').filter((r) => !r.name.includes('unallocated'));
const bits = (w: number, hi: number, lo: number): number => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);
const ESIZE: Record<number, 16 | 32 | 64> = { 0: 32, 1: 64, 3: 16 };
const X26 = 26;
const MSR_FPSR_X26 = 0xd51b4420, MRS_FPCR = 0xd53b4400, MRS_FPSR = 0xd53b4420;

/** What the word's operands are: which fields name V sources, and whether Rd/Rn are general registers. */
function operands(row: string, w: number): { vsrc: number[]; gprDst: boolean; gprSrc: boolean } {
  if (row.startsWith('Conversion')) {
    const fixed = row.includes('fixed'), opcode = bits(w, 18, 16);
    const intToFp = fixed ? (opcode & 2) !== 0 : opcode === 2 || opcode === 3;
    return intToFp ? { vsrc: [], gprDst: false, gprSrc: true } : { vsrc: [5], gprDst: true, gprSrc: false };
  }
  if (row.includes('3 source')) return { vsrc: [5, 16, 10], gprDst: false, gprSrc: false };
  if (row.includes('1 source')) return { vsrc: [5], gprDst: false, gprSrc: false };
  if (row === 'FP compare' && (w & 8) !== 0) return { vsrc: [5], gprDst: false, gprSrc: false }; // #0.0: Rm is SBZ
  return { vsrc: [5, 16], gprDst: false, gprSrc: false };
}

const pick = <T>(xs: readonly T[], r: number): T => xs[r % xs.length];
const FTYPES = [0, 1, 3];
const DP1_OPCODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19];
/** rmode:opcode of the FP<->integer group (FJCVTZS is 11:110 with sf = 0, ftype = 01). */
const INT_CVT = [...[0, 1, 2, 3].flatMap((r) => [r << 3, (r << 3) | 1]), 2, 3, 4, 5, 0b11110];
const FIXED_CVT = [0b00010, 0b00011, 0b11000, 0b11001];

/**
 * Random bits `b` shaped into an allocated encoding of the row most of the time (S = 0, M = 0,
 * ftype H/S/D, an allocated opcode), so few draws are thrown away; `r` picks among the choices.
 */
function shape(row: string, b: number, r: number): number {
  let w = set(set(b, 29, 1, 0), 22, 2, pick(FTYPES, r));
  if (!row.startsWith('Conversion')) w = set(w, 31, 1, 0);
  if (row.includes('2 source')) w = set(w, 12, 4, (r >>> 4) % 9);
  else if (row.includes('1 source')) {
    const opc = pick(DP1_OPCODES, r >>> 4);
    w = set(w, 15, 6, opc);
    if (opc === 6) w = set(w, 22, 2, 1); // BFCVT: ftype 01
  } else if (row === 'FP compare') w = set(set(w, 14, 2, 0), 0, 5, pick([0, 8, 16, 24], r >>> 4));
  else if (row.includes('fixed-point')) {
    w = set(w, 16, 5, pick(FIXED_CVT, r >>> 4));
    if ((w >>> 31) === 0) w = set(w, 15, 1, 1); // sf = 0: scale >= 32
  } else if (row.includes('integer')) {
    const rc = pick(INT_CVT, r >>> 4);
    w = set(w, 16, 5, rc);
    if (rc === 0b11110) w = set(set(w, 31, 1, 0), 22, 2, 1);
  }
  return w >>> 0;
}

const vreg = fc.integer({ min: 0, max: 31 });
const gpr = fc.integer({ min: 0, max: 25 });

const instruction: ClassArb = fc.record({
  row: fc.constantFrom(...ROWS), bits: fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff })), r: fc.nat(), raw: fc.nat({ max: 15 }),
  regs: fc.tuple(vreg, vreg, vreg, vreg), dst: gpr, src: fc.oneof(fc.constant(X26), gpr),
  set: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), l16: laneOf(16), l32: laneOf(32), l64: laneOf(64),
  lanes: fc.tuple(...[0, 1, 2].map(() => fc.tuple(laneOf(16), laneOf(32), laneOf(64)))), int: intEdge,
}).map(({ row, bits: b0, r, raw, regs, dst, src, set: doSet, lanes, int }) => {
  const pre: number[] = [];
  // One draw in 16 keeps the raw bits (unallocated neighbours then decode as UNDEFINED and are dropped).
  const b = raw === 0 ? b0 : shape(row.name, b0, r);
  const w = fromRow(row, b, (x) => {
    const { vsrc, gprDst, gprSrc } = operands(row.name, x);
    let y = set(x, 0, 5, gprDst ? dst : regs[0]);
    if (gprSrc) y = set(y, 5, 5, src);
    for (const [k, lsb] of vsrc.entries()) y = set(y, lsb, 5, regs[k + 1]);
    if (row.name === 'FP compare' && (y & 8) !== 0) y = set(y, 16, 5, 0);
    return y;
  });
  if (w === undefined) return undefined;
  const { vsrc, gprSrc } = operands(row.name, w);
  // Every V source has the ftype's width (for FCVT and BFCVT too, whose ftype is the source's).
  const pick = [16, 32, 64].indexOf(ESIZE[bits(w, 23, 22)] ?? 64);
  vsrc.forEach((lsb, k) => {
    if (doSet[k]) pre.push(...setVLane(bits(w, lsb + 4, lsb), 0, lanes[k][pick]));
  });
  if (gprSrc && bits(w, 9, 5) === X26) pre.push(...loadX26(int));
  return [...pre, w];
});

/** MSR FPCR/FPSR with arbitrary 64-bit values, read back with MRS (lockstep compares both). */
const controlWrite: ClassArb = fc.record({ fpsr: fc.boolean(), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), rd: gpr })
  .map(({ fpsr, value, rd }) => [...loadX26(value), fpsr ? MSR_FPSR_X26 : (0xd51b4400 | X26) >>> 0, ((fpsr ? MRS_FPSR : MRS_FPCR) | rd) >>> 0]);

export const fpScalarClass: ClassArb | undefined = fc.oneof(
  { weight: 28, arbitrary: instruction },
  { weight: 2, arbitrary: fpcrArb.map((v) => setFpcr(v)) },
  { weight: 1, arbitrary: controlWrite },
);
