/* smp-vcpu-migrate guest: the migration point (see migrate.h). */
#include "runtime.h"

        .text
        .global guest_migrate_point
        .type guest_migrate_point, %function
guest_migrate_point:
        stp     x29, x30, [sp, #-112]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        str     x1, [sp, #96]
        mov     x9, x0
        .irp    n, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
        add     x\n, x9, #\n
        .endr
        mov     x30, #0xa0000000                /* N and C */
        msr     nzcv, x30
        hvc     #2
        mrs     x29, nzcv
        ldr     x30, [sp, #96]
        str     x29, [x30]
        mov     x0, xzr
        .irp    n, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
        add     x30, x9, #\n
        cmp     x\n, x30
        cset    x29, ne
        orr     x0, x0, x29, lsl #\n
        .endr
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #112
        ret
        .size guest_migrate_point, . - guest_migrate_point
