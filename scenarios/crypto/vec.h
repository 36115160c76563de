/*
 * Vector helpers for the crypto scenario's *.fp.c files. The image runs with the MMU off
 * (every access is to Device memory, where a 16-byte access must be 16-byte aligned), and the
 * scenario is meant to exercise only the cryptographic instructions and the SIMD&FP register
 * file (loads/stores of whole Q registers, INS/UMOV/DUP, EOR), so vectors are built from and
 * taken apart into general registers lane by lane; the empty asm keeps each value in an X/W
 * register, so the compiler cannot fold the lane moves into structure loads/stores. Integer
 * arithmetic between rounds (W + K, the final state additions) is done in general registers.
 */
#ifndef CRYPTO_VEC_H
#define CRYPTO_VEC_H

#include <arm_neon.h>
#include <stdint.h>

/* Loops on scalars stay scalar (no auto-vectorization into instructions not under test). */
#pragma GCC optimize("no-tree-loop-vectorize", "no-tree-slp-vectorize")

#define GPR(x) __asm__("" : "+r"(x))

static inline uint32x4_t u32x4(uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3)
{
        GPR(w0); GPR(w1); GPR(w2); GPR(w3);
        uint32x4_t v = vdupq_n_u32(w0);
        v = vsetq_lane_u32(w1, v, 1);
        v = vsetq_lane_u32(w2, v, 2);
        return vsetq_lane_u32(w3, v, 3);
}

static inline uint32x4_t load32x4(const uint32_t *p)
{
        return u32x4(p[0], p[1], p[2], p[3]);
}

/* UMOV of element i (written out: the compiler may otherwise pick the scalar DUP form) */
#define UMOV_S(v, i) ({ uint32_t __w; __asm__("umov %w0, %1.s[" #i "]" : "=r"(__w) : "w"(v)); __w; })
#define UMOV_D(v, i) ({ uint64_t __d; __asm__("umov %x0, %1.d[" #i "]" : "=r"(__d) : "w"(v)); __d; })

static inline void store32x4(uint32_t *p, uint32x4_t v)
{
        p[0] = UMOV_S(v, 0); p[1] = UMOV_S(v, 1); p[2] = UMOV_S(v, 2); p[3] = UMOV_S(v, 3);
}

static inline uint64x2_t u64x2(uint64_t d0, uint64_t d1)
{
        GPR(d0); GPR(d1);
        return vsetq_lane_u64(d1, vdupq_n_u64(d0), 1);
}

static inline void store64x2(uint64_t *p, uint64x2_t v)
{
        p[0] = UMOV_D(v, 0);
        p[1] = UMOV_D(v, 1);
}

/* 16 bytes in memory order (as LD1 {Vt.16B} loads them) */
static inline uint8x16_t load8x16(const uint8_t *b)
{
        uint64_t lo = 0, hi = 0;
        for (int i = 7; i >= 0; i--) {
                lo = lo << 8 | b[i];
                hi = hi << 8 | b[8 + i];
        }
        return vreinterpretq_u8_u64(u64x2(lo, hi));
}

static inline void store8x16(uint8_t *b, uint8x16_t v)
{
        uint64_t d[2];
        store64x2(d, vreinterpretq_u64_u8(v));
        for (int i = 0; i < 8; i++) {
                b[i] = (uint8_t)(d[0] >> 8 * i);
                b[8 + i] = (uint8_t)(d[1] >> 8 * i);
        }
}

static inline uint32_t be32(const uint8_t *p)
{
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t be64(const uint8_t *p)
{
        return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static inline uint32_t rol32(uint32_t x, unsigned n)
{
        return n ? x << n | x >> (32 - n) : x;
}

#endif
