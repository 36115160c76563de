import { describe, expect, it } from 'vitest';
import { ImageError, parseElf } from './elf.ts';
import { makeElf } from './test-support.ts';

describe('ELF loader', () => {
  it('loads a valid image', () => {
    const img = parseElf(makeElf(Uint8Array.of(1, 2, 3, 4)));
    expect(img.entry).toBe(0x40080000n);
    expect(img.segments).toHaveLength(1);
    expect(Array.from(img.segments[0].data)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['not an ELF', () => new TextEncoder().encode('hello world, not an ELF'), /not an ELF/],
    ['truncated header', () => makeElf(new Uint8Array(4)).subarray(0, 40), /truncated ELF header/],
    ['truncated segments', () => makeElf(new Uint8Array(64)).subarray(0, 130), /truncated ELF/],
    ['32-bit', () => { const b = makeElf(new Uint8Array(4)); b[4] = 1; return b; }, /32-bit/],
    ['big-endian', () => { const b = makeElf(new Uint8Array(4)); b[5] = 2; return b; }, /big-endian/],
    ['wrong machine', () => { const b = makeElf(new Uint8Array(4)); b[18] = 62; return b; }, /not AArch64/],
  ])('rejects %s with a clear message', (_n, make, re) => {
    expect(() => parseElf(make(), 'x.elf')).toThrow(ImageError);
    expect(() => parseElf(make(), 'x.elf')).toThrow(re);
  });
});
