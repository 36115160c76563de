/* fp-scalar-c: + - * / (C operators), fused multiply-add, square root, min/max and FNMUL, double
 * and single precision, over every pair (triple for fma) of DV/FV in every FPCR mode of MODES. */
#include "fpc.h"
#include "values.h"

#define ASM2(insn, reg, r, a, b) __asm__ volatile(insn " %" reg "0, %" reg "1, %" reg "2" : "=w"(r) : "w"(a), "w"(b))
#define ASM1(insn, reg, r, a) __asm__ volatile(insn " %" reg "0, %" reg "1" : "=w"(r) : "w"(a))
#define ASM3(insn, reg, r, a, b, c) __asm__ volatile(insn " %" reg "0, %" reg "1, %" reg "2, %" reg "3" : "=w"(r) : "w"(a), "w"(b), "w"(c))

static void arith_d(uint64_t mode)
{
        struct acc add = ACC_INIT, mul = ACC_INIT, div = ACC_INIT, fma = ACC_INIT, other = ACC_INIT;
        uint64_t flags[5];

        set_fpcr(mode);
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++)
                for (unsigned j = 0; j < NDV; j++) {
                        double a = D(DV[i]), b = D(DV[j]);
                        mix(&add, DB(a + b));
                        mix(&add, DB(a - b));
                }
        flags[0] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++)
                for (unsigned j = 0; j < NDV; j++) {
                        double a = D(DV[i]), b = D(DV[j]), r;
                        mix(&mul, DB(a * b));
                        ASM2("fnmul", "d", r, a, b);
                        mix(&mul, DB(r));
                }
        flags[1] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++)
                for (unsigned j = 0; j < NDV; j++)
                        mix(&div, DB(D(DV[i]) / D(DV[j])));
        flags[2] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i += 3)
                for (unsigned j = 1; j < NDV; j += 2)
                        for (unsigned k = 0; k < NDV; k += 4) {
                                double a = D(DV[i]), b = D(DV[j]), c = D(DV[k]), r;
                                ASM3("fmadd", "d", r, a, b, c); mix(&fma, DB(r));
                                ASM3("fmsub", "d", r, a, b, c); mix(&fma, DB(r));
                                ASM3("fnmadd", "d", r, a, b, c); mix(&fma, DB(r));
                                ASM3("fnmsub", "d", r, a, b, c); mix(&fma, DB(r));
                        }
        flags[3] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++) {
                double a = D(DV[i]), r;
                ASM1("fsqrt", "d", r, a); mix(&other, DB(r));
                ASM1("fabs", "d", r, a); mix(&other, DB(r));
                ASM1("fneg", "d", r, a); mix(&other, DB(r));
                for (unsigned j = 0; j < NDV; j += 3) {
                        double b = D(DV[j]);
                        ASM2("fmax", "d", r, a, b); mix(&other, DB(r));
                        ASM2("fmin", "d", r, a, b); mix(&other, DB(r));
                        ASM2("fmaxnm", "d", r, a, b); mix(&other, DB(r));
                        ASM2("fminnm", "d", r, a, b); mix(&other, DB(r));
                }
        }
        flags[4] = get_fpsr();
        set_fpcr(0);
        printf("arith.d fpcr=%08lx add/sub %016lx (%lx) mul %016lx (%lx) div %016lx (%lx) fma %016lx (%lx) sqrt/abs/neg/min/max %016lx (%lx)\n",
               mode, add.h, flags[0], mul.h, flags[1], div.h, flags[2], fma.h, flags[3], other.h, flags[4]);
}

static void arith_s(uint64_t mode)
{
        struct acc add = ACC_INIT, mul = ACC_INIT, fma = ACC_INIT, other = ACC_INIT;
        uint64_t flags[4];

        set_fpcr(mode);
        clear_fpsr();
        for (unsigned i = 0; i < NFV; i++)
                for (unsigned j = 0; j < NFV; j++) {
                        float a = F(FV[i]), b = F(FV[j]);
                        mix(&add, FB(a + b));
                        mix(&add, FB(a - b));
                }
        flags[0] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 0; i < NFV; i++)
                for (unsigned j = 0; j < NFV; j++) {
                        float a = F(FV[i]), b = F(FV[j]), r;
                        mix(&mul, FB(a * b));
                        mix(&mul, FB(a / b));
                        ASM2("fnmul", "s", r, a, b);
                        mix(&mul, FB(r));
                }
        flags[1] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 1; i < NFV; i += 3)
                for (unsigned j = 0; j < NFV; j += 2)
                        for (unsigned k = 0; k < NFV; k += 4) {
                                float a = F(FV[i]), b = F(FV[j]), c = F(FV[k]), r;
                                ASM3("fmadd", "s", r, a, b, c); mix(&fma, FB(r));
                                ASM3("fnmsub", "s", r, a, b, c); mix(&fma, FB(r));
                        }
        flags[2] = get_fpsr();
        clear_fpsr();
        for (unsigned i = 0; i < NFV; i++) {
                float a = F(FV[i]), r;
                ASM1("fsqrt", "s", r, a); mix(&other, FB(r));
                for (unsigned j = 0; j < NFV; j += 4) {
                        float b = F(FV[j]);
                        ASM2("fmaxnm", "s", r, a, b); mix(&other, FB(r));
                        ASM2("fmin", "s", r, a, b); mix(&other, FB(r));
                }
        }
        flags[3] = get_fpsr();
        set_fpcr(0);
        printf("arith.s fpcr=%08lx add/sub %016lx (%lx) mul/div %016lx (%lx) fma %016lx (%lx) sqrt/min/max %016lx (%lx)\n",
               mode, add.h, flags[0], mul.h, flags[1], fma.h, flags[2], other.h, flags[3]);
}

void fp_arith(void)
{
        volatile double x = 0.1, y = 0.2, three = 3.0, two = 2.0;
        double s, r;

        s = x + y;
        ASM1("fsqrt", "d", r, two);
        printf("0.1 + 0.2 = %016lx, 1/3 = %016lx, sqrt(2) = %016lx, (float)(0.1f * 3) = %08x\n",
               DB(s), DB(1.0 / three), DB(r), FB((float)x * 3.0f));
        for (unsigned m = 0; m < NMODES; m++)
                arith_d(MODES[m]);
        for (unsigned m = 0; m < NMODES; m++)
                arith_s(MODES[m]);
}
