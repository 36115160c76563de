/*
 * World switch for smp_vcpu_run (smp_vcpu.c, see smp.h), one host SP slot per CPU.
 *
 * uint64_t smp_vcpu_enter(const struct el2_frame *regs, uint64_t *host_sp)
 *   Saves the host's callee-saved registers on its stack and that SP in *host_sp, then
 *   erets to regs->elr with regs->spsr and x0-x30 from regs (the EL1 registers and the
 *   stage 2 are the caller's business). "Returns" when smp_vcpu_leave(ret, *host_sp) runs.
 *
 * void smp_vcpu_leave(uint64_t ret, uint64_t host_sp)
 *   From an exception handler: back onto the host stack saved by smp_vcpu_enter, restores
 *   the callee-saved registers and returns ret from smp_vcpu_enter.
 */
#include "runtime.h"

        .text
        .global smp_vcpu_enter
        .type smp_vcpu_enter, %function
smp_vcpu_enter:
        stp     x29, x30, [sp, #-96]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        mov     x9, sp
        str     x9, [x1]

        ldp     x9, x10, [x0, #FRAME_ELR]
        msr     elr_el2, x9
        msr     spsr_el2, x10
        ldp     x2, x3, [x0, #FRAME_X(2)]
        ldp     x4, x5, [x0, #FRAME_X(4)]
        ldp     x6, x7, [x0, #FRAME_X(6)]
        ldp     x8, x9, [x0, #FRAME_X(8)]
        ldp     x10, x11, [x0, #FRAME_X(10)]
        ldp     x12, x13, [x0, #FRAME_X(12)]
        ldp     x14, x15, [x0, #FRAME_X(14)]
        ldp     x16, x17, [x0, #FRAME_X(16)]
        ldp     x18, x19, [x0, #FRAME_X(18)]
        ldp     x20, x21, [x0, #FRAME_X(20)]
        ldp     x22, x23, [x0, #FRAME_X(22)]
        ldp     x24, x25, [x0, #FRAME_X(24)]
        ldp     x26, x27, [x0, #FRAME_X(26)]
        ldp     x28, x29, [x0, #FRAME_X(28)]
        ldr     x30, [x0, #FRAME_X(30)]
        ldp     x0, x1, [x0, #FRAME_X(0)]
        eret
        .size smp_vcpu_enter, . - smp_vcpu_enter

        .global smp_vcpu_leave
        .type smp_vcpu_leave, %function
smp_vcpu_leave:
        mov     sp, x1
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #96
        ret
        .size smp_vcpu_leave, . - smp_vcpu_leave
