/* virtual-serror guest: EL1 vectors with an SError entry (current EL, SP_EL1) that calls
 * guest_serror(); every other vector reports to the host as the runtime's do. */
#include "runtime.h"

        .macro  gpanic index
        .balign 0x80
        mrs     x0, esr_el1
        mrs     x1, elr_el1
        mrs     x2, far_el1
        mov     x3, #\index
        hvc     #HVC_GUEST_PANIC
        b       .
        .endm

        .text
        .balign 2048
        .global serror_guest_vectors
serror_guest_vectors:
        gpanic  0
        gpanic  1
        gpanic  2
        gpanic  3
        gpanic  4
        gpanic  5
        gpanic  6
        .balign 0x80            /* 7: SError, current EL with SP_EL1 */
        stp     x29, x30, [sp, #-176]!
        stp     x0, x1, [sp, #16]
        stp     x2, x3, [sp, #32]
        stp     x4, x5, [sp, #48]
        stp     x6, x7, [sp, #64]
        stp     x8, x9, [sp, #80]
        stp     x10, x11, [sp, #96]
        stp     x12, x13, [sp, #112]
        stp     x14, x15, [sp, #128]
        stp     x16, x17, [sp, #144]
        str     x18, [sp, #160]
        bl      guest_serror
        ldp     x0, x1, [sp, #16]
        ldp     x2, x3, [sp, #32]
        ldp     x4, x5, [sp, #48]
        ldp     x6, x7, [sp, #64]
        ldp     x8, x9, [sp, #80]
        ldp     x10, x11, [sp, #96]
        ldp     x12, x13, [sp, #112]
        ldp     x14, x15, [sp, #128]
        ldp     x16, x17, [sp, #144]
        ldr     x18, [sp, #160]
        ldp     x29, x30, [sp], #176
        eret
        .balign 0x80
        gpanic  8
        gpanic  9
        gpanic  10
        gpanic  11
        gpanic  12
        gpanic  13
        gpanic  14
        gpanic  15
