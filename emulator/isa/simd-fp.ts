// Advanced SIMD floating-point data processing (C4.1.96 Advanced SIMD groups, FP forms): the
// vector and scalar three same, two-register misc, across lanes, pairwise, shift by immediate
// (fixed-point conversions), by element and three-register extension groups, incl. FP16, FHM,
// FCMA, BF16 and FRINTTS. The rows live in one file per group; in groups shared with the
// integer room (simd-int.ts, decoded first) the rows match only FP opcodes or return null.

import type { InsnDef } from './common.ts';
import { simdFpComplexEntries } from './simd-fp-complex.ts';
import { simdFpFixedEntries } from './simd-fp-cvt.ts';
import { simdFpElemEntries } from './simd-fp-elem.ts';
import { simdFpMiscEntries } from './simd-fp-misc.ts';
import { simdFpThreeEntries } from './simd-fp-three.ts';

export const simdFpEntries: InsnDef[] = [
  ...simdFpThreeEntries,
  ...simdFpMiscEntries,
  ...simdFpFixedEntries,
  ...simdFpElemEntries,
  ...simdFpComplexEntries,
];
