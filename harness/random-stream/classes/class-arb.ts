// What a stream class is: an arbitrary of one item, the instruction words of one random
// instruction with any set-up words before it (undefined: draw again).

import type fc from 'fast-check';

export type ClassArb = fc.Arbitrary<number[] | undefined>;
