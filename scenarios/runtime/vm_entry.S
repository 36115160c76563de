/*
 * World switch between the host (EL2) and a guest (EL1h).
 *
 * uint64_t guest_enter(uint64_t pc, uint64_t sp, uint64_t x0, uint64_t x1)
 *   Saves the callee-saved registers and SP_EL2 of the host, then erets to
 *   pc at EL1h (DAIF masked) with SP_EL1 = sp, x0/x1 as given and x2-x30 zero.
 *   It "returns" when guest_return_to_host(ret) is called from an exception
 *   handler: that restores the saved host context and returns ret from guest_enter.
 */
#include "runtime.h"

        .text
        .global guest_enter
        .type guest_enter, %function
guest_enter:
        stp     x29, x30, [sp, #-96]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        adrp    x9, host_saved_sp
        mov     x10, sp
        str     x10, [x9, :lo12:host_saved_sp]

        msr     elr_el2, x0
        msr     sp_el1, x1
        mov     x9, #SPSR_EL1H_MASKED
        msr     spsr_el2, x9
        mov     x0, x2
        mov     x1, x3
        mov     x2, xzr
        mov     x3, xzr
        mov     x4, xzr
        mov     x5, xzr
        mov     x6, xzr
        mov     x7, xzr
        mov     x8, xzr
        mov     x9, xzr
        mov     x10, xzr
        mov     x11, xzr
        mov     x12, xzr
        mov     x13, xzr
        mov     x14, xzr
        mov     x15, xzr
        mov     x16, xzr
        mov     x17, xzr
        mov     x18, xzr
        mov     x19, xzr
        mov     x20, xzr
        mov     x21, xzr
        mov     x22, xzr
        mov     x23, xzr
        mov     x24, xzr
        mov     x25, xzr
        mov     x26, xzr
        mov     x27, xzr
        mov     x28, xzr
        mov     x29, xzr
        mov     x30, xzr
        eret
        .size guest_enter, . - guest_enter

        .global guest_return_to_host
        .type guest_return_to_host, %function
guest_return_to_host:
        adrp    x9, host_saved_sp
        ldr     x10, [x9, :lo12:host_saved_sp]
        mov     sp, x10
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #96
        ret
        .size guest_return_to_host, . - guest_return_to_host

        .bss
        .balign 8
        .global host_saved_sp
host_saved_sp:
        .space  8
