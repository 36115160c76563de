/*
 * Guest entry and EL1 vectors: compiled as a guest object (guest_start.guest.o).
 *
 * guest_start: entered by guest_enter() at EL1h with x0 = argument, x1 = C entry,
 * SP_EL1 = guest_stack_top. Installs the guest vectors, calls entry(arg) and exits to
 * the host with HVC #HVC_GUEST_EXIT, x0 = entry's return value.
 *
 * Any exception the guest takes at EL1 is reported to the host with
 * HVC #HVC_GUEST_PANIC: x0 = ESR_EL1, x1 = ELR_EL1, x2 = FAR_EL1, x3 = vector index -
 * except an IRQ, FIQ or SError taken at EL1 with SP_EL1 when the guest defines the hook
 * void guest_irq(void) / guest_fiq(void) / guest_serror(void) (weak references here): the
 * hook runs with the caller-saved registers preserved, then the guest resumes (ERET).
 */
#include "runtime.h"

        .text
        .global guest_start
        .type guest_start, %function
guest_start:
        adr     x2, guest_vectors
        msr     vbar_el1, x2
        isb
        blr     x1
1:      hvc     #HVC_GUEST_EXIT
        b       1b
        .size guest_start, . - guest_start

        .macro  gventry index
        .balign 0x80
        mrs     x0, esr_el1
        mrs     x1, elr_el1
        mrs     x2, far_el1
        mov     x3, #\index
        hvc     #HVC_GUEST_PANIC
        b       .
        .endm

        /* asynchronous exception at EL1 with SP_EL1: its hook, if the guest has one */
        .macro  gasync index, hook
        .balign 0x80
        stp     x29, x30, [sp, #-176]!
        stp     x0, x1, [sp, #16]
        mov     x0, #\index
        ldr     x1, =\hook
        b       guest_async
        .endm

        .weak   guest_irq, guest_fiq, guest_serror

        .balign 2048
guest_vectors:
        .irp    n, 0, 1, 2, 3, 4
        gventry \n
        .endr
        gasync  5, guest_irq
        gasync  6, guest_fiq
        gasync  7, guest_serror
        .irp    n, 8, 9, 10, 11, 12, 13, 14, 15
        gventry \n
        .endr

        /* x0 = vector index, x1 = hook (0: none, a panic as for every other vector);
         * x0, x1, x29, x30 are saved in a 176-byte frame on SP_EL1. */
guest_async:
        cbz     x1, 1f
        stp     x2, x3, [sp, #32]
        stp     x4, x5, [sp, #48]
        stp     x6, x7, [sp, #64]
        stp     x8, x9, [sp, #80]
        stp     x10, x11, [sp, #96]
        stp     x12, x13, [sp, #112]
        stp     x14, x15, [sp, #128]
        stp     x16, x17, [sp, #144]
        str     x18, [sp, #160]
        blr     x1
        ldp     x2, x3, [sp, #32]
        ldp     x4, x5, [sp, #48]
        ldp     x6, x7, [sp, #64]
        ldp     x8, x9, [sp, #80]
        ldp     x10, x11, [sp, #96]
        ldp     x12, x13, [sp, #112]
        ldp     x14, x15, [sp, #128]
        ldp     x16, x17, [sp, #144]
        ldr     x18, [sp, #160]
        ldp     x0, x1, [sp, #16]
        ldp     x29, x30, [sp], #176
        eret
1:      mov     x3, x0
        mrs     x0, esr_el1
        mrs     x1, elr_el1
        mrs     x2, far_el1
        hvc     #HVC_GUEST_PANIC
        b       .
        .ltorg

        .bss
        .balign 16
        .global guest_stack_top
guest_stack:
        .space  8192
guest_stack_top:
