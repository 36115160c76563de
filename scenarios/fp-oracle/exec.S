/*
 * fp_exec(struct fp_vec *v, const uint32_t *slot): runs the one instruction at `slot`
 * (followed by RET) with FPCR = v->fpcr, FPSR = 0, NZCV = 0, d1/d2/d3 = v->a/b/c,
 * x1 = v->x, d0 = x0 = 0, and stores d0, x0, FPSR and NZCV into v->out[0..3].
 * Written in assembly because the scenarios are compiled with -mgeneral-regs-only:
 * only this file touches the SIMD&FP registers, and the compiler folds nothing.
 * Register convention of the instruction words (harness/fp-oracle/encode.ts):
 * FP result d0 (h0/s0), FP sources d1, d2, d3 (a, b, c), GPR source x1, GPR result x0.
 */
        .text
        .globl  fp_exec
        .type   fp_exec, %function
        .balign 4
fp_exec:
        stp     x29, x30, [sp, #-32]!
        mov     x29, sp
        str     x19, [sp, #16]
        mov     x19, x0
        mov     x16, x1
        ldr     x2, [x19, #8]
        msr     fpcr, x2
        msr     fpsr, xzr
        ldr     d1, [x19, #16]
        ldr     d2, [x19, #24]
        ldr     d3, [x19, #32]
        ldr     x1, [x19, #40]
        movi    d0, #0
        mov     x0, xzr
        msr     nzcv, xzr
        isb
        blr     x16
        mrs     x2, fpsr
        mrs     x3, nzcv
        str     d0, [x19, #48]
        str     x0, [x19, #56]
        str     x2, [x19, #64]
        str     x3, [x19, #72]
        msr     fpcr, xzr
        msr     fpsr, xzr
        ldr     x19, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret
        .size   fp_exec, . - fp_exec
