// The FP core's arithmetic against an independent oracle written here: operands decoded to
// exact rationals n/d (bigint), the exact result computed as a rational (or, for sqrt, bounded
// by integer square roots), rounded by direct integer division at the result's ulp, with the
// architecture's special-value, NaN, flush-to-zero and flag rules restated from the Arm ARM.
// Nothing here is shared with the core. Every rounding mode, precision, FZ/FZ16/DN setting.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as fp from './index.ts';

type W = 16 | 32 | 64;
const FMT = { 16: { E: 5, F: 10 }, 32: { E: 8, F: 23 }, 64: { E: 11, F: 52 } } as const;
const IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;
const FZ = 1 << 24, DN = 1 << 25, FZ16 = 1 << 19;

interface Dec { kind: 'zero' | 'inf' | 'qnan' | 'snan' | 'num'; s: number; n: bigint; d: bigint; raw: bigint }

const blen = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);

function params(N: W) {
  const { E, F } = FMT[N];
  const bias = 2 ** (E - 1) - 1;
  return { E, F, bias, minExp: 1 - bias, maxBiased: 2 ** E - 1 };
}
const fzOf = (N: W, fpcr: number): boolean => (N === 16 ? (fpcr & FZ16) !== 0 : (fpcr & FZ) !== 0);

/** Decodes raw bits; `st.f` gets IDC for a flushed single/double denormal. */
function decode(raw: bigint, N: W, fpcr: number, st: { f: number }): Dec {
  const { F, bias, maxBiased } = params(N);
  const s = Number(raw >> BigInt(N - 1)) & 1;
  const exp = Number((raw >> BigInt(F)) & BigInt(maxBiased));
  const frac = raw & ((1n << BigInt(F)) - 1n);
  if (exp === 0) {
    if (frac === 0n) return { kind: 'zero', s, n: 0n, d: 1n, raw };
    if (fzOf(N, fpcr)) {
      if (N !== 16) st.f |= IDC;
      return { kind: 'zero', s, n: 0n, d: 1n, raw };
    }
    return { kind: 'num', s, n: frac, d: 1n << BigInt(bias - 1 + F), raw };
  }
  if (exp === maxBiased) {
    if (frac === 0n) return { kind: 'inf', s, n: 0n, d: 1n, raw };
    return { kind: (frac >> BigInt(F - 1)) & 1n ? 'qnan' : 'snan', s, n: 0n, d: 1n, raw };
  }
  const sh = exp - bias - F;
  const m = (1n << BigInt(F)) | frac;
  return sh >= 0 ? { kind: 'num', s, n: m << BigInt(sh), d: 1n, raw } : { kind: 'num', s, n: m, d: 1n << BigInt(-sh), raw };
}

const inf = (N: W, s: number): bigint => (BigInt(s) << BigInt(N - 1)) | (BigInt(params(N).maxBiased) << BigInt(FMT[N].F));
const zero = (N: W, s: number): bigint => BigInt(s) << BigInt(N - 1);
const maxNormal = (N: W, s: number): bigint => inf(N, s) - 1n;
const defaultNaN = (N: W): bigint => inf(N, 0) | (1n << BigInt(FMT[N].F - 1));

/**
 * floor(log2(n/d)) for n, d > 0.
 */
function ilog2(n: bigint, d: bigint): number {
  let k = blen(n) - blen(d);
  const ge = (k: number): boolean => (k >= 0 ? n >= d << BigInt(k) : n << BigInt(-k) >= d);
  if (!ge(k)) k--;
  return k;
}

/**
 * Rounds the positive magnitude `mag(u)` = the exact value / 2^u to an integer at ulp
 * exponent u, given `floorAt(u)` = [q, cmpHalf, inexact]. Shared by the rational and the
 * sqrt paths of this oracle.
 */
function roundOracle(s: number, k: number, floorAt: (u: number) => [bigint, number, boolean], N: W, fpcr: number, mode: number, st: { f: number }): bigint {
  const { F, bias, minExp } = params(N);
  const tiny = k < minExp;
  if (tiny && fzOf(N, fpcr)) {
    st.f |= UFC;
    return zero(N, s);
  }
  const u = Math.max(k, minExp) - F;
  let [q, half, inexact] = floorAt(u);
  const up = mode === 0 ? half > 0 || (half === 0 && (q & 1n) === 1n) : mode === 1 ? inexact && s === 0 : mode === 2 ? inexact && s === 1 : false;
  if (up) q += 1n;
  if (inexact && tiny) st.f |= UFC;
  // Overflow: the rounded value q * 2^u reaches 2^(bias+1).
  if (blen(q) - 1 + u >= bias + 1) {
    st.f |= OFC | IXC;
    const toInf = mode === 0 || (mode === 1 && s === 0) || (mode === 2 && s === 1);
    return toInf ? inf(N, s) : maxNormal(N, s);
  }
  if (inexact) st.f |= IXC;
  let e = u;
  while (q >= 1n << BigInt(F + 1)) {
    q >>= 1n;
    e++;
  }
  if (q < 1n << BigInt(F)) return zero(N, s) | q; // denormal (or zero)
  return zero(N, s) | (BigInt(e + F + bias) << BigInt(F)) | (q - (1n << BigInt(F)));
}

/** Rounds the exact rational (-1)^s * n/d (n > 0). */
function roundQ(s: number, n: bigint, d: bigint, N: W, fpcr: number, mode: number, st: { f: number }): bigint {
  return roundOracle(s, ilog2(n, d), (u) => {
    const [num, den] = u >= 0 ? [n, d << BigInt(u)] : [n << BigInt(-u), d];
    const q = num / den, r = num - q * den;
    return [q, r * 2n > den ? 1 : r * 2n < den ? -1 : 0, r !== 0n];
  }, N, fpcr, mode, st);
}

function isqrtO(x: bigint): bigint {
  if (x < 2n) return x;
  let lo = 0n, hi = 1n << BigInt((blen(x) >> 1) + 1);
  while (hi - lo > 1n) {
    const mid = (lo + hi) >> 1n;
    if (mid * mid <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Rounds sqrt(n/d) (n > 0). */
function roundSqrt(n: bigint, d: bigint, N: W, fpcr: number, mode: number, st: { f: number }): bigint {
  const k = Math.floor(ilog2(n, d) / 2);
  return roundOracle(0, k, (u) => {
    // x = (n/d) / 4^u; q = floor(sqrt(x)) = isqrt(floor(x)); compare x with (q + 1/2)^2.
    const [num, den] = u >= 0 ? [n, d << BigInt(2 * u)] : [n << BigInt(-2 * u), d];
    const q = isqrtO(num / den);
    const exact = q * q * den === num;
    const c = 4n * num - (4n * q * q + 4n * q + 1n) * den;
    return [q, c > 0n ? 1 : c < 0n ? -1 : 0, !exact];
  }, N, fpcr, mode, st);
}

/** The architecture's NaN selection: SNaNs first in operand order, then QNaNs; quiet; DN. */
function nanOf(ops: Dec[], N: W, fpcr: number, st: { f: number }): bigint | undefined {
  const pick = ops.find((o) => o.kind === 'snan') ?? ops.find((o) => o.kind === 'qnan');
  if (!pick) return undefined;
  if (pick.kind === 'snan') st.f |= IOC;
  return fpcr & DN ? defaultNaN(N) : pick.raw | (1n << BigInt(FMT[N].F - 1));
}

const qAdd = (a: Dec, b: Dec): [number, bigint, bigint] => {
  const n = (a.s ? -a.n : a.n) * b.d + (b.s ? -b.n : b.n) * a.d;
  return [n < 0n ? 1 : 0, n < 0n ? -n : n, a.d * b.d];
};

function oracleAdd(x: bigint, y: bigint, N: W, fpcr: number, st: { f: number }, negateY = false): bigint {
  const a = decode(x, N, fpcr, st), b0 = decode(y, N, fpcr, st);
  const nan = nanOf([a, b0], N, fpcr, st);
  if (nan !== undefined) return nan;
  const b = negateY ? { ...b0, s: 1 - b0.s } : b0;
  const mode = (fpcr >>> 22) & 3;
  if (a.kind === 'inf' && b.kind === 'inf' && a.s !== b.s) {
    st.f |= IOC;
    return defaultNaN(N);
  }
  if (a.kind === 'inf') return inf(N, a.s);
  if (b.kind === 'inf') return inf(N, b.s);
  if (a.kind === 'zero' && b.kind === 'zero' && a.s === b.s) return zero(N, a.s);
  const [s, n, d] = qAdd(a, b);
  if (n === 0n) return zero(N, mode === 2 ? 1 : 0);
  return roundQ(s, n, d, N, fpcr, mode, st);
}

function oracleMul(x: bigint, y: bigint, N: W, fpcr: number, st: { f: number }): bigint {
  const a = decode(x, N, fpcr, st), b = decode(y, N, fpcr, st);
  const nan = nanOf([a, b], N, fpcr, st);
  if (nan !== undefined) return nan;
  const s = a.s ^ b.s;
  if ((a.kind === 'inf' && b.kind === 'zero') || (a.kind === 'zero' && b.kind === 'inf')) {
    st.f |= IOC;
    return defaultNaN(N);
  }
  if (a.kind === 'inf' || b.kind === 'inf') return inf(N, s);
  if (a.kind === 'zero' || b.kind === 'zero') return zero(N, s);
  return roundQ(s, a.n * b.n, a.d * b.d, N, fpcr, (fpcr >>> 22) & 3, st);
}

function oracleDiv(x: bigint, y: bigint, N: W, fpcr: number, st: { f: number }): bigint {
  const a = decode(x, N, fpcr, st), b = decode(y, N, fpcr, st);
  const nan = nanOf([a, b], N, fpcr, st);
  if (nan !== undefined) return nan;
  const s = a.s ^ b.s;
  if ((a.kind === 'inf' && b.kind === 'inf') || (a.kind === 'zero' && b.kind === 'zero')) {
    st.f |= IOC;
    return defaultNaN(N);
  }
  if (a.kind === 'inf') return inf(N, s);
  if (b.kind === 'zero') {
    st.f |= DZC;
    return inf(N, s);
  }
  if (a.kind === 'zero' || b.kind === 'inf') return zero(N, s);
  return roundQ(s, a.n * b.d, a.d * b.n, N, fpcr, (fpcr >>> 22) & 3, st);
}

function oracleSqrt(x: bigint, N: W, fpcr: number, st: { f: number }): bigint {
  const a = decode(x, N, fpcr, st);
  const nan = nanOf([a], N, fpcr, st);
  if (nan !== undefined) return nan;
  if (a.kind === 'zero') return zero(N, a.s);
  if (a.s === 1) {
    st.f |= IOC;
    return defaultNaN(N);
  }
  if (a.kind === 'inf') return inf(N, 0);
  return roundSqrt(a.n, a.d, N, fpcr, (fpcr >>> 22) & 3, st);
}

/** addend + x * y, one rounding; the Arm rule: a quiet NaN addend with inf * 0 is invalid. */
function oracleFma(addend: bigint, x: bigint, y: bigint, N: W, fpcr: number, st: { f: number }): bigint {
  const c = decode(addend, N, fpcr, st), a = decode(x, N, fpcr, st), b = decode(y, N, fpcr, st);
  const infTimesZero = (a.kind === 'inf' && b.kind === 'zero') || (a.kind === 'zero' && b.kind === 'inf');
  let nan = nanOf([c, a, b], N, fpcr, st);
  if (c.kind === 'qnan' && infTimesZero) {
    st.f |= IOC;
    nan = defaultNaN(N);
  }
  if (nan !== undefined) return nan;
  const sp = a.s ^ b.s;
  const infP = a.kind === 'inf' || b.kind === 'inf';
  if (infTimesZero || (c.kind === 'inf' && infP && c.s !== sp)) {
    st.f |= IOC;
    return defaultNaN(N);
  }
  if (c.kind === 'inf') return inf(N, c.s);
  if (infP) return inf(N, sp);
  const zeroP = a.kind === 'zero' || b.kind === 'zero';
  if (c.kind === 'zero' && zeroP && c.s === sp) return zero(N, c.s);
  const p: Dec = { kind: 'num', s: sp, n: a.n * b.n, d: a.d * b.d, raw: 0n };
  const [s, n, d] = qAdd(c, p);
  const mode = (fpcr >>> 22) & 3;
  if (n === 0n) return zero(N, mode === 2 ? 1 : 0);
  return roundQ(s, n, d, N, fpcr, mode, st);
}

// ---------------------------------------------------------------------------------------
// Operands: edge values (zeros, infinities, NaNs with payloads, denormals, extremes, 1 and
// 1 +- ulp, 2^k +- ulp) and random bit patterns, placed near each other so sums tie and cancel.

function edges(N: W): bigint[] {
  const { F, maxBiased, bias } = params(N);
  const fm = (1n << BigInt(F)) - 1n, q = 1n << BigInt(F - 1);
  const e = (x: number, f: bigint): bigint => (BigInt(x) << BigInt(F)) | f;
  const pos = [0n, 1n, 2n, fm, q, e(1, 0n), e(1, 1n), e(1, fm), e(maxBiased - 1, fm), e(maxBiased - 1, 0n), e(maxBiased, 0n),
    e(maxBiased, q), e(maxBiased, q | 5n), e(maxBiased, 1n), e(maxBiased, fm >> 1n), e(bias, 0n), e(bias, 1n), e(bias - 1, fm),
    e(bias + 1, q), e(bias + F, 0n), e(bias + F + 1, 1n), e(bias - F, 0n), e(bias - F - 1, fm), e(2, 0n)];
  return [...pos, ...pos.map((v) => v | (1n << BigInt(N - 1)))];
}

const operand = (N: W): fc.Arbitrary<bigint> => fc.oneof(
  fc.constantFrom(...edges(N)),
  fc.bigInt({ min: 0n, max: (1n << BigInt(N)) - 1n }),
  // normals around 1.0 with sparse fractions: exact ties and cancellations
  fc.tuple(fc.integer({ min: -40, max: 40 }), fc.bigInt({ min: 0n, max: (1n << BigInt(FMT[N].F)) - 1n }), fc.integer({ min: 0, max: FMT[N].F }), fc.boolean())
    .map(([de, f, keep, s]) => {
      const { F, bias, maxBiased } = params(N);
      const frac = (f >> BigInt(keep)) << BigInt(keep);
      const exp = Math.min(maxBiased - 1, Math.max(1, bias + de));
      return (BigInt(s ? 1 : 0) << BigInt(N - 1)) | (BigInt(exp) << BigInt(F)) | frac;
    }),
  // tiny: denormals and the smallest normals (underflow, flush)
  fc.bigInt({ min: 0n, max: (1n << BigInt(FMT[N].F + 2)) - 1n }).chain((v) => fc.boolean().map((s) => v | (BigInt(s ? 1 : 0) << BigInt(N - 1)))),
);
const fpcrArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([rm, fz, dn, fz16]) => (rm << 22) | (fz ? FZ : 0) | (dn ? DN : 0) | (fz16 ? FZ16 : 0));

const num = (v: bigint, N: W): number | bigint => (N === 64 ? v : Number(v));
const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));
const hex = (v: bigint): string => `0x${v.toString(16)}`;

function check(name: string, N: W, core: (st: fp.FPState) => number | bigint, oracle: (st: { f: number }) => bigint, ctx: string): void {
  const s1 = { fpsr: 0 }, s2 = { f: 0 };
  const got = big(core(s1));
  const want = oracle(s2);
  if (got !== want || s1.fpsr !== s2.f) {
    throw new Error(`${name} f${N} ${ctx}: core ${hex(got)} fpsr ${s1.fpsr.toString(16)}, oracle ${hex(want)} fpsr ${s2.f.toString(16)}`);
  }
}

const RUNS = 3000;
const WIDTHS: W[] = [16, 32, 64];

describe('FP arithmetic against the exact rational oracle', () => {
  for (const N of WIDTHS) {
    it(`FPAdd / FPSub f${N}`, () => {
      fc.assert(fc.property(operand(N), operand(N), fpcrArb, (a, b, fpcr) => {
        const ctx = `${hex(a)} ${hex(b)} fpcr ${fpcr.toString(16)}`;
        check('FPAdd', N, (st) => fp.FPAdd(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleAdd(a, b, N, fpcr, st), ctx);
        check('FPSub', N, (st) => fp.FPSub(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleAdd(a, b, N, fpcr, st, true), ctx);
      }), { numRuns: RUNS });
    });
    it(`FPMul f${N}`, () => {
      fc.assert(fc.property(operand(N), operand(N), fpcrArb, (a, b, fpcr) => {
        check('FPMul', N, (st) => fp.FPMul(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleMul(a, b, N, fpcr, st),
          `${hex(a)} ${hex(b)} fpcr ${fpcr.toString(16)}`);
      }), { numRuns: RUNS });
    });
    it(`FPDiv f${N}`, () => {
      fc.assert(fc.property(operand(N), operand(N), fpcrArb, (a, b, fpcr) => {
        check('FPDiv', N, (st) => fp.FPDiv(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleDiv(a, b, N, fpcr, st),
          `${hex(a)} ${hex(b)} fpcr ${fpcr.toString(16)}`);
      }), { numRuns: RUNS });
    });
    it(`FPSqrt f${N}`, () => {
      fc.assert(fc.property(operand(N), fpcrArb, (a, fpcr) => {
        check('FPSqrt', N, (st) => fp.FPSqrt(num(a, N) as never, N, fpcr, st), (st) => oracleSqrt(a, N, fpcr, st), `${hex(a)} fpcr ${fpcr.toString(16)}`);
      }), { numRuns: RUNS });
    });
    it(`FPMulAdd f${N}`, () => {
      fc.assert(fc.property(operand(N), operand(N), operand(N), fpcrArb, (c, a, b, fpcr) => {
        check('FPMulAdd', N, (st) => fp.FPMulAdd(num(c, N) as never, num(a, N) as never, num(b, N) as never, N, fpcr, st),
          (st) => oracleFma(c, a, b, N, fpcr, st), `${hex(c)} + ${hex(a)} * ${hex(b)} fpcr ${fpcr.toString(16)}`);
      }), { numRuns: RUNS });
    });
  }

  it('every pair of edge values, every op, mode, FZ and DN (f16, f32, f64)', () => {
    let n = 0;
    for (const N of WIDTHS) {
      const es = edges(N);
      for (let rm = 0; rm < 4; rm++) for (const fl of [0, FZ | FZ16, DN, FZ | DN | FZ16]) {
        const fpcr = (rm << 22) | fl;
        for (const a of es) {
          check('FPSqrt', N, (st) => fp.FPSqrt(num(a, N) as never, N, fpcr, st), (st) => oracleSqrt(a, N, fpcr, st), hex(a));
          for (const b of es) {
            const ctx = `${hex(a)} ${hex(b)} fpcr ${fpcr.toString(16)}`;
            check('FPAdd', N, (st) => fp.FPAdd(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleAdd(a, b, N, fpcr, st), ctx);
            check('FPMul', N, (st) => fp.FPMul(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleMul(a, b, N, fpcr, st), ctx);
            check('FPDiv', N, (st) => fp.FPDiv(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleDiv(a, b, N, fpcr, st), ctx);
            n += 3;
          }
        }
      }
    }
    expect(n).toBeGreaterThan(20000);
  });

  it('the oracle itself: known roundings a test would otherwise only agree with', () => {
    // 1 + 2^-24 in single precision is a tie: even (1.0) in RN, up in RP; 1 + 2^-24 + 2^-47 rounds up.
    const one = 0x3f800000n;
    const st = { f: 0 };
    expect(roundQ(0, (1n << 24n) + 1n, 1n << 24n, 32, 0, 0, st)).toBe(one);
    expect(roundQ(0, (1n << 24n) + 1n, 1n << 24n, 32, 0, 1, st)).toBe(one + 1n);
    expect(roundQ(0, (1n << 47n) + (1n << 23n) + 1n, 1n << 47n, 32, 0, 0, st)).toBe(one + 1n);
    // sqrt(2) in double precision: 0x3ff6a09e667f3bcd (round to nearest)
    expect(roundSqrt(2n, 1n, 64, 0, 0, st)).toBe(0x3ff6a09e667f3bcdn);
  });
});

describe('the JavaScript-double fast paths (fast.ts) against the rational oracle', () => {
  // RN with normal operands is where fast.ts answers; sparse fractions make exact results (no
  // IXC) common, and extreme exponents make results leave the normal range (fast path refuses).
  const normal = (N: W): fc.Arbitrary<bigint> => fc.tuple(fc.integer({ min: 1, max: params(N).maxBiased - 1 }),
    fc.bigInt({ min: 0n, max: (1n << BigInt(FMT[N].F)) - 1n }), fc.integer({ min: 0, max: FMT[N].F }), fc.boolean())
    .map(([e, f, keep, s]) => (BigInt(s ? 1 : 0) << BigInt(N - 1)) | (BigInt(e) << BigInt(FMT[N].F)) | ((f >> BigInt(keep)) << BigInt(keep)));
  const near1 = (N: W): fc.Arbitrary<bigint> => normal(N).map((v) => {
    const { F, bias } = params(N);
    const e = Number((v >> BigInt(F)) & 0x7ffn);
    return (v & ~(0x7ffn << BigInt(F))) | (BigInt(bias - 20 + (e % 41)) << BigInt(F));
  });
  for (const N of [32, 64] as const) {
    it(`f${N} add/sub/mul/div/sqrt in RN, flags exact`, () => {
      fc.assert(fc.property(fc.oneof(normal(N), near1(N)), fc.oneof(normal(N), near1(N)), fc.constantFrom(0, FZ, DN, FZ | DN), (a, b, fpcr) => {
        const ctx = `${hex(a)} ${hex(b)} fpcr ${fpcr.toString(16)}`;
        check('FPAdd', N, (st) => fp.FPAdd(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleAdd(a, b, N, fpcr, st), ctx);
        check('FPSub', N, (st) => fp.FPSub(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleAdd(a, b, N, fpcr, st, true), ctx);
        check('FPMul', N, (st) => fp.FPMul(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleMul(a, b, N, fpcr, st), ctx);
        check('FPDiv', N, (st) => fp.FPDiv(num(a, N) as never, num(b, N) as never, N, fpcr, st), (st) => oracleDiv(a, b, N, fpcr, st), ctx);
        check('FPSqrt', N, (st) => fp.FPSqrt(num(a, N) as never, N, fpcr, st), (st) => oracleSqrt(a, N, fpcr, st), ctx);
      }), { numRuns: 5000 });
    });
    it(`f${N} fused multiply-add in RN (round-to-odd fast path), flags exact`, () => {
      // Addends: independent, or the negated rounded product moved by a few ulps (cancellation,
      // where the exact product's low part decides), or tiny next to the product.
      const addend = (a: bigint, b: bigint, kind: number, k: bigint): bigint => {
        const p = big(fp.FPMul(num(a, N) as never, num(b, N) as never, N, 0, { fpsr: 0 }));
        if (kind === 0) return p ^ (1n << BigInt(N - 1)) ^ k;
        if (kind === 1) return (p ^ (1n << BigInt(N - 1))) + k;
        return (p & (1n << BigInt(N - 1))) | (BigInt(params(N).bias - 30) << BigInt(FMT[N].F)) | k;
      };
      fc.assert(fc.property(fc.oneof(normal(N), near1(N)), fc.oneof(normal(N), near1(N)), fc.oneof(normal(N), near1(N)),
        fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: 7n }), fc.constantFrom(0, FZ, DN),
        (a, b, c0, kind, k, fpcr) => {
          let c = kind === 3 ? c0 : addend(a, b, kind, k);
          c &= (1n << BigInt(N)) - 1n;
          check('FPMulAdd', N, (st) => fp.FPMulAdd(num(c, N) as never, num(a, N) as never, num(b, N) as never, N, fpcr, st),
            (st) => oracleFma(c, a, b, N, fpcr, st), `${hex(c)} + ${hex(a)} * ${hex(b)} fpcr ${fpcr.toString(16)}`);
        }), { numRuns: 8000 });
    });
  }
});
