// The floating-point core (Arm ARM DDI 0487 J1 shared/functions/float/*): bit-exact FP
// arithmetic on raw bit patterns with FPCR controls and FPSR cumulative flags. Not wired into
// the decoder yet (issue 13); the harness's FP oracle (fp-oracle) proves it against QEMU 7.2.
export * from './fpcr.ts';
export { FPType, FPUnpack, FPUnpackBase, FPUnpackCV, FPRound, FPRoundBase, FPRoundCV, FPRoundBF,
  FPZero, FPInfinity, FPMaxNormal, FPDefaultNaN, FPTwo, FPOnePointFive, type Unpacked } from './unpack-round.ts';
export * from './nan.ts';
export * from './arith.ts';
export * from './compare.ts';
export * from './round-int.ts';
export * from './convert.ts';
export * from './estimate.ts';
