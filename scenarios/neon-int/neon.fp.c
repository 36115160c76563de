/*
 * neon-int's Advanced SIMD code (built with FP/SIMD, see the Makefile's *.fp.c rule). Inputs
 * come from an LCG seeded through a volatile, so the compiler cannot fold the intrinsics;
 * every result is printed as hex, and FPSR.QC after each saturating group.
 */
#include <arm_neon.h>
#include "runtime.h"

static volatile uint64_t seed = 0x9e3779b97f4a7c15UL;
static uint64_t state;

static uint64_t next(void)
{
        state = state * 6364136223846793005UL + 1442695040888963407UL;
        return state ^ (state >> 29);
}

/* 16 bytes: random, or (every third vector) lanes of edge values. */
static uint8x16_t input(int k)
{
        static const uint64_t edges[] = { 0, ~0UL, 0x8000000000000000UL, 0x7fffffffffffffffUL,
                0x8080808080808080UL, 0x7f7f7f7f7f7f7f7fUL, 0x8000800080008000UL, 0x7fff7fff7fff7fffUL,
                0x8000000080000000UL, 0x7fffffff7fffffffUL, 0x0101010101010101UL, 0xff00ff00ff00ff00UL };
        uint64x2_t v;
        if (k % 3 == 2)
                v = (uint64x2_t){ edges[next() % 12], edges[next() % 12] };
        else
                v = (uint64x2_t){ next(), next() };
        return (uint8x16_t)v;
}

static void p128(const char *name, uint64x2_t v)
{
        printf("  %-10s %016lx_%016lx\n", name, vgetq_lane_u64(v, 1), vgetq_lane_u64(v, 0));
}

static void p64(const char *name, uint64_t v)
{
        printf("  %-10s %016lx\n", name, v);
}

#define Q(name, v) p128(name, (uint64x2_t)(v))
#define D(name, v) p64(name, vget_lane_u64((uint64x1_t)(v), 0))

static uint64_t fpsr_qc(void)
{
        uint64_t f;
        __asm__ volatile("mrs %0, fpsr" : "=r"(f));
        __asm__ volatile("msr fpsr, xzr");
        return (f >> 27) & 1;
}

static void saturating(uint8x16_t a, uint8x16_t b)
{
        Q("sqadd.b", vqaddq_s8((int8x16_t)a, (int8x16_t)b));
        Q("uqsub.h", vqsubq_u16((uint16x8_t)a, (uint16x8_t)b));
        Q("sqdmulh.h", vqdmulhq_s16((int16x8_t)a, (int16x8_t)b));
        Q("sqrdmulh.s", vqrdmulhq_s32((int32x4_t)a, (int32x4_t)b));
        Q("sqshl.b", vqshlq_s8((int8x16_t)a, (int8x16_t)vandq_u8(b, vdupq_n_u8(0x8f))));
        Q("uqrshl.s", vqrshlq_u32((uint32x4_t)a, (int32x4_t)vandq_u8(b, vdupq_n_u8(0x9f))));
        Q("sqabs.b", vqabsq_s8((int8x16_t)a));
        Q("sqneg.h", vqnegq_s16((int16x8_t)a));
        Q("suqadd.b", vuqaddq_s8((int8x16_t)a, b));
        Q("usqadd.s", vsqaddq_u32((uint32x4_t)a, (int32x4_t)b));
        D("sqxtn", vqmovn_s32((int32x4_t)a));
        D("sqxtun", vqmovun_s16((int16x8_t)a));
        D("uqxtn", vqmovn_u64((uint64x2_t)a));
        D("sqshrn", vqshrn_n_s32((int32x4_t)a, 5));
        D("sqrshrun", vqrshrun_n_s16((int16x8_t)a, 3));
        Q("sqshlu", vqshluq_n_s16((int16x8_t)a, 9));
        Q("sqdmlal", vqdmlal_s16((int32x4_t)b, vget_low_s16((int16x8_t)a), vget_high_s16((int16x8_t)a)));
        p64("sqaddd", (uint64_t)vqaddd_s64(vgetq_lane_s64((int64x2_t)a, 0), vgetq_lane_s64((int64x2_t)b, 1)));
        p64("sqdmulls", (uint64_t)vqdmulls_s32(vgetq_lane_s32((int32x4_t)a, 1), vgetq_lane_s32((int32x4_t)b, 2)));
        printf("  QC = %lu\n", fpsr_qc());
}

static void widening(uint8x16_t a, uint8x16_t b)
{
        Q("sxtl", vmovl_s8(vget_low_s8((int8x16_t)a)));
        Q("uaddl2", vaddl_high_u8(a, b));
        Q("ssubw", vsubw_s16((int32x4_t)a, vget_low_s16((int16x8_t)b)));
        D("addhn", vaddhn_u16((uint16x8_t)a, (uint16x8_t)b));
        D("raddhn", vraddhn_s32((int32x4_t)a, (int32x4_t)b));
        Q("rsubhn2", vrsubhn_high_u64(vget_low_u32((uint32x4_t)b), (uint64x2_t)a, (uint64x2_t)b));
        Q("smull", vmull_s8(vget_low_s8((int8x16_t)a), vget_low_s8((int8x16_t)b)));
        Q("umull2.s", vmull_high_u32((uint32x4_t)a, (uint32x4_t)b));
        Q("pmull.b", vmull_p8(vget_low_p8((poly8x16_t)a), vget_low_p8((poly8x16_t)b)));
        Q("pmul", vmulq_p8((poly8x16_t)a, (poly8x16_t)b));
        Q("uabal", vabal_u8((uint16x8_t)b, vget_low_u8(a), vget_high_u8(a)));
        Q("sabdl2", vabdl_high_s16((int16x8_t)a, (int16x8_t)b));
        Q("smlsl", vmlsl_s16((int32x4_t)b, vget_low_s16((int16x8_t)a), vget_low_s16((int16x8_t)b)));
        Q("shll", vshll_n_u8(vget_low_u8(a), 8));
        D("xtn", vmovn_u16((uint16x8_t)a));
}

static void pairwise(uint8x16_t a, uint8x16_t b)
{
        Q("addp.b", vpaddq_u8(a, b));
        D("smaxp.h", vpmax_s16(vget_low_s16((int16x8_t)a), vget_high_s16((int16x8_t)b)));
        D("uminp.s", vpmin_u32(vget_low_u32((uint32x4_t)a), vget_low_u32((uint32x4_t)b)));
        Q("uaddlp", vpaddlq_u8(a));
        Q("sadalp", vpadalq_s16((int32x4_t)b, (int16x8_t)a));
        p64("addp.d", vpaddd_u64((uint64x2_t)a));
        p64("addv.b", vaddvq_u8(a));
        p64("saddlv.h", (uint64_t)(int64_t)vaddlvq_s16((int16x8_t)a));
        p64("uaddlv.s", vaddlvq_u32((uint32x4_t)a));
        p64("umaxv.s", vmaxvq_u32((uint32x4_t)a));
        p64("sminv.b", (uint64_t)(int64_t)vminvq_s8((int8x16_t)a));
}

static void shifts(uint8x16_t a, uint8x16_t b)
{
        Q("sshr.h", vshrq_n_s16((int16x8_t)a, 7));
        Q("ursra.s", vrsraq_n_u32((uint32x4_t)b, (uint32x4_t)a, 13));
        Q("sri.b", vsriq_n_u8(b, a, 3));
        Q("sli.d", vsliq_n_u64((uint64x2_t)b, (uint64x2_t)a, 17));
        Q("sshl.b", vshlq_s8((int8x16_t)a, (int8x16_t)vandq_u8(b, vdupq_n_u8(0x8f))));
        Q("urshl.h", vrshlq_u16((uint16x8_t)a, (int16x8_t)vandq_u8(b, vdupq_n_u8(0x9f))));
        D("rshrn", vrshrn_n_u32((uint32x4_t)a, 11));
        Q("ushll2", vshll_high_n_u16((uint16x8_t)a, 4));
        Q("srshr.d", vrshrq_n_s64((int64x2_t)a, 33));
}

static void misc(uint8x16_t a, uint8x16_t b)
{
        Q("cls.b", vclsq_s8((int8x16_t)a));
        Q("clz.h", vclzq_u16((uint16x8_t)a));
        Q("cnt", vcntq_u8(a));
        Q("rbit", vrbitq_u8(a));
        Q("rev64.h", vrev64q_u16((uint16x8_t)a));
        Q("rev16", vrev16q_u8(a));
        Q("not", vmvnq_u8(a));
        Q("abs.d", vabsq_s64((int64x2_t)a));
        Q("neg.s", vnegq_s32((int32x4_t)a));
        Q("cmeq0.b", vceqzq_s8((int8x16_t)a));
        Q("cmlt0.h", vcltzq_s16((int16x8_t)a));
        Q("cmhi.s", vcgtq_u32((uint32x4_t)a, (uint32x4_t)b));
        Q("cmtst.d", vtstq_u64((uint64x2_t)a, (uint64x2_t)b));
        Q("urecpe", vrecpeq_u32((uint32x4_t)a));
        Q("ursqrte", vrsqrteq_u32((uint32x4_t)a));
        Q("uhadd.b", vhaddq_u8(a, b));
        Q("srhadd.h", vrhaddq_s16((int16x8_t)a, (int16x8_t)b));
        Q("saba.s", vabaq_s32((int32x4_t)a, (int32x4_t)b, (int32x4_t)a));
        Q("mla.h", vmlaq_u16((uint16x8_t)a, (uint16x8_t)b, (uint16x8_t)a));
}

static void permutes(uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t d)
{
        uint8x16x2_t t2 = { { a, b } };
        uint8x16x4_t t4 = { { a, b, c, d } };
        uint8x16_t idx = vandq_u8(c, vdupq_n_u8(0x3f));
        Q("zip1.b", vzip1q_u8(a, b));
        Q("uzp2.h", vuzp2q_u16((uint16x8_t)a, (uint16x8_t)b));
        Q("trn1.s", vtrn1q_s32((int32x4_t)a, (int32x4_t)b));
        Q("zip2.d", vzip2q_u64((uint64x2_t)a, (uint64x2_t)b));
        Q("ext #5", vextq_u8(a, b, 5));
        D("ext8 #3", vext_u8(vget_low_u8(a), vget_low_u8(b), 3));
        Q("tbl1", vqtbl1q_u8(a, vandq_u8(c, vdupq_n_u8(0x1f))));
        Q("tbl2", vqtbl2q_u8(t2, idx));
        Q("tbx4", vqtbx4q_u8(d, t4, vandq_u8(c, vdupq_n_u8(0x7f))));
}

static void by_element(uint8x16_t a, uint8x16_t b)
{
        Q("mul[5].h", vmulq_laneq_s16((int16x8_t)a, (int16x8_t)b, 5));
        Q("mla[3].s", vmlaq_laneq_u32((uint32x4_t)a, (uint32x4_t)b, (uint32x4_t)a, 3));
        Q("smull2[7]", vmull_high_laneq_s16((int16x8_t)a, (int16x8_t)b, 7));
        Q("sqdmulh[1]", vqdmulhq_laneq_s32((int32x4_t)a, (int32x4_t)b, 1));
        Q("sqdmlsl[2]", vqdmlsl_laneq_s16((int32x4_t)b, vget_low_s16((int16x8_t)a), (int16x8_t)b, 2));
        printf("  QC = %lu\n", fpsr_qc());
}

static void structures(void)
{
        static uint8_t mem[64] __attribute__((aligned(16)));
        static uint8_t out[64] __attribute__((aligned(16)));
        for (int i = 0; i < 64; i++)
                mem[i] = (uint8_t)next();
        uint8x16x2_t l2 = vld2q_u8(mem);
        Q("ld2.b[0]", l2.val[0]);
        Q("ld2.b[1]", l2.val[1]);
        uint16x8x3_t l3 = vld3q_u16((const uint16_t *)mem);
        Q("ld3.h[0]", l3.val[0]);
        Q("ld3.h[2]", l3.val[2]);
        uint32x4x4_t l4 = vld4q_u32((const uint32_t *)mem);
        Q("ld4.s[1]", l4.val[1]);
        Q("ld4.s[3]", l4.val[3]);
        Q("ld1r.h", vld1q_dup_u16((const uint16_t *)(mem + 6)));
        uint8x8x3_t lane = { { vdup_n_u8(1), vdup_n_u8(2), vdup_n_u8(3) } };
        lane = vld3_lane_u8(mem + 9, lane, 5);
        D("ld3 lane", lane.val[2]);
        uint8x16x3_t l1x3 = vld1q_u8_x3(mem + 3);
        Q("ld1x3[2]", l1x3.val[2]);
        vst4q_u8(out, (uint8x16x4_t){ { l2.val[0], l2.val[1], (uint8x16_t)l3.val[0], (uint8x16_t)l4.val[1] } });
        Q("st4 out0", vld1q_u8(out));
        Q("st4 out3", vld1q_u8(out + 48));
        vst2_lane_u16((uint16_t *)(out + 2), (uint16x4x2_t){ { vdup_n_u16(0xaaaa), vdup_n_u16(0x5555) } }, 1);
        Q("st2 lane", vld1q_u8(out));
}

static void dotprod(uint8x16_t a, uint8x16_t b)
{
        Q("udot", vdotq_u32((uint32x4_t)b, a, b));
        Q("sdot[2]", vdotq_laneq_s32((int32x4_t)a, (int8x16_t)a, (int8x16_t)b, 2));
}

static void rdm(uint8x16_t a, uint8x16_t b)
{
        Q("sqrdmlah.h", vqrdmlahq_s16((int16x8_t)a, (int16x8_t)b, (int16x8_t)a));
        Q("sqrdmlsh[1]", vqrdmlshq_laneq_s32((int32x4_t)b, (int32x4_t)a, (int32x4_t)b, 1));
        printf("  QC = %lu\n", fpsr_qc());
}

static void i8mm(uint8x16_t a, uint8x16_t b)
{
        Q("usdot", vusdotq_s32((int32x4_t)a, a, (int8x16_t)b));
        Q("sudot[3]", vsudotq_laneq_s32((int32x4_t)b, (int8x16_t)a, b, 3));
        Q("smmla", vmmlaq_s32((int32x4_t)a, (int8x16_t)a, (int8x16_t)b));
        Q("ummla", vmmlaq_u32((uint32x4_t)b, a, b));
        Q("usmmla", vusmmlaq_s32((int32x4_t)a, a, (int8x16_t)b));
}

static void pmull64(uint8x16_t a, uint8x16_t b)
{
        Q("pmull.d", vmull_p64(vgetq_lane_p64((poly64x2_t)a, 0), vgetq_lane_p64((poly64x2_t)b, 1)));
        Q("pmull2.d", vmull_high_p64((poly64x2_t)a, (poly64x2_t)b));
}

/*
 * Structure loads/stores that fault part-way: the MMU is off, RAM ends at TOP (s2diff's
 * default -m 256) and the next address has nothing behind it (an external abort). The
 * elements before the faulting one are done, as QEMU does them (the architecture leaves
 * the registers and memory UNKNOWN).
 */
#define TOP 0x50000000UL
extern volatile uint64_t last_esr, last_far;

static void abort_line(const char *what)
{
        printf("  %-10s ESR = 0x%08lx FAR = 0x%lx\n", what, last_esr, last_far);
        last_esr = last_far = 0;
}

static void top_memory(void)
{
        volatile uint64_t *m = (volatile uint64_t *)(TOP - 64);
        for (int i = 0; i < 8; i++)
                printf("  mem[-%2d]  %016lx\n", 64 - 8 * i, m[i]);
}

static void structure_faults(uint8x16_t a, uint8x16_t b)
{
        volatile uint64_t *m = (volatile uint64_t *)(TOP - 64);
        uint8x16_t r0, r1, r2, r3;
        for (int i = 0; i < 8; i++)
                m[i] = 0x0123456789abcdefUL * (i + 1);
        printf("structure faults\n");
        __asm__ volatile("mov v16.16b, %1.16b\n\tmov v17.16b, %2.16b\n\tmov v18.16b, %2.16b\n\tmov v19.16b, %1.16b\n\t"
                         "st1 {v16.16b-v19.16b}, [%0]" :: "r"(TOP - 32), "w"(a), "w"(b) : "v16", "v17", "v18", "v19", "memory");
        abort_line("st1 x4");
        __asm__ volatile("st3 {v16.8h-v18.8h}, [%0]" :: "r"(TOP - 20) : "memory");
        abort_line("st3");
        top_memory();
        __asm__ volatile("movi v20.16b, #0xaa\n\tmovi v21.16b, #0xbb\n\tmovi v22.16b, #0xcc\n\tmovi v23.16b, #0xdd\n\t"
                         "ld4 {v20.4s-v23.4s}, [%4]\n\tmov %0.16b, v20.16b\n\tmov %1.16b, v21.16b\n\t"
                         "mov %2.16b, v22.16b\n\tmov %3.16b, v23.16b"
                         : "=w"(r0), "=w"(r1), "=w"(r2), "=w"(r3) : "r"(TOP - 48) : "v20", "v21", "v22", "v23", "memory");
        abort_line("ld4");
        Q("ld4 v20", r0); Q("ld4 v21", r1); Q("ld4 v22", r2); Q("ld4 v23", r3);
        __asm__ volatile("movi v24.16b, #0xaa\n\tmovi v25.16b, #0xbb\n\tmovi v26.16b, #0xcc\n\tmovi v27.16b, #0xdd\n\t"
                         "ld1 {v24.8b, v25.8b}, [%4]\n\tld1 {v26.16b, v27.16b}, [%5]\n\tmov %0.16b, v24.16b\n\t"
                         "mov %1.16b, v25.16b\n\tmov %2.16b, v26.16b\n\tmov %3.16b, v27.16b"
                         : "=w"(r0), "=w"(r1), "=w"(r2), "=w"(r3) : "r"(TOP - 8), "r"(TOP - 16) : "v24", "v25", "v26", "v27", "memory");
        abort_line("ld1 x2");
        Q("ld1 v24", r0); Q("ld1 v25", r1); Q("ld1 v26", r2); Q("ld1 v27", r3);
}

void neon_int_tests(int has_dot, int has_rdm, int has_i8mm, int has_pmull)
{
        state = seed;
        fpsr_qc();
        for (int round = 0; round < 6; round++) {
                uint8x16_t a = input(3 * round), b = input(3 * round + 1), c = input(3 * round + 2), d = input(round);
                printf("round %d\n", round);
                Q("a", a);
                Q("b", b);
                saturating(a, b);
                saturating(c, a);
                widening(a, b);
                pairwise(a, c);
                shifts(a, b);
                misc(a, c);
                permutes(a, b, c, d);
                by_element(a, c);
                if (has_dot) dotprod(a, c); else printf("  FEAT_DotProd not implemented: skipped\n");
                if (has_rdm) rdm(a, c); else printf("  FEAT_RDM not implemented: skipped\n");
                if (has_i8mm) i8mm(a, c); else printf("  FEAT_I8MM not implemented: skipped\n");
                if (has_pmull) pmull64(a, c); else printf("  FEAT_PMULL not implemented: skipped\n");
        }
        structures();
        structure_faults(input(1), input(2));
}
