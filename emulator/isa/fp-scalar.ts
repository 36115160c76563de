// Scalar floating-point data processing (Arm ARM C4.1.96 'Data Processing -- Scalar Floating-Point and Advanced SIMD', the scalar FP groups): FP data-processing 1/2/3 source, compare, conditional compare and select, FP<->integer and FP<->fixed-point conversions.
// Not modelled yet (issue 13): encodings in this room stop the run through simd.ts's
// "not modelled" rows.

import type { InsnDef } from './common.ts';

export const fpScalarEntries: InsnDef[] = [];
