// Items of the Advanced SIMD floating-point stream classes (simd-fp and fp16): a random
// instruction of one of the class's decode rows (emulator/isa/simd-fp-*.ts), its V register
// operands drawn from a small pool (so edge values put there and results computed there are
// used again), with now and then edge values set into an operand lane and a new FPCR mode.

import fc from 'fast-check';
import { decode, decodeRow } from '../../../emulator/decode.ts';
import { setBits as set, type InsnDef } from '../../../emulator/isa/common.ts';
import { fromRow, rowsOf } from '../rows.ts';
import type { ClassArb } from './class-arb.ts';
import { fpcrArb, laneOf, setFpcr, setVLane } from './vector-operands.ts';

const bits32 = fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff }));
const vreg = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 7 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }) });
const edge = fc.record({ which: fc.integer({ min: 0, max: 2 }), lane: fc.constantFrom<0 | 1>(0, 1), h: laneOf(16), s: laneOf(32), d: laneOf(64), mix: fc.integer({ min: 0, max: 9 }) });

/** Rows whose bits [20:16] are not Rm: immediates (shift by immediate) or fixed fields. */
const noRm = (name: string): boolean => /fixed-point|misc|across|pairwise|FCVTN|FCVTXN|BFCVTN/.test(name);
/** By-element rows: Rm is bits [19:16] (bit 20 is M, part of the index or of Rm). */
const byElement = (name: string): boolean => name.includes('by element');

/**
 * A row drawn with a weight of the operations it holds (distinct names among words sampled
 * from it, a fixed deterministic sample), so a three same row of two dozen operations comes
 * up more often than a row of one.
 */
function weightedRow(cls: string): fc.Arbitrary<InsnDef> {
  const rows = rowsOf(cls);
  if (rows.length === 0) throw new Error(`no decode rows of class ${cls}`);
  let seed = 1;
  const next = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
  return fc.oneof(...rows.map((row) => {
    const names = new Set<string>();
    for (let k = 0; k < 256; k++) {
      const w = ((row.value | (((next() << 16) ^ next()) & ~row.mask)) >>> 0);
      if (decodeRow(w) === row) names.add(decode(w).name);
    }
    return { weight: Math.max(1, names.size), arbitrary: fc.constant(row) };
  }));
}

export function simdFpItems(cls: 'simd-fp' | 'fp16'): ClassArb {
  return fc.record({
    row: weightedRow(cls), tries: fc.array(bits32, { minLength: 4, maxLength: 4 }), rd: vreg, rn: vreg, rm: vreg,
    edges: fc.array(edge, { maxLength: 2 }),
    fpcr: fc.oneof({ weight: 1, arbitrary: fpcrArb }, { weight: 15, arbitrary: fc.constant(null) }),
  }).map(({ row, tries, rd, rn, rm, edges, fpcr }) => {
    const fix = (x: number): number => {
      let y = set(set(x, 0, 5, rd), 5, 5, rn);
      if (byElement(row.name)) y = set(y, 16, 4, rm);
      else if (!noRm(row.name)) y = set(y, 16, 5, rm);
      return y;
    };
    // The first of a few random fillings that decodes back to the row (unallocated ones do not).
    let w: number | undefined;
    for (const bits of tries) if ((w = fromRow(row, bits, fix)) !== undefined) break;
    if (w === undefined) return undefined;
    const o = decode(w);
    const setup: number[] = [];
    if (fpcr !== null) setup.push(...setFpcr(fpcr));
    for (const e of edges) {
      const reg = [o.rn, o.rm, o.rd][e.which];
      // Mostly lanes of the instruction's own element size (its source size for conversions).
      const N = e.mix === 0 ? 16 : e.mix === 1 ? 32 : e.mix === 2 ? 64 : (o.ra === 16 || o.ra === 32 || o.ra === 64 ? o.ra : o.imm2);
      setup.push(...setVLane(reg, e.lane, N === 16 ? e.h : N === 32 ? e.s : e.d));
    }
    return [...setup, w];
  });
}
