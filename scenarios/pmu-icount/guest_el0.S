/*
 * pmu-icount guest, EL1 <-> EL0 plumbing: el0_run(fn) runs fn at EL0t (DAIF masked) until
 * it executes SVC; every other exception from EL0 is logged (ESR into el0_log) and the
 * instruction skipped. Returns the number of exceptions logged. EL0 code touches no memory.
 */
#include "runtime.h"

        .text
        .global el0_run
        .type el0_run, %function
el0_run:
        stp     x29, x30, [sp, #-96]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        adr     x1, el1_saved_sp
        mov     x2, sp
        str     x2, [x1]
        adr     x1, el1_vectors
        msr     vbar_el1, x1
        adr     x1, el0_nlog
        str     xzr, [x1]
        msr     elr_el1, x0
        mov     x1, #0x3c0              /* EL0t, DAIF masked */
        msr     spsr_el1, x1
        isb
        eret
        .size el0_run, . - el0_run

el0_back:
        adr     x28, el0_regs
        stp     x0, x1, [x28]
        stp     x2, x3, [x28, #16]
        stp     x4, x5, [x28, #32]
        adr     x1, el1_saved_sp
        ldr     x2, [x1]
        mov     sp, x2
        adr     x1, el0_nlog
        ldr     x0, [x1]
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #96
        ret

        .balign 2048
el1_vectors:
        .rept   8
        .balign 0x80
        hvc     #HVC_GUEST_PANIC
        .endr
        .balign 0x80                    /* lower EL, AArch64, synchronous */
        mrs     x27, esr_el1
        lsr     x28, x27, #26
        cmp     x28, #0x15              /* SVC: back to el0_run's caller */
        b.eq    el0_back
        adr     x28, el0_nlog
        ldr     x26, [x28]
        adr     x25, el0_log
        str     x27, [x25, x26, lsl #3]
        add     x26, x26, #1
        str     x26, [x28]
        mrs     x28, elr_el1
        add     x28, x28, #4
        msr     elr_el1, x28
        eret
        .rept   7
        .balign 0x80
        hvc     #HVC_GUEST_PANIC
        .endr

/* 200 instructions at EL0, then SVC. */
        .global el0_work
el0_work:
        .rept   199
        nop
        .endr
        svc     #0

/* Every PMU access the PMUSERENR_EL0 bits decide, in order; reads land in x0-x11 (preset). */
        .global el0_access
el0_access:
        mov     x0, #0xdead
        mov     x1, #0xdead
        mov     x2, #0xdead
        mov     x3, #0xdead
        mov     x4, #0xdead
        mov     x5, #0xdead
        mrs     x0, pmuserenr_el0       /* always allowed */
        msr     pmuserenr_el0, xzr      /* UNDEFINED at EL0 */
        mrs     x1, pmccntr_el0         /* CR or EN */
        msr     pmccntr_el0, xzr        /* EN */
        mov     x6, #1
        msr     pmswinc_el0, x6         /* SW or EN */
        msr     pmselr_el0, xzr         /* ER or EN */
        mrs     x2, pmxevcntr_el0       /* ER or EN */
        msr     pmxevcntr_el0, xzr      /* EN */
        mrs     x3, pmevcntr0_el0       /* ER or EN */
        mrs     x4, pmcr_el0            /* EN */
        mrs     x5, pmxevtyper_el0      /* EN */
        msr     pmcntenset_el0, xzr     /* EN */
        mrs     x6, pmintenset_el1      /* never: UNDEFINED at EL0 */
        svc     #0

        .bss
        .balign 8
el1_saved_sp:
        .space  8
        .global el0_nlog, el0_log, el0_regs
el0_regs:
        .space  8 * 6
el0_nlog:
        .space  8
el0_log:
        .space  8 * 32
