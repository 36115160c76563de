/* fp-lazy-switch: shared between the host (main.c, host.fp.c, fpstate.S) and the guest. */
#ifndef LAZY_H
#define LAZY_H
#include <stdint.h>

#define HVC_HOST_WORK   0x10    /* the guest exits to the host, which uses FP itself */

/* V0-V31 (q0 at [0], 16 bytes each), then FPCR and FPSR; fpstate.S saves and loads it.
 * 16-byte aligned: the Q accesses are to Device memory (the MMU is off at EL2). */
struct __attribute__((aligned(16))) fpctx {
        uint64_t v[64];
        uint64_t fpcr, fpsr;
};
#define FPCTX_FPCR 512
#define FPCTX_FPSR 520
#endif
