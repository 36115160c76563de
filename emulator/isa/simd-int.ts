// Advanced SIMD integer data processing (C4.1.96 Advanced SIMD groups, integer forms) and the
// SIMD load/store structure groups (LD1-LD4, ST1-ST4, LD1R-LD4R), one file per group:
// simd-int-three-same.ts, ... Rows return null for the FP opcodes of a shared group so the
// simd-fp room's rows (after these in decode.ts) decode them.

import type { InsnDef } from './common.ts';
import { elemEntries } from './simd-int-elem.ts';
import { ldstStructEntries } from './simd-int-ldst.ts';
import { miscEntries } from './simd-int-misc.ts';
import { permEntries } from './simd-int-perm.ts';
import { shiftEntries } from './simd-int-shift.ts';
import { threeDiffEntries } from './simd-int-three-diff.ts';
import { threeSameEntries } from './simd-int-three-same.ts';

export const simdIntEntries: InsnDef[] = [
  ...threeSameEntries,
  ...threeDiffEntries,
  ...miscEntries,
  ...shiftEntries,
  ...elemEntries,
  ...permEntries,
  ...ldstStructEntries,
];
