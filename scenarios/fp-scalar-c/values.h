/* fp-scalar-c: operand values as bit patterns (volatile: the compiler folds nothing). */
#ifndef VALUES_H
#define VALUES_H
#include <stdint.h>

union d64 { double d; uint64_t u; };
union f32 { float f; uint32_t u; };
static inline double D(uint64_t u) { union d64 x = { .u = u }; return x.d; }
static inline uint64_t DB(double d) { union d64 x = { .d = d }; return x.u; }
static inline float F(uint32_t u) { union f32 x = { .u = u }; return x.f; }
static inline uint32_t FB(float f) { union f32 x = { .f = f }; return x.u; }

/* 0, -0, 1, -1, 1.5, 2.5, -2.5, 0.1, 1/3, 3, 2^53+1 (not exact), 1e308, -1e308, DBL_MIN,
 * the smallest and largest denormal, +-inf, a quiet NaN with payload, a signalling NaN,
 * 2^31 - 0.5, -2^31 - 1, 2^64, 1 + 2^-52, 2^-1074 * 3, 0.7 */
static volatile const uint64_t DV[] = {
        0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
        0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000, 0x3fb999999999999a,
        0x3fd5555555555555, 0x4008000000000000, 0x4340000000000001, 0x7fe1ccf385ebc8a0,
        0xffe1ccf385ebc8a0, 0x0010000000000000, 0x0000000000000001, 0x000fffffffffffff,
        0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000123, 0x7ff0000000000456,
        0x41dfffffffe00000, 0xc1e0000000200000, 0x43f0000000000000, 0x3ff0000000000001,
        0x0000000000000003, 0x3fe6666666666666,
};
#define NDV (sizeof(DV) / sizeof(DV[0]))

/* The same kinds of value in single precision. */
static volatile const uint32_t FV[] = {
        0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40200000, 0xc0200000, 0x3dcccccd,
        0x3eaaaaab, 0x40400000, 0x4b800001, 0x7f7fffff, 0xff7fffff, 0x00800000, 0x00000001, 0x007fffff,
        0x7f800000, 0xff800000, 0x7fc00123, 0x7f800456, 0x4effffff, 0xcf000001, 0x5f800000, 0x3f800001,
        0x00000003, 0x3f333333,
};
#define NFV (sizeof(FV) / sizeof(FV[0]))

/* FPCR settings a group runs under: each rounding mode, then FZ|DN in RN and FZ in RM. */
static const uint64_t MODES[] = {
        FPCR_RMODE(0), FPCR_RMODE(1), FPCR_RMODE(2), FPCR_RMODE(3), FPCR_FZ | FPCR_DN, FPCR_RMODE(2) | FPCR_FZ,
};
#define NMODES (sizeof(MODES) / sizeof(MODES[0]))
#endif
