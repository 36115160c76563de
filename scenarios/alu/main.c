/*
 * alu: integer arithmetic at EL2, no guest. Each section runs a group of A64 data-
 * processing instructions (through inline assembly, so the instructions are exactly
 * the ones named) over every pair of a set of inputs - edge values plus xorshift
 * values - and folds results and NZCV into a checksum. Then a hot loop of about
 * 9 million instructions (hot.S), the benchmark of the model's speed: long enough that the
 * figure measures the interpreter rather than the JIT warming up. The whole image retires
 * about 9.5 million.
 *
 * The expected checksums below were recorded from QEMU 7.2 (-cpu max and cortex-a57
 * agree); the scenario exits 1 if one differs. If you change a section, run the image
 * on QEMU and update its expected value.
 */
#include "runtime.h"

uint64_t hot_loop(uint64_t iterations, uint64_t seed);   /* hot.S */

#define HOT_ITERATIONS  1000000UL
#define HOT_SEED        0x9e3779b97f4a7c15UL

#define NVALS 24
static uint64_t vals[NVALS];

static const uint64_t edge_values[] = {
        0x0000000000000000UL, 0x0000000000000001UL, 0x0000000000000002UL,
        0x000000000000001fUL, 0x000000000000003fUL, 0x000000007fffffffUL,
        0x0000000080000000UL, 0x00000000ffffffffUL, 0x0000000100000000UL,
        0x7fffffffffffffffUL, 0x8000000000000000UL, 0xffffffffffffffffUL,
        0xfffffffffffffffeUL, 0x8000000080000000UL, 0x5555555555555555UL,
        0x0123456789abcdefUL,
};

static void make_inputs(void)
{
        uint64_t x = 0x2545f4914f6cdd1dUL;
        unsigned i;

        for (i = 0; i < ARRAY_SIZE(edge_values); i++)
                vals[i] = edge_values[i];
        for (; i < NVALS; i++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                vals[i] = x;
        }
}

/* checksum: FNV-1a style over 64-bit words */
#define MIX(acc, v)  ((acc) = ((acc) ^ (uint64_t)(v)) * 0x100000001b3UL)
#define ACC_INIT     0xcbf29ce484222325UL

#define FOR_PAIRS(a, b)                                                         \
        for (unsigned __i = 0; __i < NVALS; __i++)                              \
                for (unsigned __j = 0; __j < NVALS; __j++)                      \
                        for (uint64_t a = vals[__i], b = vals[__j], __once = 1; \
                             __once; __once = 0)

/*
 * Inline-assembly wrappers. Templates name their operands %[r] (result), %[a], %[b],
 * %[c] (inputs); the macro parameters are spelt differently so the preprocessor
 * leaves those names alone.
 */
/* r := <tmpl>(a, b) with NZCV = fin before; f := NZCV after */
#define OPF(tmpl, r_, f_, a_, b_, fin_)                                          \
        __asm__ volatile("msr nzcv, %x[fi]\n\t" tmpl "\n\tmrs %x[fo], nzcv"     \
                         : [r] "=&r"(r_), [fo] "=&r"(f_)                          \
                         : [a] "r"(a_), [b] "r"(b_), [fi] "r"(fin_)               \
                         : "cc")
/* r := <tmpl>(a, b); the template may set flags */
#define OP(tmpl, r_, a_, b_)                                                     \
        __asm__ volatile(tmpl : [r] "=&r"(r_) : [a] "r"(a_), [b] "r"(b_) : "cc")
/* r := <tmpl>(a, b, c) */
#define OP3(tmpl, r_, a_, b_, c_)                                                \
        __asm__ volatile(tmpl : [r] "=&r"(r_) : [a] "r"(a_), [b] "r"(b_), [c] "r"(c_))
/* r is read and written (bfi, bfxil, movk) */
#define OPRW(tmpl, r_, a_)                                                       \
        __asm__ volatile(tmpl : [r] "+r"(r_) : [a] "r"(a_))

/* one flag-setting op: mixes result and flags */
#define FLAGOP(acc, tmpl, a_, b_, fin_) do {                                     \
        uint64_t __res, __flags;                                                 \
        OPF(tmpl, __res, __flags, a_, b_, fin_);                                 \
        MIX(acc, __res);                                                         \
        MIX(acc, __flags);                                                       \
} while (0)
#define PLAINOP(acc, tmpl, a_, b_) do {                                          \
        uint64_t __res;                                                          \
        OP(tmpl, __res, a_, b_);                                                 \
        MIX(acc, __res);                                                         \
} while (0)
#define PLAINOP3(acc, tmpl, a_, b_, c_) do {                                     \
        uint64_t __res;                                                          \
        OP3(tmpl, __res, a_, b_, c_);                                            \
        MIX(acc, __res);                                                         \
} while (0)
#define RWOP(acc, tmpl, init_, a_) do {                                          \
        uint64_t __res = (init_);                                                \
        OPRW(tmpl, __res, a_);                                                   \
        MIX(acc, __res);                                                         \
} while (0)

/* ------------------------------------------------------------------------------ */
static uint64_t sec_addsub(void)
{
        uint64_t acc = ACC_INIT;

        FOR_PAIRS(a, b) {
                for (uint64_t fin = 0; fin <= NZCV_C; fin += NZCV_C) {
                        FLAGOP(acc, "adcs %x[r], %x[a], %x[b]", a, b, fin);
                        FLAGOP(acc, "sbcs %x[r], %x[a], %x[b]", a, b, fin);
                        FLAGOP(acc, "adcs %w[r], %w[a], %w[b]", a, b, fin);
                        FLAGOP(acc, "sbcs %w[r], %w[a], %w[b]", a, b, fin);
                        PLAINOP(acc, "msr nzcv, %x[b]\n\tadc %x[r], %x[a], %x[a]", a, fin);
                        PLAINOP(acc, "msr nzcv, %x[b]\n\tsbc %w[r], %w[a], wzr", a, fin);
                        PLAINOP(acc, "msr nzcv, %x[b]\n\tngc %x[r], %x[a]", a, fin);
                }
                FLAGOP(acc, "adds %x[r], %x[a], %x[b]", a, b, 0);
                FLAGOP(acc, "subs %x[r], %x[a], %x[b]", a, b, 0);
                FLAGOP(acc, "adds %w[r], %w[a], %w[b]", a, b, 0);
                FLAGOP(acc, "subs %w[r], %w[a], %w[b]", a, b, 0);
                FLAGOP(acc, "cmn %x[a], %x[b]\n\tmov %x[r], xzr", a, b, 0);
                FLAGOP(acc, "cmp %w[a], %w[b]\n\tmov %x[r], xzr", a, b, 0);
                FLAGOP(acc, "negs %x[r], %x[b]", a, b, 0);
                FLAGOP(acc, "negs %w[r], %w[b]", a, b, 0);
                PLAINOP(acc, "add %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "sub %w[r], %w[a], %w[b]", a, b);
                /* shifted register */
                PLAINOP(acc, "add %x[r], %x[a], %x[b], lsl #17", a, b);
                PLAINOP(acc, "sub %x[r], %x[a], %x[b], asr #5", a, b);
                FLAGOP(acc, "adds %x[r], %x[a], %x[b], lsr #63", a, b, 0);
                FLAGOP(acc, "subs %w[r], %w[a], %w[b], lsl #31", a, b, 0);
                FLAGOP(acc, "adds %w[r], %w[a], %w[b], asr #7", a, b, 0);
                PLAINOP(acc, "neg %x[r], %x[b], lsr #3", a, b);
                /* extended register */
                PLAINOP(acc, "add %x[r], %x[a], %w[b], uxtb #1", a, b);
                PLAINOP(acc, "add %x[r], %x[a], %w[b], sxth #2", a, b);
                PLAINOP(acc, "sub %x[r], %x[a], %w[b], sxtw #3", a, b);
                PLAINOP(acc, "sub %x[r], %x[a], %w[b], uxtw", a, b);
                PLAINOP(acc, "add %x[r], %x[a], %w[b], sxtb", a, b);
                FLAGOP(acc, "adds %x[r], %x[a], %x[b], uxtx #4", a, b, 0);
                FLAGOP(acc, "subs %w[r], %w[a], %w[b], uxth #2", a, b, 0);
                FLAGOP(acc, "subs %x[r], %x[a], %x[b], sxtx", a, b, 0);
                PLAINOP(acc, "add %w[r], %w[a], %w[b], sxtb #4", a, b);
                /* immediates */
                FLAGOP(acc, "adds %x[r], %x[a], #0xfff", a, b, 0);
                FLAGOP(acc, "subs %x[r], %x[a], #0xabc, lsl #12", a, b, 0);
                FLAGOP(acc, "adds %w[r], %w[a], #1", a, b, 0);
                FLAGOP(acc, "cmp %x[a], #0\n\tmov %x[r], xzr", a, b, 0);
                FLAGOP(acc, "cmn %w[a], #1\n\tmov %x[r], xzr", a, b, 0);
                PLAINOP(acc, "sub %w[r], %w[a], #0x123, lsl #12", a, b);
                PLAINOP(acc, "add %x[r], %x[a], #4095", a, b);
        }
        return acc;
}

static uint64_t sec_logic(void)
{
        uint64_t acc = ACC_INIT;

        FOR_PAIRS(a, b) {
                PLAINOP(acc, "and %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "orr %x[r], %x[a], %x[b], lsl #7", a, b);
                PLAINOP(acc, "eor %x[r], %x[a], %x[b], lsr #13", a, b);
                PLAINOP(acc, "bic %x[r], %x[a], %x[b], asr #19", a, b);
                PLAINOP(acc, "orn %x[r], %x[a], %x[b], ror #23", a, b);
                PLAINOP(acc, "eon %x[r], %x[a], %x[b], ror #1", a, b);
                PLAINOP(acc, "mvn %x[r], %x[b], lsl #2", a, b);
                PLAINOP(acc, "and %w[r], %w[a], %w[b], ror #9", a, b);
                PLAINOP(acc, "orr %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "eor %w[r], %w[a], %w[b], asr #31", a, b);
                PLAINOP(acc, "bic %w[r], %w[a], %w[b], lsr #1", a, b);
                PLAINOP(acc, "orn %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "eon %w[r], %w[a], %w[b], lsl #30", a, b);
                FLAGOP(acc, "ands %x[r], %x[a], %x[b]", a, b, NZCV_C | NZCV_V);
                FLAGOP(acc, "bics %x[r], %x[a], %x[b], ror #32", a, b, NZCV_V);
                FLAGOP(acc, "ands %w[r], %w[a], %w[b], lsl #3", a, b, NZCV_C);
                FLAGOP(acc, "bics %w[r], %w[a], %w[b]", a, b, 0);
                FLAGOP(acc, "tst %x[a], %x[b], lsr #1\n\tmov %x[r], xzr", a, b, 0);
                FLAGOP(acc, "tst %w[a], %w[b]\n\tmov %x[r], xzr", a, b, NZCV_C);
        }
        /* bitmask immediates: element sizes 2..64, rotations, 32-bit forms */
        for (unsigned i = 0; i < NVALS; i++) {
                uint64_t a = vals[i], b = 0;

                PLAINOP(acc, "and %x[r], %x[a], #0x5555555555555555", a, b);
                PLAINOP(acc, "and %x[r], %x[a], #0x3333333333333333", a, b);
                PLAINOP(acc, "orr %x[r], %x[a], #0x0f0f0f0f0f0f0f0f", a, b);
                PLAINOP(acc, "eor %x[r], %x[a], #0x00ff00ff00ff00ff", a, b);
                PLAINOP(acc, "and %x[r], %x[a], #0xffff0000ffff0000", a, b);
                PLAINOP(acc, "orr %x[r], %x[a], #0x00000000ffffffff", a, b);
                PLAINOP(acc, "eor %x[r], %x[a], #0xfffffffffffffffe", a, b);
                PLAINOP(acc, "and %x[r], %x[a], #0x8000000000000001", a, b);
                PLAINOP(acc, "orr %x[r], %x[a], #0x7ffffffffffffff0", a, b);
                PLAINOP(acc, "eor %x[r], %x[a], #0x0000000000000001", a, b);
                PLAINOP(acc, "and %x[r], %x[a], #0xc3c3c3c3c3c3c3c3", a, b);
                PLAINOP(acc, "orr %x[r], %x[a], #0x6666666666666666", a, b);
                PLAINOP(acc, "and %w[r], %w[a], #0x0000ffff", a, b);
                PLAINOP(acc, "orr %w[r], %w[a], #0x80000001", a, b);
                PLAINOP(acc, "eor %w[r], %w[a], #0xaaaaaaaa", a, b);
                PLAINOP(acc, "and %w[r], %w[a], #0xfffffffe", a, b);
                PLAINOP(acc, "orr %w[r], %w[a], #0x0ff00ff0", a, b);
                FLAGOP(acc, "ands %x[r], %x[a], #0xff00000000000000", a, b, NZCV_V);
                FLAGOP(acc, "ands %w[r], %w[a], #0x80000000", a, b, NZCV_C);
                FLAGOP(acc, "tst %x[a], #0x1\n\tmov %x[r], xzr", a, b, 0);
                PLAINOP(acc, "mov %x[r], #0x00ff00ff00ff00ff\n\teor %x[r], %x[r], %x[a]", a, b);
        }
        return acc;
}

static uint64_t sec_shift(void)
{
        uint64_t acc = ACC_INIT;

        FOR_PAIRS(a, b) {
                PLAINOP(acc, "lsl %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "lsr %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "asr %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "ror %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "lsl %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "lsr %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "asr %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "ror %w[r], %w[a], %w[b]", a, b);
        }
        for (unsigned i = 0; i < NVALS; i++) {
                uint64_t a = vals[i], b = 0;

                PLAINOP(acc, "lsl %x[r], %x[a], #1", a, b);
                PLAINOP(acc, "lsl %x[r], %x[a], #31", a, b);
                PLAINOP(acc, "lsl %x[r], %x[a], #63", a, b);
                PLAINOP(acc, "lsr %x[r], %x[a], #1", a, b);
                PLAINOP(acc, "lsr %x[r], %x[a], #32", a, b);
                PLAINOP(acc, "lsr %x[r], %x[a], #63", a, b);
                PLAINOP(acc, "asr %x[r], %x[a], #1", a, b);
                PLAINOP(acc, "asr %x[r], %x[a], #33", a, b);
                PLAINOP(acc, "asr %x[r], %x[a], #63", a, b);
                PLAINOP(acc, "ror %x[r], %x[a], #1", a, b);
                PLAINOP(acc, "ror %x[r], %x[a], #17", a, b);
                PLAINOP(acc, "ror %x[r], %x[a], #63", a, b);
                PLAINOP(acc, "lsl %w[r], %w[a], #31", a, b);
                PLAINOP(acc, "lsr %w[r], %w[a], #5", a, b);
                PLAINOP(acc, "asr %w[r], %w[a], #31", a, b);
                PLAINOP(acc, "asr %w[r], %w[a], #1", a, b);
                PLAINOP(acc, "ror %w[r], %w[a], #13", a, b);
        }
        return acc;
}

static uint64_t sec_bitfield(void)
{
        uint64_t acc = ACC_INIT;

        FOR_PAIRS(a, b) {
                RWOP(acc, "bfi %x[r], %x[a], #5, #13", b, a);
                RWOP(acc, "bfi %x[r], %x[a], #0, #64", b, a);
                RWOP(acc, "bfi %w[r], %w[a], #31, #1", b, a);
                RWOP(acc, "bfxil %x[r], %x[a], #50, #14", b, a);
                RWOP(acc, "bfxil %w[r], %w[a], #3, #20", b, a);
                RWOP(acc, "bfm %x[r], %x[a], #62, #5", b, a);
                /* bfc x, #8, #40 spelt as BFM (the bfc alias needs an Armv8.2 assembler) */
                RWOP(acc, "bfm %x[r], xzr, #56, #39\n\torr %x[r], %x[r], %x[a], lsl #60", b, a);
                PLAINOP(acc, "extr %x[r], %x[a], %x[b], #1", a, b);
                PLAINOP(acc, "extr %x[r], %x[a], %x[b], #37", a, b);
                PLAINOP(acc, "extr %x[r], %x[a], %x[b], #63", a, b);
                PLAINOP(acc, "extr %w[r], %w[a], %w[b], #7", a, b);
                PLAINOP(acc, "extr %w[r], %w[a], %w[b], #31", a, b);
        }
        for (unsigned i = 0; i < NVALS; i++) {
                uint64_t a = vals[i], b = 0;

                PLAINOP(acc, "ubfx %x[r], %x[a], #0, #1", a, b);
                PLAINOP(acc, "ubfx %x[r], %x[a], #3, #17", a, b);
                PLAINOP(acc, "ubfx %x[r], %x[a], #40, #24", a, b);
                PLAINOP(acc, "ubfx %x[r], %x[a], #63, #1", a, b);
                PLAINOP(acc, "sbfx %x[r], %x[a], #0, #1", a, b);
                PLAINOP(acc, "sbfx %x[r], %x[a], #3, #17", a, b);
                PLAINOP(acc, "sbfx %x[r], %x[a], #31, #33", a, b);
                PLAINOP(acc, "ubfx %w[r], %w[a], #3, #29", a, b);
                PLAINOP(acc, "sbfx %w[r], %w[a], #8, #8", a, b);
                PLAINOP(acc, "ubfiz %x[r], %x[a], #60, #4", a, b);
                PLAINOP(acc, "ubfiz %x[r], %x[a], #1, #63", a, b);
                PLAINOP(acc, "sbfiz %x[r], %x[a], #7, #25", a, b);
                PLAINOP(acc, "sbfiz %w[r], %w[a], #30, #2", a, b);
                PLAINOP(acc, "ubfm %x[r], %x[a], #17, #16", a, b);
                PLAINOP(acc, "sbfm %x[r], %x[a], #62, #1", a, b);
                PLAINOP(acc, "ubfm %w[r], %w[a], #31, #30", a, b);
                PLAINOP(acc, "sxtb %x[r], %w[a]", a, b);
                PLAINOP(acc, "sxth %x[r], %w[a]", a, b);
                PLAINOP(acc, "sxtw %x[r], %w[a]", a, b);
                PLAINOP(acc, "sxtb %w[r], %w[a]", a, b);
                PLAINOP(acc, "sxth %w[r], %w[a]", a, b);
                PLAINOP(acc, "uxtb %w[r], %w[a]", a, b);
                PLAINOP(acc, "uxth %w[r], %w[a]", a, b);
                PLAINOP(acc, "mov %w[r], %w[a]", a, b);
        }
        return acc;
}

static uint64_t sec_bits(void)
{
        uint64_t acc = ACC_INIT;

        FOR_PAIRS(a, b) {
                uint64_t v = a ^ (b >> (__j & 63));

                PLAINOP(acc, "clz %x[r], %x[a]", v, b);
                PLAINOP(acc, "cls %x[r], %x[a]", v, b);
                PLAINOP(acc, "rbit %x[r], %x[a]", v, b);
                PLAINOP(acc, "rev %x[r], %x[a]", v, b);
                PLAINOP(acc, "rev16 %x[r], %x[a]", v, b);
                PLAINOP(acc, "rev32 %x[r], %x[a]", v, b);
                PLAINOP(acc, "clz %w[r], %w[a]", v, b);
                PLAINOP(acc, "cls %w[r], %w[a]", v, b);
                PLAINOP(acc, "rbit %w[r], %w[a]", v, b);
                PLAINOP(acc, "rev %w[r], %w[a]", v, b);
                PLAINOP(acc, "rev16 %w[r], %w[a]", v, b);
        }
        return acc;
}

static uint64_t sec_mul(void)
{
        uint64_t acc = ACC_INIT;

        FOR_PAIRS(a, b) {
                uint64_t c = a ^ (b << 1);

                PLAINOP(acc, "mul %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "mneg %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "mul %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "umulh %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "smulh %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "umull %x[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "smull %x[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "umnegl %x[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "smnegl %x[r], %w[a], %w[b]", a, b);
                PLAINOP3(acc, "madd %x[r], %x[a], %x[b], %x[c]", a, b, c);
                PLAINOP3(acc, "msub %x[r], %x[a], %x[b], %x[c]", a, b, c);
                PLAINOP3(acc, "madd %w[r], %w[a], %w[b], %w[c]", a, b, c);
                PLAINOP3(acc, "msub %w[r], %w[a], %w[b], %w[c]", a, b, c);
                PLAINOP3(acc, "umaddl %x[r], %w[a], %w[b], %x[c]", a, b, c);
                PLAINOP3(acc, "smaddl %x[r], %w[a], %w[b], %x[c]", a, b, c);
                PLAINOP3(acc, "umsubl %x[r], %w[a], %w[b], %x[c]", a, b, c);
                PLAINOP3(acc, "smsubl %x[r], %w[a], %w[b], %x[c]", a, b, c);
        }
        return acc;
}

static uint64_t sec_div(void)
{
        uint64_t acc = ACC_INIT;

        /* includes division by zero (result 0) and INT_MIN / -1 (result INT_MIN) */
        FOR_PAIRS(a, b) {
                PLAINOP(acc, "udiv %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "sdiv %x[r], %x[a], %x[b]", a, b);
                PLAINOP(acc, "udiv %w[r], %w[a], %w[b]", a, b);
                PLAINOP(acc, "sdiv %w[r], %w[a], %w[b]", a, b);
                /* remainder, as a compiler computes it */
                PLAINOP(acc, "sdiv %x[r], %x[a], %x[b]\n\tmsub %x[r], %x[r], %x[b], %x[a]", a, b);
        }
        return acc;
}

/* all 16 conditions against one NZCV value: bit i = condition i holds */
#define COND_BIT(cond, i) \
        "csel %x[t], %x[one], xzr, " #cond "\n\torr %x[m], %x[m], %x[t], lsl #" #i "\n\t"
#define BR_BIT(cond, i) \
        "b." #cond " 1f\n\tb 2f\n1:\torr %x[m], %x[m], #(1 << " #i ")\n2:\n\t"

static uint64_t sec_cond(void)
{
        uint64_t acc = ACC_INIT;

        /* condition evaluation: every NZCV against every condition, csel and b.cond */
        for (uint64_t nzcv = 0; nzcv < 16; nzcv++) {
                uint64_t m = 0, t, one = 1, f = nzcv << 28;

                __asm__ volatile("msr nzcv, %x[f]\n\t"
                                 COND_BIT(eq, 0) COND_BIT(ne, 1) COND_BIT(cs, 2)
                                 COND_BIT(cc, 3) COND_BIT(mi, 4) COND_BIT(pl, 5)
                                 COND_BIT(vs, 6) COND_BIT(vc, 7) COND_BIT(hi, 8)
                                 COND_BIT(ls, 9) COND_BIT(ge, 10) COND_BIT(lt, 11)
                                 COND_BIT(gt, 12) COND_BIT(le, 13) COND_BIT(al, 14)
                                 COND_BIT(nv, 15)
                                 : [m] "+r"(m), [t] "=&r"(t)
                                 : [one] "r"(one), [f] "r"(f)
                                 : "cc");
                MIX(acc, m);
                m = 0;
                __asm__ volatile("msr nzcv, %x[f]\n\t"
                                 BR_BIT(eq, 0) BR_BIT(ne, 1) BR_BIT(cs, 2)
                                 BR_BIT(cc, 3) BR_BIT(mi, 4) BR_BIT(pl, 5)
                                 BR_BIT(vs, 6) BR_BIT(vc, 7) BR_BIT(hi, 8)
                                 BR_BIT(ls, 9) BR_BIT(ge, 10) BR_BIT(lt, 11)
                                 BR_BIT(gt, 12) BR_BIT(le, 13) BR_BIT(al, 14)
                                 BR_BIT(nv, 15)
                                 : [m] "+r"(m)
                                 : [f] "r"(f)
                                 : "cc");
                MIX(acc, m);
        }

        FOR_PAIRS(a, b) {
                /* conditional select after a real compare */
                PLAINOP(acc, "cmp %x[a], %x[b]\n\tcsel %x[r], %x[a], %x[b], lt", a, b);
                PLAINOP(acc, "cmp %x[a], %x[b]\n\tcsinc %x[r], %x[a], %x[b], hi", a, b);
                PLAINOP(acc, "cmp %w[a], %w[b]\n\tcsinv %x[r], %x[a], %x[b], ge", a, b);
                PLAINOP(acc, "cmp %w[a], %w[b]\n\tcsneg %w[r], %w[a], %w[b], ls", a, b);
                PLAINOP(acc, "cmn %x[a], %x[b]\n\tcset %x[r], vs", a, b);
                PLAINOP(acc, "cmp %x[a], %x[b]\n\tcsetm %w[r], cc", a, b);
                PLAINOP(acc, "tst %x[a], %x[b]\n\tcinc %x[r], %x[a], ne", a, b);
                PLAINOP(acc, "cmp %x[b], #0\n\tcneg %x[r], %x[a], mi", a, b);
                PLAINOP(acc, "cmp %w[a], %w[b]\n\tcinv %w[r], %w[b], gt", a, b);
                /* conditional compare, register and immediate forms */
                for (uint64_t fin = 0; fin < 16; fin += 5) {
                        FLAGOP(acc, "ccmp %x[a], %x[b], #0x0, eq\n\tmov %x[r], xzr", a, b, fin << 28);
                        FLAGOP(acc, "ccmp %w[a], %w[b], #0xf, ne\n\tmov %x[r], xzr", a, b, fin << 28);
                        FLAGOP(acc, "ccmn %x[a], %x[b], #0x2, ge\n\tmov %x[r], xzr", a, b, fin << 28);
                        FLAGOP(acc, "ccmp %x[a], #31, #0x8, hi\n\tmov %x[r], xzr", a, b, fin << 28);
                        FLAGOP(acc, "ccmn %w[a], #1, #0x4, vc\n\tmov %x[r], xzr", a, b, fin << 28);
                }
        }

        /* compare-and-branch and test-and-branch */
        for (unsigned i = 0; i < NVALS; i++) {
                uint64_t v = vals[i], m = 0;

                __asm__ volatile("cbz %x[v], 1f\n\torr %x[m], %x[m], #1\n1:\n\t"
                                 "cbnz %x[v], 1f\n\torr %x[m], %x[m], #2\n1:\n\t"
                                 "cbz %w[v], 1f\n\torr %x[m], %x[m], #4\n1:\n\t"
                                 "cbnz %w[v], 1f\n\torr %x[m], %x[m], #8\n1:\n\t"
                                 "tbz %x[v], #0, 1f\n\torr %x[m], %x[m], #0x10\n1:\n\t"
                                 "tbnz %x[v], #1, 1f\n\torr %x[m], %x[m], #0x20\n1:\n\t"
                                 "tbz %w[v], #31, 1f\n\torr %x[m], %x[m], #0x40\n1:\n\t"
                                 "tbnz %x[v], #32, 1f\n\torr %x[m], %x[m], #0x80\n1:\n\t"
                                 "tbz %x[v], #63, 1f\n\torr %x[m], %x[m], #0x100\n1:\n\t"
                                 : [m] "+r"(m)
                                 : [v] "r"(v));
                MIX(acc, m);
        }
        return acc;
}

static uint64_t sec_movewide(void)
{
        uint64_t acc = ACC_INIT;
        uint64_t r, z = 0;

        OP("movz %x[r], #0x1234, lsl #48", r, z, z);             MIX(acc, r);
        OP("movz %x[r], #0xffff", r, z, z);                      MIX(acc, r);
        OP("movn %x[r], #0", r, z, z);                           MIX(acc, r);
        OP("movn %x[r], #0x1, lsl #32", r, z, z);                MIX(acc, r);
        OP("movz %w[r], #0xffff, lsl #16", r, z, z);             MIX(acc, r);
        OP("movn %w[r], #0", r, z, z);                           MIX(acc, r);
        OP("movn %w[r], #0x8000, lsl #16", r, z, z);             MIX(acc, r);
        for (unsigned i = 0; i < NVALS; i++) {
                RWOP(acc, "movk %x[r], #0xbeef, lsl #32", vals[i], z);
                RWOP(acc, "movk %x[r], #0x0, lsl #48", vals[i], z);
                RWOP(acc, "movk %x[r], #0xffff", vals[i], z);
                RWOP(acc, "movk %w[r], #0xcafe, lsl #16", vals[i], z);
                RWOP(acc, "movk %w[r], #0x1", vals[i], z);
        }
        return acc;
}

/* ------------------------------------------------------------------------------ */
struct section {
        const char *name;
        uint64_t (*run)(void);
        uint64_t expected;
};

static const struct section sections[] = {
        { "addsub",   sec_addsub,   0x78e7c0be66fa3023UL },
        { "logic",    sec_logic,    0xbf1ace167f5d52fcUL },
        { "shift",    sec_shift,    0xe46f1d67dfb78a50UL },
        { "bitfield", sec_bitfield, 0xc85f04c3cb8352e1UL },
        { "bits",     sec_bits,     0xe98de69372c73e09UL },
        { "mul",      sec_mul,      0x18e0346d4c418c62UL },
        { "div",      sec_div,      0xd229092caa55a1ecUL },
        { "cond",     sec_cond,     0x976041d76bfcea2bUL },
        { "movewide", sec_movewide, 0x2e1069f5b5e0341dUL },
};
#define HOT_EXPECTED 0xf0fc2d478f172b28UL

int main(void)
{
        struct reg_pair sums[ARRAY_SIZE(sections) + 1];
        int failures = 0;
        uint64_t hot;

        make_inputs();
        printf("alu: %u inputs, %u pairs a section\n", NVALS, NVALS * NVALS);
        for (unsigned i = 0; i < ARRAY_SIZE(sections); i++) {
                const struct section *s = &sections[i];
                uint64_t sum = s->run();

                printf("alu %-9s checksum=0x%016lx %s\n", s->name, sum,
                       sum == s->expected ? "ok" : "MISMATCH");
                if (sum != s->expected) {
                        printf("  expected 0x%016lx\n", s->expected);
                        failures++;
                }
                sums[i].name = s->name;
                sums[i].value = sum;
        }

        printf("alu hot loop: %lu iterations\n", HOT_ITERATIONS);
        hot = hot_loop(HOT_ITERATIONS, HOT_SEED);
        printf("alu hot       checksum=0x%016lx %s\n", hot, hot == HOT_EXPECTED ? "ok" : "MISMATCH");
        if (hot != HOT_EXPECTED) {
                printf("  expected 0x%016lx\n", HOT_EXPECTED);
                failures++;
        }
        sums[ARRAY_SIZE(sections)].name = "hot";
        sums[ARRAY_SIZE(sections)].value = hot;
        regs_dump_pairs("alu", sums, ARRAY_SIZE(sums));

        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
