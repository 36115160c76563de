// The FP/SIMD, crypto and PAuth stream classes (issue 13), one file each. A class whose
// generator is still undefined is left out of CLASSES (generate.ts) until it exists.

import type { ClassArb } from './class-arb.ts';
import { cryptoClass } from './crypto.ts';
import { fp16Class } from './fp16.ts';
import { fpScalarClass } from './fp-scalar.ts';
import { pauthClass } from './pauth.ts';
import { simdFpClass } from './simd-fp.ts';
import { simdIntClass } from './simd-int.ts';

export const VECTOR_CLASSES = ['fp-scalar', 'simd-int', 'simd-fp', 'fp16', 'crypto', 'pauth'] as const;
export type VectorClass = (typeof VECTOR_CLASSES)[number];

export const VECTOR_CLASS_ARBS: Record<VectorClass, ClassArb | undefined> = {
  'fp-scalar': fpScalarClass,
  'simd-int': simdIntClass,
  'simd-fp': simdFpClass,
  fp16: fp16Class,
  crypto: cryptoClass,
  pauth: pauthClass,
};
