/*
 * Guest entry and EL1 vectors: compiled as a guest object (guest_start.guest.o).
 *
 * guest_start: entered by guest_enter() at EL1h with x0 = argument, x1 = C entry,
 * SP_EL1 = guest_stack_top. Installs the guest vectors, calls entry(arg) and exits to
 * the host with HVC #HVC_GUEST_EXIT, x0 = entry's return value.
 *
 * Any exception the guest takes at EL1 is reported to the host with
 * HVC #HVC_GUEST_PANIC: x0 = ESR_EL1, x1 = ELR_EL1, x2 = FAR_EL1, x3 = vector index.
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

        .balign 2048
guest_vectors:
        .irp    n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        gventry \n
        .endr

        .bss
        .balign 16
        .global guest_stack_top
guest_stack:
        .space  8192
guest_stack_top:
