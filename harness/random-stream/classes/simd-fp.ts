// The 'simd-fp' stream class: the single- and double-precision (and BFloat16) forms of the
// Advanced SIMD FP groups, vector and scalar (emulator/isa/simd-fp-*.ts rows of class simd-fp).

import type { ClassArb } from './class-arb.ts';
import { simdFpItems } from './simd-fp-items.ts';

export const simdFpClass: ClassArb | undefined = simdFpItems('simd-fp');
