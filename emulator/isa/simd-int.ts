// Advanced SIMD integer data processing (C4.1.96 Advanced SIMD groups, integer forms) and the SIMD load/store structure groups (LD1-LD4, ST1-ST4, LD1R-LD4R).
// Not modelled yet (issue 13): encodings in this room stop the run through simd.ts's
// "not modelled" rows.

import type { InsnDef } from './common.ts';

export const simdIntEntries: InsnDef[] = [];
