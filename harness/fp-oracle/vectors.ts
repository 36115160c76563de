// Vector generation for the fp-oracle: operands drawn from each format's edge values (zeros,
// infinities, quiet and signalling NaNs with payloads, denormals, extremes, values at
// rounding ties and integer boundaries) mixed with random values placed where rounding
// decisions happen, and FPCR drawn over every rounding mode with FZ/DN/FZ16/AHP variations.
// Deterministic for a seed.

import { FPCR_AHP, FPCR_DN, FPCR_FZ, FPCR_FZ16, formatOf, type FPWidth } from '../../emulator/fp/index.ts';
import { OPS, fixedH, fromFixed, toFixed, type Inputs, type OpForm } from './ops.ts';

export interface Vector {
  op: OpForm;
  v: Inputs;
}

/** A small seeded PRNG (mulberry32), so a failing batch can be regenerated from its seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  bits(n: number): bigint {
    let r = 0n;
    for (let k = 0; k < n; k += 32) r = (r << 32n) | BigInt(this.u32());
    return r & ((1n << BigInt(n)) - 1n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const cache = new Map<number, bigint[]>();

/** The edge values of a format, both signs. */
export function edgeValues(N: FPWidth): bigint[] {
  const hit = cache.get(N);
  if (hit) return hit;
  const { E, F } = formatOf(N);
  const bias = (1 << (E - 1)) - 1;
  const fracMask = (1n << BigInt(F)) - 1n;
  const expAll = BigInt((1 << E) - 1) << BigInt(F);
  const num = (exp: number, frac: bigint): bigint => (BigInt(exp) << BigInt(F)) | frac;
  const q = 1n << BigInt(F - 1);
  const pos: bigint[] = [
    0n, 1n, 2n, 3n, fracMask, fracMask - 1n, q, q | 1n, // zero and denormals
    num(1, 0n), num(1, 1n), num((1 << E) - 2, fracMask), num((1 << E) - 2, fracMask - 1n), num((1 << E) - 2, 0n), // normals at the ends
    expAll, expAll | q, expAll | q | 1n, expAll | fracMask, expAll | 1n, expAll | (fracMask >> 1n), expAll | 0x15n, // inf, NaNs
    num(bias, 0n), num(bias, 1n), num(bias - 1, fracMask), num(bias + 1, 0n), num(bias, q), num(bias - 1, 0n), num(bias + 1, q),
    num(bias + 1, q >> 1n), num(bias + 1, q | (q >> 1n)), num(bias - 2, 0n), num(bias + 2, q >> 1n), // 0.5 1.5 2.5 3.5 ...
  ];
  // Integer and conversion boundaries: 2^k and 2^k - ulp, 2^k + half-ulp ties, k up to 65.
  for (const k of [F, F + 1, 15, 16, 31, 32, 52, 53, 63, 64, 65]) {
    const e = bias + k;
    if (e < (1 << E) - 1) pos.push(num(e, 0n), num(e - 1, fracMask), num(e, 1n));
  }
  // Values near the bottom of the normal range, where results underflow or round to normal.
  pos.push(num(1, fracMask), num(2, 0n), num(bias - F, 0n), num(Math.max(1, bias - (bias >> 1)), 1n));
  const all = [...pos, ...pos.map((v) => v | (1n << BigInt(N - 1)))];
  cache.set(N, all);
  return all;
}

/** A random finite value with exponent around `centre` (biased), fraction sometimes sparse. */
function near(rng: Rng, N: FPWidth, centre: number, spread: number): bigint {
  const { E, F } = formatOf(N);
  const exp = Math.min((1 << E) - 2, Math.max(0, centre + rng.int(2 * spread + 1) - spread));
  let frac = rng.bits(F);
  if (rng.chance(0.3)) frac &= ~((1n << BigInt(rng.int(F))) - 1n); // few low bits: exact ties
  if (rng.chance(0.15)) frac = (1n << BigInt(F)) - 1n - rng.bits(3);
  return (BigInt(rng.int(2)) << BigInt(N - 1)) | (BigInt(exp) << BigInt(F)) | frac;
}

const expOf = (v: bigint, N: FPWidth): number => {
  const { E, F } = formatOf(N);
  return Number((v >> BigInt(F)) & BigInt((1 << E) - 1));
};

export function operand(rng: Rng, N: FPWidth): bigint {
  const { E } = formatOf(N);
  const bias = (1 << (E - 1)) - 1;
  const r = rng.int(10);
  if (r < 3) return rng.pick(edgeValues(N));
  if (r < 4) return rng.bits(N);
  if (r < 5) return near(rng, N, rng.int(4), 3); // denormal / tiny
  if (r < 6) return near(rng, N, (1 << E) - 3, 3); // huge
  return near(rng, N, bias, Math.min(bias, 70)); // ordinary, incl. integers and fractions
}

/** An operand related to `a`: close in exponent, so sums cancel, round and tie. */
function related(rng: Rng, N: FPWidth, a: bigint): bigint {
  const { F } = formatOf(N);
  if (rng.chance(0.5)) return operand(rng, N);
  const e = expOf(a, N);
  const b = near(rng, N, e - rng.int(F + 4), 0);
  if (rng.chance(0.2)) return a ^ (1n << BigInt(N - 1)) ^ rng.bits(2); // near cancellation
  return b;
}

const INT_EDGES = [0n, 1n, 2n, 3n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n,
  0xffffffffffffffffn, 0x1000001n, 0x20000000000001n, 0x800n, 0xfffn, 0x7ff0n];

function intOperand(rng: Rng, M: number): bigint {
  const r = rng.int(4);
  const m = (1n << BigInt(M)) - 1n;
  if (r === 0) return rng.pick(INT_EDGES) & m;
  if (r === 1) return rng.bits(M);
  const v = rng.bits(rng.int(M) + 1);
  return (rng.chance(0.5) ? -v : v) & m;
}

/** FPCR: every rounding mode, FZ / DN / FZ16 / AHP on and off. */
export function fpcrOf(rng: Rng): number {
  let f = rng.int(4) << 22;
  if (rng.chance(0.3)) f |= FPCR_FZ;
  if (rng.chance(0.3)) f |= FPCR_DN;
  if (rng.chance(0.3)) f |= FPCR_FZ16;
  if (rng.chance(0.25)) f |= FPCR_AHP;
  return f;
}

export function inputsFor(rng: Rng, op: OpForm): Inputs {
  const N = op.N;
  const fpcr = fpcrOf(rng);
  const a = operand(rng, N);
  let b = related(rng, N, a), c = operand(rng, N);
  if (op.kind === 'fp3' && rng.chance(0.5)) {
    // addend near the product's exponent: the fused rounding matters
    const { E } = formatOf(N);
    const bias = (1 << (E - 1)) - 1;
    b = near(rng, N, expOf(b, N), 2);
    c = near(rng, N, Math.max(0, expOf(a, N) + expOf(b, N) - bias - rng.int(formatOf(N).F + 3)), 1);
  }
  const x = op.kind === 'int' && op.intBits ? intOperand(rng, op.intBits) : 0n;
  if (op.kind === 'intv') return { fpcr, a: intOperand(rng, op.intBits ?? 16), b, c, x };
  return { fpcr, a, b, c, x };
}

/** `count` vectors over every operation form, incl. fixed-point conversions with random fbits. */
export function generate(count: number, seed: number): Vector[] {
  const rng = new Rng(seed);
  const out: Vector[] = [];
  const widths: FPWidth[] = [16, 32, 64];
  for (let i = 0; i < count; i++) {
    let op: OpForm;
    if (i < OPS.length) op = OPS[i]; // every form at least once
    else if (rng.chance(0.1)) {
      const M = rng.chance(0.5) ? 32 : 64;
      const N = rng.pick(widths);
      const fbits = 1 + rng.int(M);
      if (rng.chance(0.2)) op = fixedH(rng.pick(['FCVTZS', 'FCVTZU', 'SCVTF', 'UCVTF'] as const), 1 + rng.int(16));
      else op = rng.chance(0.5) ? toFixed(rng.chance(0.5), N, M, fbits) : fromFixed(rng.chance(0.5), N, M, fbits);
    } else op = rng.pick(OPS);
    out.push({ op, v: inputsFor(rng, op) });
  }
  return out;
}

/**
 * Directed vectors: every combination of the special values (zeros, infinities, quiet and
 * signalling NaNs of both signs with distinct payloads, 1.0, the smallest denormal) for each
 * 2- and 3-operand form, with DN off and on and FZ on and off: NaN operand priority, the
 * infinity * zero (+ quiet NaN) rules, signed-zero results.
 */
export function directed(): Vector[] {
  const out: Vector[] = [];
  for (const op of OPS) {
    if (op.kind !== 'fp2' && op.kind !== 'fp3') continue;
    const { E, F } = formatOf(op.N);
    const sgn = 1n << BigInt(op.N - 1), expAll = BigInt((1 << E) - 1) << BigInt(F), q = 1n << BigInt(F - 1);
    const one = BigInt((1 << (E - 1)) - 1) << BigInt(F);
    const sp = [0n, sgn, expAll, expAll | sgn, expAll | q | 1n, sgn | expAll | q | 2n, expAll | 3n, sgn | expAll | 4n, one, 1n];
    const pick = op.kind === 'fp3' ? sp.filter((_, i) => i !== 9 && i !== 3) : sp;
    let k = 0;
    for (const a of pick) for (const b of pick) for (const c of op.kind === 'fp3' ? pick : [0n]) {
      const fpcr = (k & 1 ? FPCR_DN : 0) | (k & 2 ? FPCR_FZ | FPCR_FZ16 : 0) | ((k >> 2) & 3) << 22;
      k++;
      out.push({ op, v: { fpcr, a, b, c, x: 0n } });
    }
  }
  return out;
}
