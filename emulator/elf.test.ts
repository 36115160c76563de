import { describe, expect, it } from 'vitest';
import { ImageError, parseElf } from './elf.ts';

/** A minimal valid AArch64 ELF64 with one PT_LOAD of `code` at `addr`. */
export function makeElf(code: Uint8Array, addr = 0x40080000): Uint8Array {
  const buf = new Uint8Array(64 + 56 + code.length);
  const dv = new DataView(buf.buffer);
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 183, true); // EM_AARCH64
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(addr), true);
  dv.setBigUint64(32, 64n, true); // phoff
  dv.setUint16(52, 64, true);
  dv.setUint16(54, 56, true);
  dv.setUint16(56, 1, true);
  dv.setUint32(64, 1, true); // PT_LOAD
  dv.setBigUint64(64 + 8, 120n, true);
  dv.setBigUint64(64 + 16, BigInt(addr), true);
  dv.setBigUint64(64 + 24, BigInt(addr), true);
  dv.setBigUint64(64 + 32, BigInt(code.length), true);
  dv.setBigUint64(64 + 40, BigInt(code.length), true);
  buf.set(code, 120);
  return buf;
}

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
