// The 'simd-int' stream class (issue 13): not written yet, so streams leave it out.

import type { ClassArb } from './class-arb.ts';

export const simdIntClass: ClassArb | undefined = undefined;
