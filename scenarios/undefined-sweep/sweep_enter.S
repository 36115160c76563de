/*
 * uint64_t sweep_enter(uint64_t pc, uint64_t value)
 *   Saves the callee-saved registers, then erets to pc at EL0t (DAIF masked) with
 *   SP_EL0 and every general-purpose register = value. Returns when sweep_return() is
 *   called from the EL2 exception handler.
 */
#include "runtime.h"

        .text
        .global sweep_enter, sweep_return
sweep_enter:
        stp     x29, x30, [sp, #-96]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        adrp    x9, sweep_saved_sp
        mov     x10, sp
        str     x10, [x9, :lo12:sweep_saved_sp]
        msr     elr_el2, x0
        msr     sp_el0, x1
        mov     x9, #0x3c0              /* EL0t, D, A, I, F masked */
        msr     spsr_el2, x9
        .irp    n, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
        mov     x\n, x1
        .endr
        eret

sweep_return:
        adrp    x9, sweep_saved_sp
        ldr     x10, [x9, :lo12:sweep_saved_sp]
        mov     sp, x10
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #96
        ret

        .bss
        .balign 8
sweep_saved_sp:
        .space  8
