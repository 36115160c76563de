/* fp-scalar-c: conversions. FCVT between double, single and half (with FPCR.AHP too), FP to
 * 32/64-bit integers in every rounding (C casts are FCVTZS/FCVTZU; FCVTN/P/M/A by asm), integers
 * to FP (C casts: SCVTF/UCVTF) and the fixed-point forms, in every FPCR mode of MODES. */
#include "fpc.h"
#include "values.h"

#define CVT(insn, out, in, r, a) __asm__ volatile(insn " %" out "0, %" in "1" : "=r"(r) : "w"(a))

static volatile const uint64_t IV[] = {
        0, 1, 0xffffffffffffffff, 0x80000000, 0x7fffffff, 0xffffffff, 0x8000000000000000, 0x7fffffffffffffff,
        0x20000000000001, 0x123456789abcdef, 0xfffffffffffffffd, 0x1000001, 0xffffffff80000001, 0x7fffffc0,
};
#define NIV (sizeof(IV) / sizeof(IV[0]))

static void precision(uint64_t mode)
{
        struct acc a = ACC_INIT;
        set_fpcr(mode);
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++) {
                double d = D(DV[i]);
                float f = F(FV[i]);
                uint32_t hb;
                double dd;
                float ff;
                mix(&a, FB((float)d));
                mix(&a, DB((double)f));
                /* Half precision stays in v16 (UMOV reads it): no FEAT_FP16 instruction here. */
                __asm__ volatile("fcvt h16, %d2\n\tumov %w0, v16.h[0]\n\tfcvt %d1, h16" : "=r"(hb), "=w"(dd) : "w"(d) : "v16");
                mix(&a, hb); mix(&a, DB(dd));
                __asm__ volatile("fcvt h16, %s2\n\tumov %w0, v16.h[0]\n\tfcvt %s1, h16" : "=r"(hb), "=w"(ff) : "w"(f) : "v16");
                mix(&a, hb); mix(&a, FB(ff));
        }
        uint64_t flags = get_fpsr();
        set_fpcr(0);
        printf("fcvt fpcr=%08lx %016lx (%lx)\n", mode, a.h, flags);
}

static void to_int(uint64_t mode)
{
        struct acc a = ACC_INIT;
        set_fpcr(mode);
        clear_fpsr();
        for (unsigned i = 0; i < NDV; i++) {
                double d = D(DV[i]);
                float f = F(FV[i]);
                uint64_t x;
                uint32_t w;
                mix(&a, (uint32_t)(int32_t)d); mix(&a, (uint32_t)d); mix(&a, (uint64_t)(int64_t)d); mix(&a, (uint64_t)d);
                CVT("fcvtzs", "w", "s", w, f); mix(&a, w);
                CVT("fcvtzu", "x", "s", x, f); mix(&a, x);
                CVT("fcvtns", "w", "d", w, d); mix(&a, w);
                CVT("fcvtnu", "x", "d", x, d); mix(&a, x);
                CVT("fcvtps", "x", "d", x, d); mix(&a, x);
                CVT("fcvtpu", "w", "s", w, f); mix(&a, w);
                CVT("fcvtms", "w", "d", w, d); mix(&a, w);
                CVT("fcvtmu", "x", "s", x, f); mix(&a, x);
                CVT("fcvtas", "x", "d", x, d); mix(&a, x);
                CVT("fcvtau", "w", "d", w, d); mix(&a, w);
                CVT("fcvtas", "w", "s", w, f); mix(&a, w);
                __asm__ volatile("fcvtzs %w0, %d1, #16" : "=r"(w) : "w"(d)); mix(&a, w);
                __asm__ volatile("fcvtzu %x0, %d1, #60" : "=r"(x) : "w"(d)); mix(&a, x);
                __asm__ volatile("fcvtzs %x0, %s1, #1" : "=r"(x) : "w"(f)); mix(&a, x);
                __asm__ volatile("fcvtzu %w0, %s1, #32" : "=r"(w) : "w"(f)); mix(&a, w);
        }
        uint64_t flags = get_fpsr();
        set_fpcr(0);
        printf("fp->int fpcr=%08lx %016lx (%lx)\n", mode, a.h, flags);
}

static void from_int(uint64_t mode)
{
        struct acc a = ACC_INIT;
        set_fpcr(mode);
        clear_fpsr();
        for (unsigned i = 0; i < NIV; i++) {
                uint64_t x = IV[i];
                uint32_t w = (uint32_t)x;
                double d;
                float f;
                mix(&a, DB((double)(int64_t)x)); mix(&a, DB((double)x)); mix(&a, DB((double)(int32_t)w)); mix(&a, DB((double)w));
                mix(&a, FB((float)(int64_t)x)); mix(&a, FB((float)x)); mix(&a, FB((float)(int32_t)w)); mix(&a, FB((float)w));
                __asm__ volatile("scvtf %d0, %x1, #12" : "=w"(d) : "r"(x)); mix(&a, DB(d));
                __asm__ volatile("ucvtf %d0, %w1, #32" : "=w"(d) : "r"(w)); mix(&a, DB(d));
                __asm__ volatile("scvtf %s0, %w1, #3" : "=w"(f) : "r"(w)); mix(&a, FB(f));
                __asm__ volatile("ucvtf %s0, %x1, #64" : "=w"(f) : "r"(x)); mix(&a, FB(f));
        }
        uint64_t flags = get_fpsr();
        set_fpcr(0);
        printf("int->fp fpcr=%08lx %016lx (%lx)\n", mode, a.h, flags);
}

void fp_convert(void)
{
        for (unsigned m = 0; m < NMODES; m++) {
                precision(MODES[m]);
                to_int(MODES[m]);
                from_int(MODES[m]);
        }
        precision(FPCR_AHP);
        precision(FPCR_AHP | FPCR_DN | FPCR_RMODE(2));
        precision(FPCR_FZ16 | FPCR_FZ);
}
