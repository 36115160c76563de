/* fp-scalar-c: comparisons. FCMP/FCMPE (register and #0.0) NZCV, C comparisons (whatever
 * GCC makes of them: FCMP/FCMPE + CSET or FCSEL), FCCMP/FCCMPE and FCSEL, double and single,
 * with the FPSR flags (FCMPE signals on quiet NaNs), and FRINT* in every FPCR mode. */
#include "fpc.h"
#include "values.h"

#define NZCV(insn, reg, a, b) ({ uint64_t __f;                                               \
        __asm__ volatile("msr nzcv, xzr\n\t" insn " %" reg "1, %" reg "2\n\tmrs %0, nzcv"     \
                         : "=r"(__f) : "w"(a), "w"(b) : "cc"); __f >> 28; })
#define NZCV0(insn, reg, a) ({ uint64_t __f;                                                 \
        __asm__ volatile("msr nzcv, xzr\n\t" insn " %" reg "1, #0.0\n\tmrs %0, nzcv"          \
                         : "=r"(__f) : "w"(a) : "cc"); __f >> 28; })
/* FCCMP with NZCV preset to `pre` and condition EQ, else nzcv #0b1010 */
#define CCMP(insn, reg, pre, a, b) ({ uint64_t __f;                                          \
        __asm__ volatile("msr nzcv, %1\n\t" insn " %" reg "2, %" reg "3, #10, eq\n\tmrs %0, nzcv" \
                         : "=r"(__f) : "r"(pre), "w"(a), "w"(b) : "cc"); __f >> 28; })

static void compares(void)
{
        struct acc a = ACC_INIT, c = ACC_INIT;
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++) {
                double x = D(DV[i]);
                float xf = F(FV[i]);
                mix(&a, NZCV0("fcmp", "d", x)); mix(&a, NZCV0("fcmpe", "s", xf));
                for (unsigned j = 0; j < NDV; j++) {
                        double y = D(DV[j]);
                        float yf = F(FV[j]);
                        mix(&a, NZCV("fcmp", "d", x, y));
                        mix(&a, NZCV("fcmpe", "s", xf, yf));
                        mix(&a, CCMP("fccmp", "d", (uint64_t)(j & 1) << 30, x, y));
                        mix(&a, CCMP("fccmpe", "s", (uint64_t)(i & 1) << 30, xf, yf));
                        mix(&c, (x < y) | (x <= y) << 1 | (x == y) << 2 | (x != y) << 3 | __builtin_isunordered(x, y) << 4 |
                                (xf > yf) << 5 | (xf >= yf) << 6);
                        mix(&c, DB(x < y ? x : y));
                        mix(&c, FB(xf > yf ? xf : yf));
                }
        }
        printf("compare nzcv %016lx C %016lx (%lx)\n", a.h, c.h, get_fpsr());
}

#define RINT(insn, reg, r, a) __asm__ volatile(insn " %" reg "0, %" reg "1" : "=w"(r) : "w"(a))

static void rounding(uint64_t mode)
{
        struct acc a = ACC_INIT;
        set_fpcr(mode);
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++) {
                double d = D(DV[i]), r;
                float f = F(FV[i]), s;
                RINT("frintn", "d", r, d); mix(&a, DB(r)); RINT("frintp", "d", r, d); mix(&a, DB(r));
                RINT("frintm", "d", r, d); mix(&a, DB(r)); RINT("frintz", "d", r, d); mix(&a, DB(r));
                RINT("frinta", "d", r, d); mix(&a, DB(r)); RINT("frintx", "d", r, d); mix(&a, DB(r));
                RINT("frinti", "d", r, d); mix(&a, DB(r));
                RINT("frintn", "s", s, f); mix(&a, FB(s)); RINT("frinta", "s", s, f); mix(&a, FB(s));
                RINT("frintx", "s", s, f); mix(&a, FB(s)); RINT("frinti", "s", s, f); mix(&a, FB(s));
        }
        uint64_t flags = get_fpsr();
        set_fpcr(0);
        printf("frint fpcr=%08lx %016lx (%lx)\n", mode, a.h, flags);
}

void fp_compare(void)
{
        compares();
        for (unsigned m = 0; m < NMODES; m++)
                rounding(MODES[m]);
}
