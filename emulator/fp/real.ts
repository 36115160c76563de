// Exact real values of the pseudocode's `real` type as the core needs them: a sign and a
// dyadic magnitude m * 2^e (m a bigint), plus a sticky flag for quotients and square roots
// whose exact value lies strictly between m * 2^e and (m + 1) * 2^e.

export interface Real {
  sign: 0 | 1;
  /** Magnitude significand, >= 0. */
  m: bigint;
  e: number;
  /**
   * The exact value is a little above m * 2^e (below (m + 1) * 2^e). Producers that set it
   * give m at least F + 3 bits, so it only ever lies below the rounding bit (FPRoundBase).
   */
  sticky: boolean;
}

const TWO53 = 2 ** 53;
const TWO32 = 2 ** 32;

/** Number of bits of a non-negative bigint (0 for 0). */
export function bitLen(m: bigint): number {
  if (m < 0x20000000000000n) {
    const n = Number(m);
    if (n < TWO32) return 32 - Math.clz32(n);
    return 64 - Math.clz32(Math.floor(n / TWO32));
  }
  const h = m.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}
void TWO53;

export function realOf(sign: 0 | 1, m: bigint, e: number): Real {
  return { sign, m, e, sticky: false };
}

/** a + b, exact (both without sticky). */
export function realAdd(a: Real, b: Real): Real {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const ma = a.m << BigInt(a.e - e), mb = b.m << BigInt(b.e - e);
  const s = (a.sign ? -ma : ma) + (b.sign ? -mb : mb);
  return s < 0n ? { sign: 1, m: -s, e, sticky: false } : { sign: 0, m: s, e, sticky: false };
}

/** a * b, exact. */
export function realMul(a: Real, b: Real): Real {
  return { sign: (a.sign ^ b.sign) as 0 | 1, m: a.m * b.m, e: a.e + b.e, sticky: false };
}

/** a / b (b != 0), with at least `bits` significant bits and a sticky remainder. */
export function realDiv(a: Real, b: Real, bits: number): Real {
  const k = Math.max(0, bits + 1 + bitLen(b.m) - bitLen(a.m));
  const n = a.m << BigInt(k);
  const q = n / b.m;
  return { sign: (a.sign ^ b.sign) as 0 | 1, m: q, e: a.e - b.e - k, sticky: q * b.m !== n };
}

/** Integer square root (floor) of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton's iteration from a power of two above the root: decreases monotonically to floor.
  let x = 1n << BigInt((bitLen(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(a) (a >= 0), with at least `bits` significant bits and a sticky remainder. */
export function realSqrt(a: Real, bits: number): Real {
  let m = a.m, e = a.e;
  if (e & 1) {
    m <<= 1n;
    e -= 1;
  }
  const want = 2 * (bits + 1);
  const j = Math.max(0, Math.ceil((want - bitLen(m)) / 2));
  m <<= BigInt(2 * j);
  e -= 2 * j;
  const r = isqrt(m);
  return { sign: 0, m: r, e: e / 2, sticky: r * r !== m };
}
