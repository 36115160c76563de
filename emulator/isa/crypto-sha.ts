// FEAT_SHA1 and FEAT_SHA256: SHA1C, SHA1P, SHA1M, SHA1SU0, SHA1H, SHA1SU1, SHA256H, SHA256H2,
// SHA256SU0, SHA256SU1 (Arm ARM C7.2 instruction pages; SHAchoose, SHAmajority, SHAparity,
// SHAhashSIGMA0/1 and SHA256hash of shared/functions/crypto). Elements are the 32-bit words of
// V[] (element 0 = bits [31:0]); arithmetic is modulo 2^32.

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { fpAccessCheck } from './fp-access.ts';

const rol = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHAchoose(x, y, z) = ((y EOR z) AND x) EOR z. */
const shaChoose = (x: number, y: number, z: number): number => ((y ^ z) & x) ^ z;
/** SHAmajority(x, y, z) = (x AND y) OR ((x OR y) AND z). */
const shaMajority = (x: number, y: number, z: number): number => (x & y) | ((x | y) & z);
/** SHAparity(x, y, z) = x EOR y EOR z. */
const shaParity = (x: number, y: number, z: number): number => x ^ y ^ z;
const shaHashSigma0 = (x: number): number => ror(x, 2) ^ ror(x, 13) ^ ror(x, 22);
const shaHashSigma1 = (x: number): number => ror(x, 6) ^ ror(x, 11) ^ ror(x, 25);

function enterSha1(c: Cpu): void {
  if (!c.features.sha1) undefinedInstruction(c);
  fpAccessCheck(c);
}

function enterSha256(c: Cpu): void {
  if (!c.features.sha256) undefinedInstruction(c);
  fpAccessCheck(c);
}

/**
 * SHA1C/SHA1P/SHA1M: four rounds of SHA-1 on X = V[d] (a, b, c, d), Y = S[n] (e) and the
 * schedule words W = V[m], with the round function f.
 */
function sha1Rounds(c: Cpu, o: Op, f: (x: number, y: number, z: number) => number): void {
  enterSha1(c);
  const v = c.vreg, d = 4 * o.rd, m = 4 * o.rm;
  let x0 = v[d], x1 = v[d + 1], x2 = v[d + 2], x3 = v[d + 3], y = v[4 * o.rn];
  for (let e = 0; e < 4; e++) {
    y = (y + rol(x0, 5) + f(x1, x2, x3) + v[m + e]) | 0;
    x1 = rol(x1, 30);
    // <Y, X> = ROL(Y : X, 32)
    const t = x3;
    x3 = x2; x2 = x1; x1 = x0; x0 = y; y = t;
  }
  v[d] = x0; v[d + 1] = x1; v[d + 2] = x2; v[d + 3] = x3;
}

export function sha1c(c: Cpu, o: Op): void { sha1Rounds(c, o, shaChoose); }
export function sha1p(c: Cpu, o: Op): void { sha1Rounds(c, o, shaParity); }
export function sha1m(c: Cpu, o: Op): void { sha1Rounds(c, o, shaMajority); }

/** SHA1SU0: V[d] = (V[n]<63:0> : V[d]<127:64>) EOR V[d] EOR V[m]. */
export function sha1su0(c: Cpu, o: Op): void {
  enterSha1(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const r0 = v[d + 2] ^ v[d] ^ v[m], r1 = v[d + 3] ^ v[d + 1] ^ v[m + 1];
  const r2 = v[n] ^ v[d + 2] ^ v[m + 2], r3 = v[n + 1] ^ v[d + 3] ^ v[m + 3];
  v[d] = r0; v[d + 1] = r1; v[d + 2] = r2; v[d + 3] = r3;
}

/** SHA1H: S[d] = ROL(S[n], 30), the rest of V[d] cleared. */
export function sha1h(c: Cpu, o: Op): void {
  enterSha1(c);
  const v = c.vreg, d = 4 * o.rd;
  v[d] = rol(v[4 * o.rn], 30);
  v[d + 1] = 0; v[d + 2] = 0; v[d + 3] = 0;
}

/** SHA1SU1: T = V[d] EOR LSR(V[n], 32); each word ROL 1, the top one also EOR ROL(T<31:0>, 2). */
export function sha1su1(c: Cpu, o: Op): void {
  enterSha1(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn;
  const t0 = v[d] ^ v[n + 1], t1 = v[d + 1] ^ v[n + 2], t2 = v[d + 2] ^ v[n + 3], t3 = v[d + 3];
  v[d] = rol(t0, 1); v[d + 1] = rol(t1, 1); v[d + 2] = rol(t2, 1);
  v[d + 3] = rol(t3, 1) ^ rol(t0, 2);
}

/**
 * SHA256hash(X, Y, W, part1): four rounds of SHA-256 on X = (a, b, c, d), Y = (e, f, g, h) and
 * W (schedule words plus round constants), writing X (part1) or Y to V[d].
 */
function sha256Hash(c: Cpu, dst: number, xr: number, yr: number, wr: number, part1: boolean): void {
  const v = c.vreg, w = 4 * wr;
  let x0 = v[4 * xr], x1 = v[4 * xr + 1], x2 = v[4 * xr + 2], x3 = v[4 * xr + 3];
  let y0 = v[4 * yr], y1 = v[4 * yr + 1], y2 = v[4 * yr + 2], y3 = v[4 * yr + 3];
  for (let e = 0; e < 4; e++) {
    const chs = shaChoose(y0, y1, y2), maj = shaMajority(x0, x1, x2);
    const t = (y3 + shaHashSigma1(y0) + chs + v[w + e]) | 0;
    x3 = (t + x3) | 0;
    y3 = (t + shaHashSigma0(x0) + maj) | 0;
    // <Y, X> = ROL(Y : X, 32)
    const top = y3;
    y3 = y2; y2 = y1; y1 = y0; y0 = x3;
    x3 = x2; x2 = x1; x1 = x0; x0 = top;
  }
  const d = 4 * dst;
  if (part1) { v[d] = x0; v[d + 1] = x1; v[d + 2] = x2; v[d + 3] = x3; } else { v[d] = y0; v[d + 1] = y1; v[d + 2] = y2; v[d + 3] = y3; }
}

/** SHA256H: V[d] = SHA256hash(V[d], V[n], V[m], TRUE). */
export function sha256h(c: Cpu, o: Op): void {
  enterSha256(c);
  sha256Hash(c, o.rd, o.rd, o.rn, o.rm, true);
}

/** SHA256H2: V[d] = SHA256hash(V[n], V[d], V[m], FALSE). */
export function sha256h2(c: Cpu, o: Op): void {
  enterSha256(c);
  sha256Hash(c, o.rd, o.rn, o.rd, o.rm, false);
}

const sigma0 = (x: number): number => ror(x, 7) ^ ror(x, 18) ^ (x >>> 3);

/** SHA256SU0: T = V[n]<31:0> : V[d]<127:32>; each word sigma0(T[e]) + V[d][e]. */
export function sha256su0(c: Cpu, o: Op): void {
  enterSha256(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn;
  const r0 = (sigma0(v[d + 1]) + v[d]) | 0, r1 = (sigma0(v[d + 2]) + v[d + 1]) | 0;
  const r2 = (sigma0(v[d + 3]) + v[d + 2]) | 0, r3 = (sigma0(v[n]) + v[d + 3]) | 0;
  v[d] = r0; v[d + 1] = r1; v[d + 2] = r2; v[d + 3] = r3;
}

const sigma1 = (x: number): number => ror(x, 17) ^ ror(x, 19) ^ (x >>> 10);

/**
 * SHA256SU1: T0 = V[m]<31:0> : V[n]<127:32>; words 0-1 from sigma1(V[m]<127:64>), words 2-3 from
 * sigma1 of the result's words 0-1, each plus V[d][e] + T0[e].
 */
export function sha256su1(c: Cpu, o: Op): void {
  enterSha256(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const r0 = (sigma1(v[m + 2]) + v[d] + v[n + 1]) | 0;
  const r1 = (sigma1(v[m + 3]) + v[d + 1] + v[n + 2]) | 0;
  const r2 = (sigma1(r0) + v[d + 2] + v[n + 3]) | 0;
  const r3 = (sigma1(r1) + v[d + 3] + v[m]) | 0;
  v[d] = r0; v[d + 1] = r1; v[d + 2] = r2; v[d + 3] = r3;
}
