/* fp-lazy-switch guest FP code (built with FP). Values live in V registers and FPSR flags
 * accumulate across exits to the host: after each switch they must be the guest's again.
 * The values kept across exits are in v16-v19 and v31, which no compiled code saves or
 * restores (d8-d15 are callee-saved: a function that uses them restores them). */
#include "guest.h"
#include "lazy.h"

/* Sets FPCR to round toward minus infinity, computes 1/3 and sqrt(2) (inexact: FPSR.IXC),
 * leaves them in d16/d17 and a marker in q31. The first instruction traps to EL2. */
uint64_t guest_fp_part1(void)
{
        uint64_t r;
        __asm__ volatile("fmov d0, #1.0\n\tfmov d1, #3.0\n\tmsr fpcr, %1\n\tfdiv d16, d0, d1\n\t"
                         "fmov d2, #2.0\n\tfsqrt d17, d2\n\tmovi v31.2d, #0xff00ff00ff00ff00\n\tfmov %0, d16"
                         : "=r"(r) : "r"(2UL << 22) : "v0", "v1", "v2", "v16", "v17", "v31");
        return r;
}

/* Reads FPSR first (an FP access that traps), then uses d16/d17 left before the exit. */
uint64_t guest_fp_part2(uint64_t host)
{
        uint64_t r, fpsr;
        __asm__ volatile("mrs %1, fpsr\n\tfmov d3, %2\n\tfmadd d18, d16, d17, d3\n\tfmov %0, d18"
                         : "=r"(r), "=&r"(fpsr) : "r"(host) : "v3", "v18");
        guest_puts("guest: FPSR after the switch back = ");
        guest_puthex(fpsr);
        guest_putc('\n');
        return r;
}

/* Another exit in the middle of FP work held in registers, then C doubles in FPCR's RM mode. */
uint64_t guest_fp_part3(void)
{
        uint64_t before, after, fpcr;
        __asm__ volatile("fadd d19, d16, d17\n\tfmov %0, d19" : "=r"(before) :: "v19");
        GUEST_HVC(HVC_HOST_WORK, NULL, 5, 0, 0, 0, 0, 0, 0, 0);
        __asm__ volatile("fadd d0, d19, d18\n\tfmov %0, d0\n\tmrs %1, fpcr" : "=r"(after), "=r"(fpcr) :: "v0");
        volatile double x = 0.1;
        double s = 0;
        for (int i = 0; i < 10; i++)
                s += x;
        union { double d; uint64_t u; } u = { .d = s };
        guest_puts("guest: FPCR ");
        guest_puthex(fpcr);
        guest_puts(", sum of ten 0.1 in RM = ");
        guest_puthex(u.u);
        guest_putc('\n');
        return after ^ before;
}
