// The 'fp-scalar' stream class (issue 13): not written yet, so streams leave it out.

import type { ClassArb } from './class-arb.ts';

export const fpScalarClass: ClassArb | undefined = undefined;
