/*
 * SMP support in assembly (see smp.h): the entry point of a secondary CPU, spinlocks and
 * atomic additions.
 */
#include "smp.h"

        .arch_extension lse     /* CASA, LDADDAL: called only when smp_have_lse() */

/*
 * smp_secondary_entry: PSCI CPU_ON sends a secondary here at EL2h with the MMU off, DAIF
 * masked and x0 = the context id. Its index is MPIDR_EL1.Aff0 (Aff1-Aff3 must be 0 and
 * Aff0 < SMP_MAX_CPUS, else it powers itself off). Records the state it came up in
 * (smp_entry_state[cpu], before anything changes it), takes the top of smp_stacks[cpu] as
 * SP_EL2, the runtime's EL2 vectors, TPIDR_EL2 = cpu, and calls
 * smp_secondary_main(cpu, context id), which does not return.
 */
        .text
        .balign 8
        .global smp_secondary_entry
        .type smp_secondary_entry, %function
smp_secondary_entry:
        mrs     x15, nzcv                       /* before the TST/CMP below change it */
        mrs     x9, mpidr_el1
        and     x10, x9, #0xff                  /* Aff0 */
        tst     x9, #0xffff00                   /* Aff1, Aff2 */
        b.ne    smp_park
        tst     x9, #0xff00000000               /* Aff3 */
        b.ne    smp_park
        cmp     x10, #SMP_MAX_CPUS
        b.hs    smp_park

        adrp    x11, smp_entry_state
        add     x11, x11, :lo12:smp_entry_state
        add     x11, x11, x10, lsl #SMP_ENTRY_STATE_SHIFT
        stp     x0, x1, [x11, #0]
        stp     x2, x3, [x11, #16]
        mrs     x13, daif
        stp     x15, x13, [x11, #32]
        mov     x12, sp
        mrs     x13, CurrentEL
        stp     x12, x13, [x11, #48]
        mrs     x12, spsel
        mrs     x13, sctlr_el2
        stp     x12, x13, [x11, #64]
        mrs     x12, vbar_el2
        mrs     x13, tpidr_el2
        stp     x12, x13, [x11, #80]
        mrs     x13, hcr_el2
        stp     x9, x13, [x11, #96]
        ldr     x12, [x11, #112]
        add     x12, x12, #1
        str     x12, [x11, #112]

        /* SP_EL2 := top of this CPU's stack */
        adrp    x12, smp_stacks
        add     x12, x12, :lo12:smp_stacks
        add     x13, x10, #1
        add     x12, x12, x13, lsl #SMP_STACK_SHIFT
        mov     sp, x12
        adrp    x12, el2_vectors
        add     x12, x12, :lo12:el2_vectors
        msr     vbar_el2, x12
        msr     tpidr_el2, x10
        isb

        mov     x29, xzr                        /* terminate the frame-pointer chain */
        mov     x30, xzr
        mov     x1, x0
        mov     x0, x10
        bl      smp_secondary_main
        /* not reached */
smp_park:
        movz    x0, #(PSCI_FN_CPU_OFF & 0xffff)
        movk    x0, #(PSCI_FN_CPU_OFF >> 16), lsl #16
        smc     #0
1:      wfi
        b       1b
        .size smp_secondary_entry, . - smp_secondary_entry

/* void smp_spin_lock(smp_spinlock_t *l): LDAXR/STXR; while held, WFE (the LDAXR armed the
 * monitor, so the owner's store wakes it; smp_spin_unlock also sends SEV). */
        .global smp_spin_lock
        .type smp_spin_lock, %function
smp_spin_lock:
        mov     w2, #1
1:      ldaxr   w1, [x0]
        cbnz    w1, 2f
        stxr    w3, w2, [x0]
        cbnz    w3, 1b
        ret
2:      wfe
        b       1b
        .size smp_spin_lock, . - smp_spin_lock

/* void smp_spin_lock_lse(smp_spinlock_t *l): CASA 0 -> 1; while held, WFE and LDXR until free. */
        .global smp_spin_lock_lse
        .type smp_spin_lock_lse, %function
smp_spin_lock_lse:
        mov     w2, #1
1:      mov     w1, #0
        casa    w1, w2, [x0]
        cbz     w1, 3f
2:      wfe
        ldxr    w1, [x0]
        cbnz    w1, 2b
        b       1b
3:      ret
        .size smp_spin_lock_lse, . - smp_spin_lock_lse

/* int smp_spin_trylock(smp_spinlock_t *l): 1 if taken, 0 if it was held. */
        .global smp_spin_trylock
        .type smp_spin_trylock, %function
smp_spin_trylock:
        mov     w2, #1
1:      ldaxr   w1, [x0]
        cbnz    w1, 2f
        stxr    w3, w2, [x0]
        cbnz    w3, 1b
        mov     w0, #1
        ret
2:      clrex
        mov     w0, #0
        ret
        .size smp_spin_trylock, . - smp_spin_trylock

/* void smp_spin_unlock(smp_spinlock_t *l): release store, then an event for the waiters. */
        .global smp_spin_unlock
        .type smp_spin_unlock, %function
smp_spin_unlock:
        stlr    wzr, [x0]
        dsb     ish
        sev
        ret
        .size smp_spin_unlock, . - smp_spin_unlock

/* uint32_t smp_atomic_add_excl(volatile uint32_t *p, uint32_t v): the new value. */
        .global smp_atomic_add_excl
        .type smp_atomic_add_excl, %function
smp_atomic_add_excl:
1:      ldaxr   w2, [x0]
        add     w2, w2, w1
        stlxr   w3, w2, [x0]
        cbnz    w3, 1b
        mov     w0, w2
        ret
        .size smp_atomic_add_excl, . - smp_atomic_add_excl

/* uint32_t smp_atomic_add_lse(volatile uint32_t *p, uint32_t v): LDADDAL, the new value. */
        .global smp_atomic_add_lse
        .type smp_atomic_add_lse, %function
smp_atomic_add_lse:
        ldaddal w1, w2, [x0]
        add     w0, w2, w1
        ret
        .size smp_atomic_add_lse, . - smp_atomic_add_lse
