/*
 * EL2 vector table: 16 entries of 0x80 bytes, 2 KiB aligned (VBAR_EL2[10:0] are RES0).
 * Every entry builds a struct el2_frame (runtime.h) on SP_EL2 and calls
 *     void el2_exception(struct el2_frame *f, int vector_index);
 * then restores x0-x30, ELR_EL2 and SPSR_EL2 from the (possibly modified) frame
 * and returns with eret. ESR/FAR/HPFAR are saved for the handler, not restored.
 */
#include "runtime.h"

        .macro  ventry  index
        .balign 0x80
        sub     sp, sp, #FRAME_SIZE
        stp     x0, x1, [sp, #FRAME_X(0)]
        mov     x1, #\index
        b       el2_vector_common
        .endm

        .section .text.vectors, "ax"
        .balign 2048
        .global el2_vectors
el2_vectors:
        ventry  0       /* current EL, SP_EL0: sync */
        ventry  1       /*                     IRQ */
        ventry  2       /*                     FIQ */
        ventry  3       /*                     SError */
        ventry  4       /* current EL, SP_ELx: sync */
        ventry  5
        ventry  6
        ventry  7
        ventry  8       /* lower EL, AArch64: sync */
        ventry  9
        ventry  10
        ventry  11
        ventry  12      /* lower EL, AArch32: sync */
        ventry  13
        ventry  14
        ventry  15
        .balign 0x80

        .type el2_vector_common, %function
el2_vector_common:
        /* x0/x1 are saved; x1 holds the vector index. */
        stp     x2, x3, [sp, #FRAME_X(2)]
        stp     x4, x5, [sp, #FRAME_X(4)]
        stp     x6, x7, [sp, #FRAME_X(6)]
        stp     x8, x9, [sp, #FRAME_X(8)]
        stp     x10, x11, [sp, #FRAME_X(10)]
        stp     x12, x13, [sp, #FRAME_X(12)]
        stp     x14, x15, [sp, #FRAME_X(14)]
        stp     x16, x17, [sp, #FRAME_X(16)]
        stp     x18, x19, [sp, #FRAME_X(18)]
        stp     x20, x21, [sp, #FRAME_X(20)]
        stp     x22, x23, [sp, #FRAME_X(22)]
        stp     x24, x25, [sp, #FRAME_X(24)]
        stp     x26, x27, [sp, #FRAME_X(26)]
        stp     x28, x29, [sp, #FRAME_X(28)]
        str     x30, [sp, #FRAME_X(30)]
        mrs     x2, elr_el2
        mrs     x3, spsr_el2
        stp     x2, x3, [sp, #FRAME_ELR]
        mrs     x2, esr_el2
        mrs     x3, far_el2
        stp     x2, x3, [sp, #FRAME_ESR]
        mrs     x2, hpfar_el2
        str     x2, [sp, #FRAME_HPFAR]

        mov     x0, sp
        bl      el2_exception

        ldp     x2, x3, [sp, #FRAME_ELR]
        msr     elr_el2, x2
        msr     spsr_el2, x3
        ldp     x0, x1, [sp, #FRAME_X(0)]
        ldp     x2, x3, [sp, #FRAME_X(2)]
        ldp     x4, x5, [sp, #FRAME_X(4)]
        ldp     x6, x7, [sp, #FRAME_X(6)]
        ldp     x8, x9, [sp, #FRAME_X(8)]
        ldp     x10, x11, [sp, #FRAME_X(10)]
        ldp     x12, x13, [sp, #FRAME_X(12)]
        ldp     x14, x15, [sp, #FRAME_X(14)]
        ldp     x16, x17, [sp, #FRAME_X(16)]
        ldp     x18, x19, [sp, #FRAME_X(18)]
        ldp     x20, x21, [sp, #FRAME_X(20)]
        ldp     x22, x23, [sp, #FRAME_X(22)]
        ldp     x24, x25, [sp, #FRAME_X(24)]
        ldp     x26, x27, [sp, #FRAME_X(26)]
        ldp     x28, x29, [sp, #FRAME_X(28)]
        ldr     x30, [sp, #FRAME_X(30)]
        add     sp, sp, #FRAME_SIZE
        eret
        .size el2_vector_common, . - el2_vector_common
