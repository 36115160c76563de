// Where the fuzz image (scenarios/fuzz-s2) keeps things in guest-physical RAM; the C side
// of these numbers is scenarios/fuzz-s2/fuzz.h.

export const RAM_BASE = 0x4000_0000;
/** RAM the fuzz image runs with (-m): everything below lies inside it. */
export const FUZZ_MEM_MIB = 256;
export const RAM_END = RAM_BASE + FUZZ_MEM_MIB * 2 ** 20;
/** The guest stub page: stage 2 maps IPA [0, granule) here. */
export const STUB_PA = 0x4300_0000;
/** The data pool: 2 MiB whose every word is HVC #((pa >> 2) & 0xffff). */
export const POOL_PA = 0x4400_0000;
export const POOL_SIZE = 0x20_0000;
/** The batch blob (-device loader on QEMU, the same bytes into the model's RAM). */
export const BLOB_PA = 0x4600_0000;
/** Translation tables of the case being run: the image writes and clears them. */
export const ARENA_PA = 0x4800_0000;
export const ARENA_SIZE = 0x0800_0000;
export const FUZZ_MAGIC = 0x31305a5a55463253n; // "S2FUZZ01"

/** The 32-bit word the image stores at pool address `pa` (4-aligned). */
export function poolWord(pa: number): number {
  return (0xd4000002 | ((Math.floor(pa / 4) & 0xffff) << 5)) >>> 0;
}

/** `size` bytes at pool address `pa` (aligned to size), little-endian, as a bigint. */
export function poolValue(pa: number, size: number): bigint {
  const word = BigInt(poolWord(pa - (pa % 4)));
  if (size === 8) return (BigInt(poolWord(pa + 4)) << 32n) | word;
  const shift = BigInt((pa % 4) * 8);
  return (word >> shift) & ((1n << BigInt(size * 8)) - 1n);
}

export const inPool = (pa: number, size: number): boolean => pa >= POOL_PA && pa + size <= POOL_PA + POOL_SIZE;
export const inRam = (pa: number, size: number): boolean => pa >= RAM_BASE && pa + size <= RAM_END;
