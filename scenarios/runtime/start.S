/*
 * Image entry. design.md §2: we arrive at EL2h, DAIF masked, MMU off, with the
 * registers as QEMU's reset leaves them (x0 = 0 for an ELF image).
 */
#include "runtime.h"

        .section .text.start, "ax"
        .global _start
        .type _start, %function
_start:
        /* Record the boot state first: flags, x0-x3 and SP are what QEMU's reset left. */
        adrp    x9, boot_state
        add     x9, x9, :lo12:boot_state
        stp     x0, x1, [x9, #0]
        stp     x2, x3, [x9, #16]
        mrs     x10, nzcv
        mrs     x11, daif
        stp     x10, x11, [x9, #32]
        mov     x12, sp
        mrs     x13, CurrentEL
        stp     x12, x13, [x9, #48]

        /* SP_EL2 := top of the stack reserved by the linker script. */
        adrp    x9, __stack_top
        add     x9, x9, :lo12:__stack_top
        mov     sp, x9

        /* Zero .bss (16-byte aligned bounds, see linker.ld). */
        adrp    x9, __bss_start
        add     x9, x9, :lo12:__bss_start
        adrp    x10, __bss_end
        add     x10, x10, :lo12:__bss_end
1:      cmp     x9, x10
        b.hs    2f
        stp     xzr, xzr, [x9], #16
        b       1b
2:
        /* EL2 vectors. */
        adrp    x9, el2_vectors
        add     x9, x9, :lo12:el2_vectors
        msr     vbar_el2, x9
        isb

        mov     x29, xzr                /* terminate the frame-pointer chain */
        mov     x30, xzr
        bl      main
        /* w0 = main's return value */
        bl      exit_status
3:      wfi
        b       3b
        .size _start, . - _start

        /* Written before .bss is cleared, so it lives in .data. */
        .section .data.boot_state, "aw"
        .balign 16
        .global boot_state
        .type boot_state, %object
boot_state:
        .space  64
        .size boot_state, . - boot_state
