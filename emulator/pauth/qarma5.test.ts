// ComputePAC (QARMA5) against known answers: the QARMA-64 test vector of Avanzi's paper
// (eprint 2016/444, the 5-round sigma_2 cipher Arm's ComputePAC is), and PACGA results QEMU
// 7.2 printed in the pauth scenario (its top 32 bits).
import { describe, expect, it } from 'vitest';
import { computePac } from './qarma5.ts';

describe('ComputePAC (QARMA5)', () => {
  it('gives the QARMA-64 paper test vector', () => {
    expect(computePac(0xfb623599da6e8127n, 0x477d469dec0b8762n, 0x84be85ce9804e94bn, 0xec2802d4e0a488e9n)).toBe(0xc003b93999b33765n);
  });

  it("gives QEMU 7.2's PACGA values", () => {
    const top = (v: bigint): bigint => v >> 32n;
    expect(top(computePac(0x0000004000123450n, 1n, 0n, 0n))).toBe(0x68a49f4bn);
    expect(top(computePac(0x0000004000123450n, 1n, 0x84be85ce9804e94bn, 0xec2802d4e0a488e9n))).toBe(0x1aa827dcn);
    expect(top(computePac(0xffffff8000001230n, 2n ** 64n - 1n, 0x84be85ce9804e94bn, 0xec2802d4e0a488e9n))).toBe(0x21b49282n);
  });

  it('depends on every input', () => {
    const base = computePac(1n, 2n, 3n, 4n);
    for (const v of [computePac(0n, 2n, 3n, 4n), computePac(1n, 3n, 3n, 4n), computePac(1n, 2n, 2n, 4n), computePac(1n, 2n, 3n, 5n)]) {
      expect(v).not.toBe(base);
    }
  });
});
