/*
 * uint64_t hot_loop(uint64_t iterations, uint64_t seed)
 *
 * The benchmark loop of the alu scenario: xorshift64 + an LCG-style multiply-add,
 * a data-dependent branch, flag-setting arithmetic and a conditional increment.
 * No memory accesses. 10 or 8 instructions an iteration (the tbz skips two).
 */
        .text
        .global hot_loop
        .type hot_loop, %function
hot_loop:
        mov     x2, x1                  /* xorshift state (must not be 0) */
        mov     x3, xzr                 /* multiply-add accumulator */
        mov     x5, xzr                 /* sum of high bits */
        mov     x6, xzr                 /* carry count */
        movz    x4, #0x7f2d             /* 6364136223846793005 (Knuth's MMIX LCG) */
        movk    x4, #0x4c95, lsl #16
        movk    x4, #0xf42d, lsl #32
        movk    x4, #0x5851, lsl #48
1:      eor     x2, x2, x2, lsl #13
        eor     x2, x2, x2, lsr #7
        eor     x2, x2, x2, lsl #17
        madd    x3, x3, x4, x2
        tbz     x2, #3, 2f
        adds    x5, x5, x2, lsr #40
        cinc    x6, x6, cs
2:      ror     x3, x3, #11
        subs    x0, x0, #1
        b.ne    1b
        eor     x0, x3, x5
        eor     x0, x0, x6, lsl #56
        ret
        .size hot_loop, . - hot_loop
