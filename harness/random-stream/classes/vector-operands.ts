// Set-up items that put chosen values into V registers and FPCR before a random FP/SIMD
// instruction, so streams reach the edge cases random bits almost never hit (±0, ±inf,
// quiet and signalling NaNs with payloads, denormals, the extremes of each width).
// They use X26 as the temporary: the memory classes reset it before every use
// (generate.ts), so it carries nothing between items.

import fc from 'fast-check';

const TMP = 26;
const movz = (hw: number, imm16: number): number => (0xd2800000 | (hw << 21) | (imm16 << 5) | TMP) >>> 0;
const movk = (hw: number, imm16: number): number => (0xf2800000 | (hw << 21) | (imm16 << 5) | TMP) >>> 0;

/** MOVZ/MOVK words that put the 64-bit `value` into X26. */
export function loadX26(value: bigint): number[] {
  const w: number[] = [movz(0, Number(value & 0xffffn))];
  for (let hw = 1; hw < 4; hw++) {
    const part = Number((value >> BigInt(16 * hw)) & 0xffffn);
    if (part !== 0) w.push(movk(hw, part));
  }
  return w;
}

/** Words that set the 64-bit lane `lane` (0 low, 1 high) of V[v] to `value` (INS Vv.D[lane], X26). */
export function setVLane(v: number, lane: 0 | 1, value: bigint): number[] {
  const imm5 = (lane << 4) | 8;
  return [...loadX26(value), (0x4e001c00 | (imm5 << 16) | (TMP << 5) | v) >>> 0];
}

/** Words that set FPCR to `value` (MSR FPCR, X26). */
export function setFpcr(value: number): number[] {
  return [...loadX26(BigInt(value >>> 0)), (0xd51b4400 | TMP) >>> 0];
}

/** FPCR values worth drawing: every rounding mode with and without FZ, DN, FZ16 and AHP. */
export const fpcrArb: fc.Arbitrary<number> = fc.record({
  rmode: fc.integer({ min: 0, max: 3 }), fz: fc.boolean(), dn: fc.boolean(), fz16: fc.boolean(), ahp: fc.boolean(),
}).map(({ rmode, fz, dn, fz16, ahp }) => ((rmode << 22) | (fz ? 1 << 24 : 0) | (dn ? 1 << 25 : 0) | (fz16 ? 1 << 19 : 0) | (ahp ? 1 << 26 : 0)) >>> 0);

/** Edge values of an IEEE format with `e` exponent bits and `f` fraction bits, as raw bits. */
function edgeBits(e: number, f: number): fc.Arbitrary<bigint> {
  const E = BigInt(e), F = BigInt(f);
  const sign = 1n << (E + F), expMax = ((1n << E) - 1n) << F, fracMask = (1n << F) - 1n, quiet = 1n << (F - 1n);
  const bias = (1n << (E - 1n)) - 1n;
  const one = bias << F;
  const mag = fc.oneof(
    fc.constantFrom(0n, expMax, one, one | 1n, (one - 1n), expMax - 1n, 1n, fracMask, 1n << F, ((bias + F + 1n) << F)),
    fc.bigInt({ min: 1n, max: fracMask }), // denormals
    fc.bigInt({ min: 0n, max: fracMask }).map((p) => expMax | quiet | p), // quiet NaNs with payloads
    fc.bigInt({ min: 1n, max: quiet - 1n }).map((p) => expMax | p), // signalling NaNs
    fc.bigInt({ min: 0n, max: fracMask }).map((p) => ((bias + F) << F) | p), // integers near 2^F: rounding ties
    fc.bigInt({ min: 0n, max: (1n << (E + F)) - 1n }), // anything
  );
  return fc.tuple(fc.boolean(), mag).map(([neg, m]) => (neg ? sign | m : m));
}

export const f16Edge = edgeBits(5, 10);
export const f32Edge = edgeBits(8, 23);
export const f64Edge = edgeBits(11, 52);
/** Integer edge values: 0, 1, all-ones, sign boundaries, 2^31, 2^32-1, 2^63 and their neighbours. */
export const intEdge: fc.Arbitrary<bigint> = fc.oneof(
  fc.constantFrom(0n, 1n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 63n - 1n, 2n ** 31n, 2n ** 31n - 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 15n, 2n ** 16n - 1n, 0x80n, 0xffn),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);

/** A 64-bit lane of `esize`-bit edge elements (f16 x4, f32 x2, f64 x1). */
export function laneOf(esize: 16 | 32 | 64): fc.Arbitrary<bigint> {
  const n = 64 / esize, pool = esize === 16 ? f16Edge : esize === 32 ? f32Edge : f64Edge;
  return fc.array(pool, { minLength: n, maxLength: n }).map((xs) => xs.reduce((acc, x, i) => acc | (x << BigInt(i * esize)), 0n));
}
