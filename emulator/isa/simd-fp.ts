// Advanced SIMD floating-point data processing (C4.1.96 Advanced SIMD groups, FP forms): vector and scalar-by-element FP arithmetic, FP16, BF16, FCMA, FHM, dot products and matrix multiply.
// Not modelled yet (issue 13): encodings in this room stop the run through simd.ts's
// "not modelled" rows.

import type { InsnDef } from './common.ts';

export const simdFpEntries: InsnDef[] = [];
