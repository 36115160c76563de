/*
 * neon-fp: the Advanced SIMD floating-point operations, one small function each, from
 * arm_neon.h intrinsics. Operands come in as 16-byte blocks (a, b, c), the result goes out as
 * one (the caller zeroes it). Only the intrinsics' own instructions and vector loads/stores
 * run here: element extraction beyond lane 0 and scalar integer results are avoided, and the
 * loops and hashing are in main.c (general registers only).
 */
#pragma GCC optimize("no-tree-vectorize")
#include <arm_neon.h>
#include "neon-fp.h"

#define S4(p) (*(const float32x4_t *)(p))
#define D2(p) (*(const float64x2_t *)(p))
#define H8(p) (*(const float16x8_t *)(p))
#define U4(p) (*(const uint32x4_t *)(p))
#define I4(p) (*(const int32x4_t *)(p))
#define U2(p) (*(const uint64x2_t *)(p))
#define I2(p) (*(const int64x2_t *)(p))
#define U8(p) (*(const uint16x8_t *)(p))
#define I8(p) (*(const int16x8_t *)(p))
#define BF(p) (*(const bfloat16x8_t *)(p))
#define S1(p) (*(const float32_t *)(p))
#define D1(p) (*(const float64_t *)(p))
#define H1(p) (*(const float16_t *)(p))

#define OP(fn, type, expr)                                                              \
        static void fn(const void *a, const void *b, const void *c, void *r)            \
        { (void)a; (void)b; (void)c; *(type *)r = (expr); }
#define E(fn) { #fn, fn }

/* ---- single precision ------------------------------------------------------------- */
OP(fadd_4s, float32x4_t, vaddq_f32(S4(a), S4(b)))
OP(fsub_4s, float32x4_t, vsubq_f32(S4(a), S4(b)))
OP(fmul_4s, float32x4_t, vmulq_f32(S4(a), S4(b)))
OP(fdiv_4s, float32x4_t, vdivq_f32(S4(a), S4(b)))
OP(fmax_4s, float32x4_t, vmaxq_f32(S4(a), S4(b)))
OP(fmin_4s, float32x4_t, vminq_f32(S4(a), S4(b)))
OP(fmaxnm_4s, float32x4_t, vmaxnmq_f32(S4(a), S4(b)))
OP(fminnm_4s, float32x4_t, vminnmq_f32(S4(a), S4(b)))
OP(fabd_4s, float32x4_t, vabdq_f32(S4(a), S4(b)))
OP(fmla_4s, float32x4_t, vfmaq_f32(S4(c), S4(a), S4(b)))
OP(fmls_4s, float32x4_t, vfmsq_f32(S4(c), S4(a), S4(b)))
OP(fmulx_4s, float32x4_t, vmulxq_f32(S4(a), S4(b)))
OP(frecps_4s, float32x4_t, vrecpsq_f32(S4(a), S4(b)))
OP(frsqrts_4s, float32x4_t, vrsqrtsq_f32(S4(a), S4(b)))
OP(faddp_4s, float32x4_t, vpaddq_f32(S4(a), S4(b)))
OP(fmaxp_4s, float32x4_t, vpmaxq_f32(S4(a), S4(b)))
OP(fminnmp_4s, float32x4_t, vpminnmq_f32(S4(a), S4(b)))
OP(fcmeq_4s, uint32x4_t, vceqq_f32(S4(a), S4(b)))
OP(fcmge_4s, uint32x4_t, vcgeq_f32(S4(a), S4(b)))
OP(fcmgt_4s, uint32x4_t, vcgtq_f32(S4(a), S4(b)))
OP(facge_4s, uint32x4_t, vcageq_f32(S4(a), S4(b)))
OP(facgt_4s, uint32x4_t, vcagtq_f32(S4(a), S4(b)))
OP(fcmeq0_4s, uint32x4_t, vceqzq_f32(S4(a)))
OP(fcmle0_4s, uint32x4_t, vclezq_f32(S4(a)))
OP(fcmlt0_4s, uint32x4_t, vcltzq_f32(S4(a)))
OP(fabs_4s, float32x4_t, vabsq_f32(S4(a)))
OP(fneg_4s, float32x4_t, vnegq_f32(S4(a)))
OP(fsqrt_4s, float32x4_t, vsqrtq_f32(S4(a)))
OP(frecpe_4s, float32x4_t, vrecpeq_f32(S4(a)))
OP(frsqrte_4s, float32x4_t, vrsqrteq_f32(S4(a)))
OP(frintn_4s, float32x4_t, vrndnq_f32(S4(a)))
OP(frintm_4s, float32x4_t, vrndmq_f32(S4(a)))
OP(frintp_4s, float32x4_t, vrndpq_f32(S4(a)))
OP(frintz_4s, float32x4_t, vrndq_f32(S4(a)))
OP(frinta_4s, float32x4_t, vrndaq_f32(S4(a)))
OP(frintx_4s, float32x4_t, vrndxq_f32(S4(a)))
OP(frinti_4s, float32x4_t, vrndiq_f32(S4(a)))
OP(fcvtzs_4s, int32x4_t, vcvtq_s32_f32(S4(a)))
OP(fcvtzu_4s, uint32x4_t, vcvtq_u32_f32(S4(a)))
OP(fcvtns_4s, int32x4_t, vcvtnq_s32_f32(S4(a)))
OP(fcvtmu_4s, uint32x4_t, vcvtmq_u32_f32(S4(a)))
OP(fcvtps_4s, int32x4_t, vcvtpq_s32_f32(S4(a)))
OP(fcvtau_4s, uint32x4_t, vcvtaq_u32_f32(S4(a)))
OP(scvtf_4s, float32x4_t, vcvtq_f32_s32(I4(a)))
OP(ucvtf_4s, float32x4_t, vcvtq_f32_u32(U4(a)))
OP(fcvtzs_fix_4s, int32x4_t, vcvtq_n_s32_f32(S4(a), 5))
OP(fcvtzu_fix_4s, uint32x4_t, vcvtq_n_u32_f32(S4(a), 32))
OP(scvtf_fix_4s, float32x4_t, vcvtq_n_f32_s32(I4(a), 1))
OP(ucvtf_fix_4s, float32x4_t, vcvtq_n_f32_u32(U4(a), 17))
OP(fmla_elem_4s, float32x4_t, vfmaq_laneq_f32(S4(c), S4(a), S4(b), 3))
OP(fmls_elem_4s, float32x4_t, vfmsq_laneq_f32(S4(c), S4(a), S4(b), 1))
OP(fmul_elem_4s, float32x4_t, vmulq_laneq_f32(S4(a), S4(b), 2))
OP(fmulx_elem_4s, float32x4_t, vmulxq_laneq_f32(S4(a), S4(b), 0))
OP(fmaxv_4s, float32_t, vmaxvq_f32(S4(a)))
OP(fminnmv_4s, float32_t, vminnmvq_f32(S4(a)))
OP(faddp_s, float32_t, vpadds_f32(vget_low_f32(S4(a))))
OP(fabd_s, float32_t, vabds_f32(S1(a), S1(b)))
OP(fmulx_s, float32_t, vmulxs_f32(S1(a), S1(b)))
OP(frecps_s, float32_t, vrecpss_f32(S1(a), S1(b)))
OP(frecpe_s, float32_t, vrecpes_f32(S1(a)))
OP(frecpx_s, float32_t, vrecpxs_f32(S1(a)))
OP(frsqrte_s, float32_t, vrsqrtes_f32(S1(a)))
/* FMLA (scalar, by element): GCC turns vfmas_laneq_f32 into a lane move and FMADD. */
static void fmla_elem_s(const void *a, const void *b, const void *c, void *r)
{
        float32_t acc = S1(c);
        __asm__("fmla %s0, %s1, %2.s[3]" : "+w"(acc) : "w"(S1(a)), "w"(S4(b)));
        *(float32_t *)r = acc;
}
OP(fcvtn_4h, float16x4_t, vcvt_f16_f32(S4(a)))
OP(fcvtl_4s, float32x4_t, vcvt_f32_f16(vget_low_f16(H8(a))))
OP(fcvtl2_4s, float32x4_t, vcvt_high_f32_f16(H8(a)))

static const struct fp_op f32_ops[] = {
        E(fadd_4s), E(fsub_4s), E(fmul_4s), E(fdiv_4s), E(fmax_4s), E(fmin_4s), E(fmaxnm_4s), E(fminnm_4s),
        E(fabd_4s), E(fmla_4s), E(fmls_4s), E(fmulx_4s), E(frecps_4s), E(frsqrts_4s), E(faddp_4s), E(fmaxp_4s),
        E(fminnmp_4s), E(fcmeq_4s), E(fcmge_4s), E(fcmgt_4s), E(facge_4s), E(facgt_4s), E(fcmeq0_4s), E(fcmle0_4s),
        E(fcmlt0_4s), E(fabs_4s), E(fneg_4s), E(fsqrt_4s), E(frecpe_4s), E(frsqrte_4s), E(frintn_4s), E(frintm_4s),
        E(frintp_4s), E(frintz_4s), E(frinta_4s), E(frintx_4s), E(frinti_4s), E(fcvtzs_4s), E(fcvtzu_4s), E(fcvtns_4s),
        E(fcvtmu_4s), E(fcvtps_4s), E(fcvtau_4s), E(scvtf_4s), E(ucvtf_4s), E(fcvtzs_fix_4s), E(fcvtzu_fix_4s),
        E(scvtf_fix_4s), E(ucvtf_fix_4s), E(fmla_elem_4s), E(fmls_elem_4s), E(fmul_elem_4s), E(fmulx_elem_4s),
        E(fmaxv_4s), E(fminnmv_4s), E(faddp_s), E(fabd_s), E(fmulx_s), E(frecps_s), E(frecpe_s), E(frecpx_s),
        E(frsqrte_s), E(fmla_elem_s), E(fcvtn_4h), E(fcvtl_4s), E(fcvtl2_4s),
};

/* ---- double precision ------------------------------------------------------------- */
OP(fadd_2d, float64x2_t, vaddq_f64(D2(a), D2(b)))
OP(fdiv_2d, float64x2_t, vdivq_f64(D2(a), D2(b)))
OP(fmla_2d, float64x2_t, vfmaq_f64(D2(c), D2(a), D2(b)))
OP(fmls_2d, float64x2_t, vfmsq_f64(D2(c), D2(a), D2(b)))
OP(fminnm_2d, float64x2_t, vminnmq_f64(D2(a), D2(b)))
OP(fmulx_2d, float64x2_t, vmulxq_f64(D2(a), D2(b)))
OP(frecps_2d, float64x2_t, vrecpsq_f64(D2(a), D2(b)))
OP(frsqrts_2d, float64x2_t, vrsqrtsq_f64(D2(a), D2(b)))
OP(fmaxnmp_2d, float64x2_t, vpmaxnmq_f64(D2(a), D2(b)))
OP(fcmgt_2d, uint64x2_t, vcgtq_f64(D2(a), D2(b)))
OP(fcmge0_2d, uint64x2_t, vcgezq_f64(D2(a)))
OP(fsqrt_2d, float64x2_t, vsqrtq_f64(D2(a)))
OP(frecpe_2d, float64x2_t, vrecpeq_f64(D2(a)))
OP(frsqrte_2d, float64x2_t, vrsqrteq_f64(D2(a)))
OP(frintn_2d, float64x2_t, vrndnq_f64(D2(a)))
OP(frintx_2d, float64x2_t, vrndxq_f64(D2(a)))
OP(fcvtzs_2d, int64x2_t, vcvtq_s64_f64(D2(a)))
OP(fcvtnu_2d, uint64x2_t, vcvtnq_u64_f64(D2(a)))
OP(scvtf_2d, float64x2_t, vcvtq_f64_s64(I2(a)))
OP(ucvtf_fix_2d, float64x2_t, vcvtq_n_f64_u64(U2(a), 40))
OP(fcvtzs_fix_2d, int64x2_t, vcvtq_n_s64_f64(D2(a), 3))
OP(fmla_elem_2d, float64x2_t, vfmaq_laneq_f64(D2(c), D2(a), D2(b), 1))
OP(fmulx_elem_2d, float64x2_t, vmulxq_laneq_f64(D2(a), D2(b), 0))
OP(fmaxnmp_d, float64_t, vmaxnmvq_f64(D2(a)))
OP(faddp_d, float64_t, vpaddd_f64(D2(a)))
OP(fabd_d, float64_t, vabdd_f64(D1(a), D1(b)))
OP(frsqrts_d, float64_t, vrsqrtsd_f64(D1(a), D1(b)))
OP(frecpe_d, float64_t, vrecped_f64(D1(a)))
OP(fcvtn_2s, float32x2_t, vcvt_f32_f64(D2(a)))
OP(fcvtxn_2s, float32x2_t, vcvtx_f32_f64(D2(a)))
OP(fcvtl_2d, float64x2_t, vcvt_f64_f32(vget_low_f32(S4(a))))
OP(fcvtl2_2d, float64x2_t, vcvt_high_f64_f32(S4(a)))

static const struct fp_op f64_ops[] = {
        E(fadd_2d), E(fdiv_2d), E(fmla_2d), E(fmls_2d), E(fminnm_2d), E(fmulx_2d), E(frecps_2d), E(frsqrts_2d),
        E(fmaxnmp_2d), E(fcmgt_2d), E(fcmge0_2d), E(fsqrt_2d), E(frecpe_2d), E(frsqrte_2d), E(frintn_2d), E(frintx_2d),
        E(fcvtzs_2d), E(fcvtnu_2d), E(scvtf_2d), E(ucvtf_fix_2d), E(fcvtzs_fix_2d), E(fmla_elem_2d), E(fmulx_elem_2d),
        E(fmaxnmp_d), E(faddp_d), E(fabd_d), E(frsqrts_d), E(frecpe_d), E(fcvtn_2s), E(fcvtxn_2s), E(fcvtl_2d), E(fcvtl2_2d),
};

/* ---- half precision (FEAT_FP16) --------------------------------------------------- */
OP(fadd_8h, float16x8_t, vaddq_f16(H8(a), H8(b)))
OP(fsub_8h, float16x8_t, vsubq_f16(H8(a), H8(b)))
OP(fmul_8h, float16x8_t, vmulq_f16(H8(a), H8(b)))
OP(fdiv_8h, float16x8_t, vdivq_f16(H8(a), H8(b)))
OP(fmla_8h, float16x8_t, vfmaq_f16(H8(c), H8(a), H8(b)))
OP(fmls_8h, float16x8_t, vfmsq_f16(H8(c), H8(a), H8(b)))
OP(fmax_8h, float16x8_t, vmaxq_f16(H8(a), H8(b)))
OP(fminnm_8h, float16x8_t, vminnmq_f16(H8(a), H8(b)))
OP(fabd_8h, float16x8_t, vabdq_f16(H8(a), H8(b)))
OP(fmulx_8h, float16x8_t, vmulxq_f16(H8(a), H8(b)))
OP(frecps_8h, float16x8_t, vrecpsq_f16(H8(a), H8(b)))
OP(frsqrts_8h, float16x8_t, vrsqrtsq_f16(H8(a), H8(b)))
OP(faddp_8h, float16x8_t, vpaddq_f16(H8(a), H8(b)))
OP(fmaxnmp_8h, float16x8_t, vpmaxnmq_f16(H8(a), H8(b)))
OP(fcmeq_8h, uint16x8_t, vceqq_f16(H8(a), H8(b)))
OP(facge_8h, uint16x8_t, vcageq_f16(H8(a), H8(b)))
OP(fcmlt0_8h, uint16x8_t, vcltzq_f16(H8(a)))
OP(fabs_8h, float16x8_t, vabsq_f16(H8(a)))
OP(fneg_8h, float16x8_t, vnegq_f16(H8(a)))
OP(fsqrt_8h, float16x8_t, vsqrtq_f16(H8(a)))
OP(frecpe_8h, float16x8_t, vrecpeq_f16(H8(a)))
OP(frsqrte_8h, float16x8_t, vrsqrteq_f16(H8(a)))
OP(frintn_8h, float16x8_t, vrndnq_f16(H8(a)))
OP(frintx_8h, float16x8_t, vrndxq_f16(H8(a)))
OP(frinta_8h, float16x8_t, vrndaq_f16(H8(a)))
OP(fcvtzs_8h, int16x8_t, vcvtq_s16_f16(H8(a)))
OP(fcvtau_8h, uint16x8_t, vcvtaq_u16_f16(H8(a)))
OP(scvtf_8h, float16x8_t, vcvtq_f16_s16(I8(a)))
OP(ucvtf_fix_8h, float16x8_t, vcvtq_n_f16_u16(U8(a), 3))
OP(fcvtzs_fix_8h, int16x8_t, vcvtq_n_s16_f16(H8(a), 4))
OP(fmla_elem_8h, float16x8_t, vfmaq_laneq_f16(H8(c), H8(a), H8(b), 5))
OP(fmul_elem_8h, float16x8_t, vmulq_laneq_f16(H8(a), H8(b), 7))
OP(fmaxv_8h, float16_t, vmaxvq_f16(H8(a)))
OP(fminnmv_8h, float16_t, vminnmvq_f16(H8(a)))
OP(fabd_h, float16_t, vabdh_f16(H1(a), H1(b)))
OP(frecpe_h, float16_t, vrecpeh_f16(H1(a)))
OP(frecpx_h, float16_t, vrecpxh_f16(H1(a)))

static const struct fp_op f16_ops[] = {
        E(fadd_8h), E(fsub_8h), E(fmul_8h), E(fdiv_8h), E(fmla_8h), E(fmls_8h), E(fmax_8h), E(fminnm_8h), E(fabd_8h),
        E(fmulx_8h), E(frecps_8h), E(frsqrts_8h), E(faddp_8h), E(fmaxnmp_8h), E(fcmeq_8h), E(facge_8h), E(fcmlt0_8h),
        E(fabs_8h), E(fneg_8h), E(fsqrt_8h), E(frecpe_8h), E(frsqrte_8h), E(frintn_8h), E(frintx_8h), E(frinta_8h),
        E(fcvtzs_8h), E(fcvtau_8h), E(scvtf_8h), E(ucvtf_fix_8h), E(fcvtzs_fix_8h), E(fmla_elem_8h), E(fmul_elem_8h),
        E(fmaxv_8h), E(fminnmv_8h), E(fabd_h), E(frecpe_h), E(frecpx_h),
};

/* ---- FMLAL/FMLSL (FEAT_FHM) -------------------------------------------------------- */
OP(fmlal_4s, float32x4_t, vfmlalq_low_f16(S4(c), H8(a), H8(b)))
OP(fmlsl2_4s, float32x4_t, vfmlslq_high_f16(S4(c), H8(a), H8(b)))
OP(fmlal2_2s, float32x2_t, vfmlal_high_f16(vget_low_f32(S4(c)), vget_low_f16(H8(a)), vget_low_f16(H8(b))))
OP(fmlal_elem_4s, float32x4_t, vfmlalq_laneq_low_f16(S4(c), H8(a), H8(b), 6))
OP(fmlsl2_elem_4s, float32x4_t, vfmlslq_laneq_high_f16(S4(c), H8(a), H8(b), 1))
static const struct fp_op fhm_ops[] = { E(fmlal_4s), E(fmlsl2_4s), E(fmlal2_2s), E(fmlal_elem_4s), E(fmlsl2_elem_4s) };

/* ---- FCMLA/FCADD (FEAT_FCMA) ------------------------------------------------------- */
OP(fcmla_4s, float32x4_t, vcmlaq_f32(S4(c), S4(a), S4(b)))
OP(fcmla90_4s, float32x4_t, vcmlaq_rot90_f32(S4(c), S4(a), S4(b)))
OP(fcmla180_2d, float64x2_t, vcmlaq_rot180_f64(D2(c), D2(a), D2(b)))
OP(fcmla270_4s, float32x4_t, vcmlaq_rot270_f32(S4(c), S4(a), S4(b)))
OP(fcmla_elem_4s, float32x4_t, vcmlaq_laneq_f32(S4(c), S4(a), S4(b), 1))
OP(fcadd90_4s, float32x4_t, vcaddq_rot90_f32(S4(a), S4(b)))
OP(fcadd270_2d, float64x2_t, vcaddq_rot270_f64(D2(a), D2(b)))
static const struct fp_op fcma_ops[] = {
        E(fcmla_4s), E(fcmla90_4s), E(fcmla180_2d), E(fcmla270_4s), E(fcmla_elem_4s), E(fcadd90_4s), E(fcadd270_2d),
};
OP(fcmla_8h, float16x8_t, vcmlaq_f16(H8(c), H8(a), H8(b)))
OP(fcmla270_8h, float16x8_t, vcmlaq_rot270_f16(H8(c), H8(a), H8(b)))
OP(fcmla_elem_8h, float16x8_t, vcmlaq_laneq_f16(H8(c), H8(a), H8(b), 3))
OP(fcadd90_8h, float16x8_t, vcaddq_rot90_f16(H8(a), H8(b)))
static const struct fp_op fcma16_ops[] = { E(fcmla_8h), E(fcmla270_8h), E(fcmla_elem_8h), E(fcadd90_8h) };

/* ---- BFloat16 (FEAT_BF16) ---------------------------------------------------------- */
OP(bfdot_4s, float32x4_t, vbfdotq_f32(S4(c), BF(a), BF(b)))
OP(bfdot_elem_4s, float32x4_t, vbfdotq_laneq_f32(S4(c), BF(a), BF(b), 3))
OP(bfmmla_4s, float32x4_t, vbfmmlaq_f32(S4(c), BF(a), BF(b)))
OP(bfmlalb_4s, float32x4_t, vbfmlalbq_f32(S4(c), BF(a), BF(b)))
OP(bfmlalt_elem_4s, float32x4_t, vbfmlaltq_laneq_f32(S4(c), BF(a), BF(b), 7))
OP(bfcvtn_4h, bfloat16x8_t, vcvtq_low_bf16_f32(S4(a)))
OP(bfcvtn2_8h, bfloat16x8_t, vcvtq_high_bf16_f32(BF(b), S4(a)))
static const struct fp_op bf16_ops[] = {
        E(bfdot_4s), E(bfdot_elem_4s), E(bfmmla_4s), E(bfmlalb_4s), E(bfmlalt_elem_4s), E(bfcvtn_4h), E(bfcvtn2_8h),
};

/* ---- FRINT32/64 (FEAT_FRINTTS) ------------------------------------------------------ */
OP(frint32z_4s, float32x4_t, vrnd32zq_f32(S4(a)))
OP(frint64x_4s, float32x4_t, vrnd64xq_f32(S4(a)))
OP(frint32x_2d, float64x2_t, vrnd32xq_f64(D2(a)))
OP(frint64z_2d, float64x2_t, vrnd64zq_f64(D2(a)))
static const struct fp_op frintts_ops[] = { E(frint32z_4s), E(frint64x_4s), E(frint32x_2d), E(frint64z_2d) };

#define G(name, feat, esize, ops) { name, feat, esize, ops, sizeof(ops) / sizeof(ops[0]) }
const struct fp_group fp_groups[] = {
        G("f32", FEAT_BASE, 32, f32_ops),
        G("f64", FEAT_BASE, 64, f64_ops),
        G("fp16", FEAT_FP16, 16, f16_ops),
        G("fhm", FEAT_FHM, 16, fhm_ops),
        G("fcma", FEAT_FCMA, 32, fcma_ops),
        G("fcma-fp16", FEAT_FCMA_FP16, 16, fcma16_ops),
        G("bf16", FEAT_BF16, 32, bf16_ops),
        G("frintts", FEAT_FRINTTS, 32, frintts_ops),
};
const unsigned fp_n_groups = sizeof(fp_groups) / sizeof(fp_groups[0]);

void fp_set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" :: "r"(v)); }
uint64_t fp_get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
void fp_clear_fpsr(void) { __asm__ volatile("msr fpsr, xzr"); }
