// FEAT_SHA512: SHA512H, SHA512H2, SHA512SU0, SHA512SU1 (Arm ARM C7.2 instruction pages).
// V[] holds two 64-bit lanes; each is worked on as int32 halves (lo, hi) with results through
// bits.ts's R, so no instruction allocates. Lane 1 (bits [127:64]) is words 2-3.

import { lsr64, R, ror64 } from '../bits.ts';
import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { fpAccessCheck } from './fp-access.ts';

/** R = a + b modulo 2^64. */
function add64(alo: number, ahi: number, blo: number, bhi: number): void {
  const s = (alo >>> 0) + (blo >>> 0);
  R.lo = s | 0;
  R.hi = (ahi + bhi + (s > 0xffffffff ? 1 : 0)) | 0;
}

/** R = ROR(x, a) EOR ROR(x, b) EOR (shift ? LSR(x, c) : ROR(x, c)). */
function sigma(lo: number, hi: number, a: number, b: number, c: number, shift: boolean): void {
  ror64(lo, hi, a);
  let rl = R.lo, rh = R.hi;
  ror64(lo, hi, b);
  rl ^= R.lo; rh ^= R.hi;
  if (shift) lsr64(lo, hi, c); else ror64(lo, hi, c);
  R.lo ^= rl; R.hi ^= rh;
}

function enter(c: Cpu): void {
  if (!c.features.sha512) undefinedInstruction(c);
  fpAccessCheck(c);
}

/** SHA512H: the Sigma1/Ch half of two SHA-512 rounds on W = V[d], X = V[n], Y = V[m]. */
export function sha512h(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const y0l = v[m], y0h = v[m + 1], y1l = v[m + 2], y1h = v[m + 3];
  const x0l = v[n], x0h = v[n + 1], x1l = v[n + 2], x1h = v[n + 3];
  // MSigma1 = ROR(Y<127:64>, 14) EOR ROR(.., 18) EOR ROR(.., 41)
  sigma(y1l, y1h, 14, 18, 41, false);
  const s1l = R.lo, s1h = R.hi;
  // Vtmp<127:64> = Ch(Y<127:64>, X<63:0>, X<127:64>) + MSigma1 + W<127:64>
  add64((y1l & x0l) ^ (~y1l & x1l), (y1h & x0h) ^ (~y1h & x1h), s1l, s1h);
  add64(R.lo, R.hi, v[d + 2], v[d + 3]);
  const t1l = R.lo, t1h = R.hi;
  // tmp = Vtmp<127:64> + Y<63:0>
  add64(t1l, t1h, y0l, y0h);
  const tl = R.lo, th = R.hi;
  sigma(tl, th, 14, 18, 41, false);
  const s2l = R.lo, s2h = R.hi;
  // Vtmp<63:0> = Ch(tmp, Y<127:64>, X<63:0>) + MSigma1 + W<63:0>
  add64((tl & y1l) ^ (~tl & x0l), (th & y1h) ^ (~th & x0h), s2l, s2h);
  add64(R.lo, R.hi, v[d], v[d + 1]);
  v[d] = R.lo; v[d + 1] = R.hi; v[d + 2] = t1l; v[d + 3] = t1h;
}

/** SHA512H2: the Sigma0/Maj half of two SHA-512 rounds on W = V[d], X = V[n], Y = V[m]. */
export function sha512h2(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const y0l = v[m], y0h = v[m + 1], y1l = v[m + 2], y1h = v[m + 3];
  const x0l = v[n], x0h = v[n + 1];
  // NSigma0 = ROR(Y<63:0>, 28) EOR ROR(.., 34) EOR ROR(.., 39)
  sigma(y0l, y0h, 28, 34, 39, false);
  const s0l = R.lo, s0h = R.hi;
  // Vtmp<127:64> = Maj(X<63:0>, Y<127:64>, Y<63:0>) + NSigma0 + W<127:64>
  add64((x0l & y1l) ^ (x0l & y0l) ^ (y1l & y0l), (x0h & y1h) ^ (x0h & y0h) ^ (y1h & y0h), s0l, s0h);
  add64(R.lo, R.hi, v[d + 2], v[d + 3]);
  const t1l = R.lo, t1h = R.hi;
  sigma(t1l, t1h, 28, 34, 39, false);
  const s1l = R.lo, s1h = R.hi;
  // Vtmp<63:0> = Maj(Vtmp<127:64>, Y<63:0>, Y<127:64>) + NSigma0 + W<63:0>
  add64((t1l & y0l) ^ (t1l & y1l) ^ (y1l & y0l), (t1h & y0h) ^ (t1h & y1h) ^ (y1h & y0h), s1l, s1h);
  add64(R.lo, R.hi, v[d], v[d + 1]);
  v[d] = R.lo; v[d + 1] = R.hi; v[d + 2] = t1l; v[d + 3] = t1h;
}

/** SHA512SU0: lane 0 = W<63:0> + sigma0(W<127:64>), lane 1 = W<127:64> + sigma0(X<63:0>); W = V[d], X = V[n]. */
export function sha512su0(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn;
  const w0l = v[d], w0h = v[d + 1], w1l = v[d + 2], w1h = v[d + 3];
  sigma(w1l, w1h, 1, 8, 7, true);
  add64(w0l, w0h, R.lo, R.hi);
  const r0l = R.lo, r0h = R.hi;
  sigma(v[n], v[n + 1], 1, 8, 7, true);
  add64(w1l, w1h, R.lo, R.hi);
  v[d] = r0l; v[d + 1] = r0h; v[d + 2] = R.lo; v[d + 3] = R.hi;
}

/** SHA512SU1: each lane W + sigma1(X) + Y, lane by lane; W = V[d], X = V[n], Y = V[m]. */
export function sha512su1(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  for (let k = 0; k < 4; k += 2) {
    sigma(v[n + k], v[n + k + 1], 19, 61, 6, true);
    add64(R.lo, R.hi, v[d + k], v[d + k + 1]);
    add64(R.lo, R.hi, v[m + k], v[m + k + 1]);
    v[d + k] = R.lo; v[d + k + 1] = R.hi;
  }
}
