// FEAT_RNG's random numbers as QEMU produces them with -seed (util/guest-random.c): a
// deterministic generator, GLib's GRand — the Mersenne Twister MT19937 seeded by
// init_by_array — for the main thread, seeded with the -seed value's two 32-bit halves;
// the vCPU thread's generator is seeded with two words drawn from the main thread's when the
// thread is created, and RNDR/RNDRRS take two words (low, high) from it. QEMU's round-robin
// TCG runs every vCPU in that one thread, so with several PEs they share one sequence.
// The architecture only asks for random bits; reproducing QEMU's makes the values compare.

const N = 624;
const M = 397;

/** MT19937 (Matsumoto & Nishimura, the 2002 reference algorithm GLib implements). */
export class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** init_by_array: what GLib's g_rand_new_with_seed_array does. */
  constructor(key: readonly number[]) {
    const mt = this.mt;
    mt[0] = 19650218;
    for (let i = 1; i < N; i++) mt[i] = (Math.imul(1812433253, mt[i - 1]! ^ (mt[i - 1]! >>> 30)) + i) >>> 0;
    let i = 1, j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = ((mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++; j++;
      if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      mt[i] = ((mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
    }
    mt[0] = 0x80000000;
  }

  /** genrand_int32 (GLib's g_rand_int). */
  next(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
        mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    return (y ^ (y >>> 18)) >>> 0;
  }
}

/** The -seed value s2diff gives QEMU, and the model by default. */
export const DEFAULT_RNG_SEED = 0n;

/** The generator QEMU's vCPU thread draws from with `-seed seed`. */
export function guestRandom(seed: bigint = DEFAULT_RNG_SEED): MersenneTwister {
  const main = new MersenneTwister([Number(seed & 0xffffffffn), Number((seed >> 32n) & 0xffffffffn)]);
  return new MersenneTwister([main.next(), main.next()]);
}

/** 64 random bits as qemu_guest_getrandom fills 8 bytes: the first word is the low half. */
export function random64(g: MersenneTwister): bigint {
  const lo = g.next();
  return (BigInt(g.next()) << 32n) | BigInt(lo);
}
