// The FP helpers of the Advanced SIMD room: FPMulAddH's half-to-single widening (mul-add-h.ts)
// against the core's FPConvert, and the BFloat16 rules of BFDotAdd (bf16.ts).

import { describe, expect, it } from 'vitest';
import { BFAdd, BFDotAdd, BFMul } from './bf16.ts';
import * as fp from './index.ts';
import { widenHalf } from './mul-add-h.ts';

describe('widenHalf (FPMulAddH operands)', () => {
  it('is FPConvert half -> single for every non-NaN half, without flags', () => {
    const bad: string[] = [];
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue;
      if (widenHalf(h, 0) !== fp.FPConvert(h, 16, 32, 0, { fpsr: 0 })) bad.push(h.toString(16));
    }
    expect(bad).toEqual([]);
  });
  it('keeps a NaN signalling or quiet, with its sign and payload', () => {
    expect(widenHalf(0x7c01, 0)).toBe(0x7f802000); // signalling
    expect(widenHalf(0xfe00, 0)).toBe(0xffc00000); // quiet, negative
  });
  it('flushes a denormal half to a signed zero under FZ16 only', () => {
    expect(widenHalf(0x8001, fp.FPCR_FZ16)).toBe(0x80000000);
    expect(widenHalf(0x8001, 0)).toBe(0xb3800000); // -2^-24
  });
});

describe('BFloat16 dot product arithmetic', () => {
  const bf = (x: number): number => x << 16; // a BFloat16 in a single's top half
  it('multiplies exactly and flushes denormal inputs', () => {
    expect(BFMul(bf(0x3fc0), bf(0x4000))).toBe(0x40400000); // 1.5 * 2 = 3
    expect(BFMul(bf(0x0001), bf(0x3f80))).toBe(0); // denormal input is zero
  });
  it('gives the default NaN for any NaN and for inf * 0, and +0 for x + -x', () => {
    expect(BFMul(bf(0x7f81), bf(0x3f80))).toBe(0x7fc00000);
    expect(BFMul(bf(0x7f80), 0)).toBe(0x7fc00000);
    expect(BFAdd(0x3f800000, 0xbf800000)).toBe(0);
  });
  it('rounds sums to odd and overflows to infinity', () => {
    expect(BFAdd(0x3f800000, 0x33800000)).toBe(0x3f800001); // 1 + 2^-24: inexact, odd
    expect(BFAdd(0x7f7fffff, 0x7f7fffff)).toBe(0x7f800000);
    expect(BFAdd(0x00800000, 0x80800001)).toBe(0x80000000); // tiny result flushed (sign kept)
  });
  it('adds the two products to the addend (BFDotAdd)', () => {
    // (1 * 2 + 3 * 0.5) + 0.25 = 3.75
    expect(BFDotAdd(0x3e800000, (0x4040 << 16) | 0x3f80, (0x3f00 << 16) | 0x4000)).toBe(0x40700000);
  });
});
