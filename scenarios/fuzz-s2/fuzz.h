/*
 * Shared between the fuzz image and its guest stub. The harness side of these numbers
 * is harness/fuzz/layout.ts: keep the two in step.
 */
#ifndef S2DIFF_FUZZ_H
#define S2DIFF_FUZZ_H

#define FUZZ_STUB_PA      0x43000000UL   /* the guest stub, 64 KiB aligned: stage 2 maps IPA 0 here */
#define FUZZ_POOL_PA      0x44000000UL   /* 2 MiB data pool, every word an HVC #imm (see fuzz_pattern) */
#define FUZZ_POOL_SIZE    0x00200000UL
#define FUZZ_BLOB_PA      0x46000000UL   /* the batch, loaded by the harness */
#define FUZZ_MAGIC        0x31305a5a55463253UL   /* "S2FUZZ01" */
#define FUZZ_VEC_OFFSET   0x800

#define FUZZ_HVC_DONE     0x5a00
#define FUZZ_HVC_EL1      0x5a01

#endif
