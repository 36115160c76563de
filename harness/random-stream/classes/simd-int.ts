// The 'simd-int' stream class: random words of the model's Advanced SIMD integer rows
// (emulator/isa/simd-int*.ts, class 'simd-int'), V registers free. Now and then a source
// register first gets integer edge values, which random bits almost never produce and
// saturation, rounding and the compares need: one-word MOVI/MVNI patterns (0x80, 0x7f, 0xff
// per byte; 0x8000/0x7fff per halfword; INT32_MIN/MAX per word; byte masks per doubleword),
// or an intEdge doubleword in both lanes (DUP from X26), or two edge lanes (setVLane).
// Few set-up words per item: each checkpoint of a stream costs thousands of lockstep steps.

import fc from 'fast-check';
import type { ClassArb } from './class-arb.ts';
import { fromRow, rowsOf } from '../rows.ts';
import { intEdge, loadX26, setVLane } from './vector-operands.ts';

const bits32 = fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff }));
const imm8 = fc.constantFrom(0x80, 0x7f, 0xff, 0x00, 0x01, 0xfe, 0x40);
/** abc:defgh of an Advanced SIMD modified immediate. */
const immFields = (i: number): number => (((i >> 5) & 7) << 16) | ((i & 31) << 5);

// MOVI/MVNI bases (Q = 1): 16B #imm8; 8H #imm8, LSL #8; 4S #imm8, LSL #24; 2D byte mask.
const MOVI = [0x4f00e400, 0x4f00a400, 0x6f00a400, 0x4f006400, 0x6f006400, 0x6f00e400];

const edge = (v: number): fc.Arbitrary<number[]> => fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...MOVI), imm8, fc.integer({ min: 0, max: 255 }))
    .map(([base, i, mask]) => [(base | immFields(base === 0x6f00e400 ? mask : i) | v) >>> 0]) },
  { weight: 2, arbitrary: intEdge.map((x) => [...loadX26(x), (0x4e080c00 | (26 << 5) | v) >>> 0]) }, // DUP Vv.2D, X26
  { weight: 1, arbitrary: fc.tuple(intEdge, intEdge).map(([a, b]) => [...setVLane(v, 0, a), ...setVLane(v, 1, b)]) },
);

/** Edge set-up for V[v] one time in four, else nothing. */
const maybeEdge = (v: number): fc.Arbitrary<number[]> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: edge(v) });

// Several candidates per item: many random words of a row are reserved encodings or belong to
// another room (FP opcodes), and a stream is cut short when too many items come out empty.
const candidate = fc.record({ row: fc.constantFrom(...rowsOf('simd-int')), bits: bits32 });

export const simdIntClass: ClassArb = fc.array(candidate, { minLength: 8, maxLength: 8 })
  .chain((cands) => {
    const w = cands.map(({ row, bits }) => fromRow(row, bits, (x) => x)).find((x) => x !== undefined);
    if (w === undefined) return fc.constant(undefined);
    // Rn, Rm (by-element forms: Rm<3:0> for H elements, but a set-up of bits 20:16 still helps)
    // and, for the accumulating forms, Rd.
    return fc.tuple(maybeEdge((w >>> 5) & 31), maybeEdge((w >>> 16) & 31), maybeEdge(w & 31))
      .map(([a, b, d]) => [...a, ...b, ...d, w]);
  });
