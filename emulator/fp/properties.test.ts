// Property tests of the FP core against what JavaScript computes itself, where JavaScript is
// an exact IEEE 754 oracle: double arithmetic and Math.sqrt in round-to-nearest-even, Math.fround
// (float32 results of + - * / sqrt on float32 inputs are correctly rounded after the double
// step, as 53 >= 2 * 24 + 2), Number(bigint) (nearest-even), ToInt32 (x | 0: FJCVTZS's
// modulo-2^32 truncation), Math.floor/ceil/trunc, comparisons and Math.min/max. NaN results
// are only checked to be NaNs (JavaScript has no payloads). Plus the estimate tables' bounds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as fp from './index.ts';
import { FPRounding } from './index.ts';

const dv = new DataView(new ArrayBuffer(8));
const f64 = (b: bigint): number => (dv.setBigUint64(0, b), dv.getFloat64(0));
const b64 = (x: number): bigint => (dv.setFloat64(0, x), dv.getBigUint64(0));
const f32 = (b: number): number => (dv.setUint32(0, b), dv.getFloat32(0));
const b32 = (x: number): number => (dv.setFloat32(0, x), dv.getUint32(0));
const isNaN64 = (b: bigint): boolean => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
const isNaN32 = (b: number): boolean => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;

const bits64 = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.double().map(b64),
  fc.constantFrom(0n, 1n << 63n, 1n, 0xfffffffffffffn, 0x10000000000000n, 0x7fefffffffffffffn, 0x7ff0000000000000n, 0x3ff0000000000000n));
const bits32 = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.float().map(b32),
  fc.constantFrom(0, 0x80000000, 1, 0x7fffff, 0x800000, 0x7f7fffff, 0x7f800000, 0x3f800000));

const RUNS = 4000;
const st = (): fp.FPState => ({ fpsr: 0 });

describe('FP core against JavaScript IEEE arithmetic (RN, no flush)', () => {
  const ops64: [string, (a: bigint, b: bigint) => bigint, (x: number, y: number) => number][] = [
    ['FPAdd', (a, b) => fp.FPAdd(a, b, 64, 0, st()), (x, y) => x + y],
    ['FPSub', (a, b) => fp.FPSub(a, b, 64, 0, st()), (x, y) => x - y],
    ['FPMul', (a, b) => fp.FPMul(a, b, 64, 0, st()), (x, y) => x * y],
    ['FPDiv', (a, b) => fp.FPDiv(a, b, 64, 0, st()), (x, y) => x / y],
    ['FPMin', (a, b) => fp.FPMin(a, b, 64, 0, st()), Math.min],
    ['FPMax', (a, b) => fp.FPMax(a, b, 64, 0, st()), Math.max],
  ];
  for (const [name, core, js] of ops64) {
    it(`${name} f64 = JavaScript double`, () => {
      fc.assert(fc.property(bits64, bits64, (a, b) => {
        const want = js(f64(a), f64(b)), got = core(a, b);
        if (Number.isNaN(want)) expect(isNaN64(got)).toBe(true);
        else expect(got.toString(16)).toBe(b64(want).toString(16));
      }), { numRuns: RUNS });
    });
  }
  it('FPSqrt f64 = Math.sqrt', () => {
    fc.assert(fc.property(bits64, (a) => {
      const want = Math.sqrt(f64(a)), got = fp.FPSqrt(a, 64, 0, st());
      if (Number.isNaN(want)) expect(isNaN64(got)).toBe(true);
      else expect(got).toBe(b64(want));
    }), { numRuns: RUNS });
  });

  const ops32: [string, (a: number, b: number) => number, (x: number, y: number) => number][] = [
    ['FPAdd', (a, b) => fp.FPAdd(a, b, 32, 0, st()), (x, y) => x + y],
    ['FPMul', (a, b) => fp.FPMul(a, b, 32, 0, st()), (x, y) => x * y],
    ['FPDiv', (a, b) => fp.FPDiv(a, b, 32, 0, st()), (x, y) => x / y],
  ];
  for (const [name, core, js] of ops32) {
    it(`${name} f32 = Math.fround of the double result`, () => {
      fc.assert(fc.property(bits32, bits32, (a, b) => {
        const want = Math.fround(js(f32(a), f32(b))), got = core(a, b);
        if (Number.isNaN(want)) expect(isNaN32(got)).toBe(true);
        else expect(got).toBe(b32(want));
      }), { numRuns: RUNS });
    });
  }
  it('FPSqrt f32 = Math.fround(Math.sqrt)', () => {
    fc.assert(fc.property(bits32, (a) => {
      const want = Math.fround(Math.sqrt(f32(a))), got = fp.FPSqrt(a, 32, 0, st());
      if (Number.isNaN(want)) expect(isNaN32(got)).toBe(true);
      else expect(got).toBe(b32(want));
    }), { numRuns: RUNS });
  });

  it('FPConvert f64 -> f32 = Math.fround, f32 -> f64 exact', () => {
    fc.assert(fc.property(bits64, bits32, (a, b) => {
      const g = fp.FPConvert(a, 64, 32, 0, st()), w = Math.fround(f64(a));
      if (Number.isNaN(w)) expect(isNaN32(g)).toBe(true);
      else expect(g).toBe(b32(w));
      const g2 = fp.FPConvert(b, 32, 64, 0, st()), w2 = f32(b);
      if (Number.isNaN(w2)) expect(isNaN64(g2)).toBe(true);
      else expect(g2).toBe(b64(w2));
    }), { numRuns: RUNS });
  });

  it('FixedToFP int64 -> f64 = Number(bigint); FPToFixed f64 -> int32 (RZ) = Math.trunc in range', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), bits64, (i, a) => {
      expect(fp.FixedToFP(BigInt.asUintN(64, i), 64, 0, false, 64, 0, FPRounding.TIEEVEN, st())).toBe(b64(Number(i)));
      const x = f64(a);
      const s = st();
      const got = fp.FPToFixed(a, 64, 0, false, 0, FPRounding.ZERO, 32, s);
      if (Number.isNaN(x)) expect([got, s.fpsr]).toEqual([0n, fp.FPSR_IOC]);
      else if (Math.trunc(x) >= 2 ** 31) expect([got, s.fpsr]).toEqual([0x7fffffffn, fp.FPSR_IOC]);
      else if (Math.trunc(x) < -(2 ** 31)) expect([got, s.fpsr]).toEqual([0x80000000n, fp.FPSR_IOC]);
      else expect(BigInt.asIntN(32, got)).toBe(BigInt(Math.trunc(x)));
    }), { numRuns: RUNS });
  });

  it('FPToFixedJS = ToInt32 (x | 0), Z set exactly when the double is that integer (not -0)', () => {
    fc.assert(fc.property(bits64, (a) => {
      const x = f64(a);
      const { result, z } = fp.FPToFixedJS(a, 0, st());
      expect(result).toBe((x | 0) >>> 0);
      expect(z).toBe(Object.is(x, x | 0));
    }), { numRuns: RUNS });
  });

  it('FPRoundInt f64: FRINTM/P/Z/N/A = floor/ceil/trunc/nearest-even/nearest-away', () => {
    const even = (x: number): number => {
      const r = Math.round(x); // ties toward +inf
      return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
    };
    const away = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));
    const modes: [FPRounding, (x: number) => number][] = [[FPRounding.NEGINF, Math.floor], [FPRounding.POSINF, Math.ceil],
      [FPRounding.ZERO, Math.trunc], [FPRounding.TIEEVEN, even], [FPRounding.TIEAWAY, away]];
    fc.assert(fc.property(bits64, (a) => {
      const x = f64(a);
      if (Number.isNaN(x)) return;
      for (const [m, js] of modes) {
        // JavaScript loses the sign of a zero result of x + 0 tricks; compare with the input sign kept.
        const got = fp.FPRoundInt(a, 64, 0, m, false, st());
        const w = js(x);
        expect(got).toBe(b64(w === 0 ? (a >> 63n ? -0 : 0) : w));
      }
    }), { numRuns: RUNS });
  });

  it('FPCompare = JavaScript comparison', () => {
    fc.assert(fc.property(bits64, bits64, (a, b) => {
      const x = f64(a), y = f64(b);
      const want = Number.isNaN(x) || Number.isNaN(y) ? 0b0011 : x === y ? 0b0110 : x < y ? 0b1000 : 0b0010;
      expect(fp.FPCompare(a, b, false, 64, 0, st())).toBe(want);
    }), { numRuns: RUNS });
  });
});

describe('FP core algebraic properties', () => {
  it('FPAdd and FPMul commute (no NaN operands), every mode and flush setting, with the same flags', () => {
    const fpcr = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()).map(([r, fz]) => (r << 22) | (fz ? fp.FPCR_FZ : 0));
    fc.assert(fc.property(bits64, bits64, fpcr, (a, b, c) => {
      if (isNaN64(a) || isNaN64(b)) return;
      for (const f of [fp.FPAdd, fp.FPMul]) {
        const s1 = st(), s2 = st();
        expect(f(a, b, 64, c, s1)).toBe(f(b, a, 64, c, s2));
        expect(s1.fpsr).toBe(s2.fpsr);
      }
    }), { numRuns: RUNS });
  });
  it('FPMulAdd with a zero addend of the product sign equals FPMul (single rounding either way)', () => {
    fc.assert(fc.property(bits32, bits32, fc.integer({ min: 0, max: 3 }), (a, b, rm) => {
      if (isNaN32(a) || isNaN32(b)) return;
      const p = fp.FPMul(a, b, 32, rm << 22, st());
      const sign = ((a ^ b) >>> 31) & 1;
      expect(fp.FPMulAdd(sign ? 0x80000000 : 0, a, b, 32, rm << 22, st())).toBe(p);
    }), { numRuns: RUNS });
  });
});

describe('estimate tables (RecipEstimate, RecipSqrtEstimate)', () => {
  it('RecipEstimate: 256..511 in, 256..511 out, within one unit of 2^17 / (a + 0.5), non-increasing', () => {
    let prev = 1 << 30;
    for (let a = 256; a < 512; a++) {
      const r = fp.RecipEstimate(a);
      expect(r).toBeGreaterThanOrEqual(256);
      expect(r).toBeLessThan(512);
      expect(Math.abs(r - 2 ** 17 / (a + 0.5))).toBeLessThanOrEqual(1);
      expect(r).toBeLessThanOrEqual(prev);
      prev = r;
    }
  });
  it('RecipSqrtEstimate: 128..511 in, 256..511 out, close to 1/sqrt, non-increasing per half', () => {
    for (const [lo, hi, scale] of [[128, 256, 512], [256, 512, 512]]) {
      let prev = 1 << 30;
      for (let a = lo; a < hi; a++) {
        const r = fp.RecipSqrtEstimate(a);
        expect(r).toBeGreaterThanOrEqual(256);
        expect(r).toBeLessThan(512);
        expect(Math.abs(r / 256 - 1 / Math.sqrt((a + 0.5) / scale))).toBeLessThan(2 / 256);
        expect(r).toBeLessThanOrEqual(prev);
        prev = r;
      }
    }
  });
});
