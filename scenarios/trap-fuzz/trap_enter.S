/*
 * void trap_enter(const struct trap_case *c, uint64_t value)
 *   Saves the callee-saved registers, writes the case's EL2 trap registers (HCR_EL2 first:
 *   E2H decides how CPTR_EL2 and CNTHCTL_EL2 read), then erets to the slot at EL1h or EL0t
 *   (DAIF masked) with SP_EL0 and every general-purpose register = value. Returns when
 *   trap_return() is called from the EL2 exception handler, with the EL2 trap registers back
 *   at their defaults (HCR_EL2 = RW first, so the EL1 registers read as themselves again).
 *
 * The EL1 vector template: each of the 16 entries is HVC #(0x100 + entry), so whatever EL1
 * takes reaches EL2 at once, without an EL1 register access a trap bit could catch.
 */
#include "runtime.h"

#define TRAP_SLOT       0x45000000

        .text
        .global trap_enter, trap_return, el1_vector_template, el1_vector_template_end
trap_enter:
        stp     x29, x30, [sp, #-96]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        adrp    x9, trap_saved_sp
        mov     x10, sp
        str     x10, [x9, :lo12:trap_saved_sp]
        ldr     x9, [x0, #0]
        msr     hcr_el2, x9
        isb
        ldr     x9, [x0, #8]
        msr     cptr_el2, x9
        ldr     x9, [x0, #16]
        msr     mdcr_el2, x9
        ldr     x9, [x0, #24]
        msr     cnthctl_el2, x9
        ldr     x9, [x0, #32]
        msr     hstr_el2, x9
        ldr     x9, [x0, #48]           /* word | el << 32 */
        lsr     x9, x9, #32
        mov     x10, #0x3c0             /* EL0t, D, A, I, F masked */
        cmp     x9, #1
        mov     x11, #0x3c5             /* EL1h, D, A, I, F masked */
        csel    x10, x11, x10, eq
        msr     spsr_el2, x10
        mov     x10, #TRAP_SLOT
        msr     elr_el2, x10
        msr     sp_el0, x1
        isb
        .irp    n, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
        mov     x\n, x1
        .endr
        eret

trap_return:
        mov     x9, #0x80000000         /* HCR_EL2.RW */
        msr     hcr_el2, x9
        isb
        mov     x9, #0x33ff             /* CPTR_EL2: RES1 bits, nothing trapped */
        msr     cptr_el2, x9
        mrs     x9, pmcr_el0
        ubfx    x9, x9, #11, #5         /* MDCR_EL2.HPMN = PMCR_EL0.N, nothing trapped */
        msr     mdcr_el2, x9
        mov     x9, #3                  /* CNTHCTL_EL2: EL1PCTEN, EL1PCEN */
        msr     cnthctl_el2, x9
        msr     hstr_el2, xzr
        isb
        adrp    x9, trap_saved_sp
        ldr     x10, [x9, :lo12:trap_saved_sp]
        mov     sp, x10
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #96
        ret

        .balign 2048
el1_vector_template:
        .irp    n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        hvc     #(0x100 + \n)
        b       .
        .balign 128
        .endr
el1_vector_template_end:

        .bss
        .balign 8
trap_saved_sp:
        .space  8
