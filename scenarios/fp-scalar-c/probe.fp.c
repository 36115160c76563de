/* fp-scalar-c: the forms that need an extension, each run once and reported as its result or
 * as UNDEFINED (main.c's handler skips it): the half-precision forms of FEAT_FP16 (arithmetic,
 * conversions, compares, FCSEL, FMOV), FJCVTZS (FEAT_JSCVT), FRINT32Z/FRINT64X (FEAT_FRINTTS)
 * and BFCVT (FEAT_BF16); FCVT to and from half precision is Armv8.0 and runs everywhere.
 * Half-precision registers are only loaded (LDR Hn) and read (UMOV) outside the probed
 * instruction, so nothing else here needs FEAT_FP16. FPCR.FZ16 sticks only with FEAT_FP16. */
#include "fpc.h"

/* h1 = 1.5, h2 = -0.375, h3 = 3.0; d4 = -2.5e9; s5 = 1.0e10; s6 = 2.5 */
static volatile const uint16_t HV[4] = { 0x4700, 0x3e00, 0xb600, 0x4200 };
static volatile const uint64_t D4 = 0xc1e2a05f20000000UL;
static volatile const uint32_t S56[2] = { 0x501502f9, 0x40200000 };

/* Loads h0 (7.0, the sentinel) - h3, d4, s5, s6, x9 = 0x5555; runs `text`, which leaves its result in x9. */
#define PROBE(name, text) do {                                                           \
        unsigned __u = fp_undefs;                                                          \
        uint64_t __r;                                                                      \
        clear_fpsr();                                                                      \
        __asm__ volatile("ldr h0, [%1]\n\tldr h1, [%1, #2]\n\tldr h2, [%1, #4]\n\tldr h3, [%1, #6]\n\t" \
                         "ldr d4, [%2]\n\tldr s5, [%3]\n\tldr s6, [%3, #4]\n\tmov x9, #0x5555\n\t"     \
                         text "\n\tmov %0, x9"                                            \
                         : "=r"(__r) : "r"(HV), "r"(&D4), "r"(S56)                        \
                         : "x9", "x10", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "cc", "memory"); \
        if (fp_undefs != __u)                                                              \
                printf("  %-24s UNDEFINED\n", name);                                       \
        else                                                                               \
                printf("  %-24s %016lx fpsr %lx\n", name, __r, get_fpsr());                \
} while (0)
#define H0 "\n\tumov w9, v0.h[0]"

void fp_probe(int fp16)
{
        printf("probe: FEAT_FP16 %s\n", fp16 ? "advertised" : "not advertised");
        PROBE("fadd h", "fadd h0, h1, h2" H0);
        PROBE("fmul h", "fmul h0, h1, h3" H0);
        PROBE("fdiv h", "fdiv h0, h3, h2" H0);
        PROBE("fnmul h", "fnmul h0, h1, h2" H0);
        PROBE("fmaxnm h", "fmaxnm h0, h1, h2" H0);
        PROBE("fsqrt h", "fsqrt h0, h3" H0);
        PROBE("fabs h", "fabs h0, h2" H0);
        PROBE("frinta h", "frinta h0, h1" H0);
        PROBE("fmadd h", "fmadd h0, h1, h2, h3" H0);
        PROBE("fcsel h", "msr nzcv, xzr\n\tfcsel h0, h1, h2, ne" H0);
        PROBE("scvtf h, w", "mov w10, #-7\n\tscvtf h0, w10" H0);
        PROBE("ucvtf h, x, #3", "mov x10, #1000\n\tucvtf h0, x10, #3" H0);
        PROBE("fcvtzs w, h", "fcvtzs w9, h2");
        PROBE("fcvtau x, h", "fcvtau x9, h1");
        PROBE("fcvtzs w, h, #4", "fcvtzs w9, h2, #4");
        PROBE("fcmpe h", "fcmpe h1, h2\n\tmrs x9, nzcv");
        PROBE("fcmp h, #0.0", "fcmp h2, #0.0\n\tmrs x9, nzcv");
        PROBE("fccmp h", "msr nzcv, xzr\n\tfccmp h1, h1, #3, eq\n\tmrs x9, nzcv");
        PROBE("fmov h, #imm", "fmov h0, #-1.25" H0);
        PROBE("fmov h, h", "fmov h0, h3" H0);
        PROBE("fmov h, w", "mov w10, #0x3c01\n\tfmov h0, w10" H0);
        PROBE("fmov x, h", "fmov x9, h2");
        PROBE("fcvt h, d (Armv8.0)", "fcvt h0, d4" H0);
        PROBE("fcvt s, h (Armv8.0)", "fcvt s0, h2\n\tfmov w9, s0");
        PROBE("fcvt d, h (Armv8.0)", "fcvt d0, h3\n\tfmov x9, d0");
        PROBE("fjcvtzs (JSCVT)", "fjcvtzs w9, d4\n\tmrs x10, nzcv\n\torr x9, x9, x10");
        PROBE("frint32z d (FRINTTS)", "frint32z d0, d4\n\tfmov x9, d0");
        PROBE("frint64x s (FRINTTS)", "frint64x s0, s5\n\tfmov w9, s0");
        PROBE("bfcvt h, s (BF16)", "bfcvt h0, s6" H0);
        set_fpcr(FPCR_FZ16 | FPCR_AHP | FPCR_RMODE(3) | 0x9f00);
        printf("  FPCR after writing FZ16|AHP|RZ|trap enables: %08lx\n", get_fpcr());
        set_fpcr(0);
        __asm__ volatile("msr fpsr, %0" :: "r"(0xffffffffffffffffUL));
        printf("  FPSR after writing all ones: %08lx\n", get_fpsr());
        clear_fpsr();
}
