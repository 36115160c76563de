/*
 * void stream_enter(const uint64_t *blob)
 *   Loads V0-V31, X0-X30 and NZCV from the blob (layout in main.c) and erets to the
 *   stream's first instruction at EL2h with DAIF masked. Never returns: the stream ends
 *   with HVC #2, whose handler powers off.
 */
#include "runtime.h"

        .text
        .global stream_enter
stream_enter:
        mov     x29, x0
        add     x9, x29, #(34 * 8)              /* V0-V31: 32 x 16 bytes */
        ldp     q0, q1, [x9], #32
        ldp     q2, q3, [x9], #32
        ldp     q4, q5, [x9], #32
        ldp     q6, q7, [x9], #32
        ldp     q8, q9, [x9], #32
        ldp     q10, q11, [x9], #32
        ldp     q12, q13, [x9], #32
        ldp     q14, q15, [x9], #32
        ldp     q16, q17, [x9], #32
        ldp     q18, q19, [x9], #32
        ldp     q20, q21, [x9], #32
        ldp     q22, q23, [x9], #32
        ldp     q24, q25, [x9], #32
        ldp     q26, q27, [x9], #32
        ldp     q28, q29, [x9], #32
        ldp     q30, q31, [x9], #32
        add     x9, x29, #(98 * 8)              /* the stream's code */
        msr     elr_el2, x9
        ldr     x9, [x29, #(33 * 8)]            /* NZCV in bits [31:28] */
        mov     x10, #0x3c9                     /* EL2h, DAIF masked */
        orr     x9, x9, x10
        msr     spsr_el2, x9
        add     x30, x29, #16                   /* X0-X30 from blob[2] */
        ldp     x0, x1, [x30, #0]
        ldp     x2, x3, [x30, #16]
        ldp     x4, x5, [x30, #32]
        ldp     x6, x7, [x30, #48]
        ldp     x8, x9, [x30, #64]
        ldp     x10, x11, [x30, #80]
        ldp     x12, x13, [x30, #96]
        ldp     x14, x15, [x30, #112]
        ldp     x16, x17, [x30, #128]
        ldp     x18, x19, [x30, #144]
        ldp     x20, x21, [x30, #160]
        ldp     x22, x23, [x30, #176]
        ldp     x24, x25, [x30, #192]
        ldp     x26, x27, [x30, #208]
        ldp     x28, x29, [x30, #224]
        ldr     x30, [x30, #240]
        eret
