// The 'simd-int' stream class: random words of the model's Advanced SIMD integer rows
// (emulator/isa/simd-int*.ts, class 'simd-int'), V registers free; now and then the source
// registers first get integer edge values (0, 1, all-ones, the sign boundaries) in both
// 64-bit lanes, which random bits almost never produce and saturation needs.

import fc from 'fast-check';
import type { ClassArb } from './class-arb.ts';
import { fromRow, rowsOf } from '../rows.ts';
import { intEdge, setVLane } from './vector-operands.ts';

const bits32 = fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff }));

/** Edge set-up for V[v] (both lanes), or nothing. */
const edgeSetup = (v: number): fc.Arbitrary<number[]> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant<number[]>([]) },
    { weight: 1, arbitrary: fc.tuple(intEdge, intEdge).map(([a, b]) => [...setVLane(v, 0, a), ...setVLane(v, 1, b)]) });

// Several candidates per item: many random words of a row are reserved encodings or belong to
// another room (FP opcodes), and a stream is cut short when too many items come out empty.
const candidate = fc.record({ row: fc.constantFrom(...rowsOf('simd-int')), bits: bits32 });

export const simdIntClass: ClassArb = fc.array(candidate, { minLength: 8, maxLength: 8 })
  .chain((cands) => {
    const w = cands.map(({ row, bits }) => fromRow(row, bits, (x) => x)).find((x) => x !== undefined);
    if (w === undefined) return fc.constant(undefined);
    return fc.tuple(edgeSetup((w >>> 5) & 31), edgeSetup((w >>> 16) & 31), edgeSetup(w & 31))
      .map(([a, b, d]) => [...a, ...b, ...d, w]);
  });
