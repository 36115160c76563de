/*
 * The fuzz guest: one page of position-independent code that main.c copies to
 * FUZZ_STUB_PA and stage 2 maps at IPA 0. The host enters it at EL1h, MMU off, at the
 * entry for the probe: x0 = the probe's IPA, x1 = the value to store.
 *
 *   stub + 8 * n     n = 0..3 load of 1 << n bytes into x1, n = 4..7 store of 1 << (n - 4)
 *                    bytes of x1, then HVC #FUZZ_HVC_DONE
 *   stub + 8 * 8     execute: branch to the IPA (the data pool is filled with HVC #imm)
 *   stub + 0x800     EL1 vectors: any exception the guest takes at EL1 reports itself
 *                    with HVC #FUZZ_HVC_EL1 (x1 = ESR_EL1, x2 = FAR_EL1, x3 = ELR_EL1)
 */
#include "fuzz.h"

        .text
        .global fuzz_stub, fuzz_stub_end
        .balign 4096
fuzz_stub:
        ldrb    w1, [x0]
        hvc     #FUZZ_HVC_DONE
        ldrh    w1, [x0]
        hvc     #FUZZ_HVC_DONE
        ldr     w1, [x0]
        hvc     #FUZZ_HVC_DONE
        ldr     x1, [x0]
        hvc     #FUZZ_HVC_DONE
        strb    w1, [x0]
        hvc     #FUZZ_HVC_DONE
        strh    w1, [x0]
        hvc     #FUZZ_HVC_DONE
        str     w1, [x0]
        hvc     #FUZZ_HVC_DONE
        str     x1, [x0]
        hvc     #FUZZ_HVC_DONE
        br      x0

        .macro  vec
        .balign 0x80
        mrs     x1, esr_el1
        mrs     x2, far_el1
        mrs     x3, elr_el1
        hvc     #FUZZ_HVC_EL1
        .endm

        .balign 0x800
        .rept   16
        vec
        .endr
fuzz_stub_end:
