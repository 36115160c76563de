// The 'fp16' stream class: every half-precision form of the Advanced SIMD FP groups (FEAT_FP16
// arithmetic, FMLAL/FMLSL of FEAT_FHM, FCMLA/FCADD of halves, FCVTN/FCVTL to and from halves).
// The scalar 'Floating-point' groups' half forms (FADD Hd etc.) belong to fp-scalar.

import type { ClassArb } from './class-arb.ts';
import { simdFpItems } from './simd-fp-items.ts';

export const fp16Class: ClassArb | undefined = simdFpItems('fp16');
