// ELF64 loader for AArch64 images (image ABI, design.md §2): PT_LOAD segments at their
// physical addresses, entry at e_entry. Malformed input is rejected with a clear message.

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

export interface ElfSegment {
  paddr: number;
  vaddr: number;
  data: Uint8Array;
  /** Bytes of the segment in memory (filesz zero-filled up to memsz). */
  memsz: number;
}

export interface ElfImage {
  entry: bigint;
  segments: ElfSegment[];
}

const PT_LOAD = 1;
const EM_AARCH64 = 183;

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/** Parses an AArch64 little-endian ELF64 executable. */
export function parseElf(bytes: Uint8Array, name = 'image'): ElfImage {
  if (!isElf(bytes)) throw new ImageError(`${name}: not an ELF file (no \\x7fELF magic)`);
  if (bytes.length < 64) throw new ImageError(`${name}: truncated ELF header (${bytes.length} bytes, need 64)`);
  if (bytes[4] !== 2) throw new ImageError(`${name}: 32-bit ELF (ELFCLASS32); s2diff runs AArch64 ELF64 images`);
  if (bytes[5] !== 1) throw new ImageError(`${name}: big-endian ELF; s2diff runs little-endian AArch64 images`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_AARCH64) throw new ImageError(`${name}: ELF machine ${machine} is not AArch64 (183)`);
  const type = dv.getUint16(16, true);
  if (type !== 2 && type !== 3) throw new ImageError(`${name}: ELF type ${type} is not an executable`);
  const entry = dv.getBigUint64(24, true);
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phnum === 0) throw new ImageError(`${name}: ELF has no program headers`);
  if (phentsize < 56) throw new ImageError(`${name}: ELF program header size ${phentsize} is too small`);
  if (phoff + phnum * phentsize > bytes.length) {
    throw new ImageError(`${name}: truncated ELF: program headers run past the end of the file`);
  }
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (dv.getUint32(o, true) !== PT_LOAD) continue;
    const offset = Number(dv.getBigUint64(o + 8, true));
    const vaddr = Number(dv.getBigUint64(o + 16, true));
    const paddr = Number(dv.getBigUint64(o + 24, true));
    const filesz = Number(dv.getBigUint64(o + 32, true));
    const memsz = Number(dv.getBigUint64(o + 40, true));
    if (offset + filesz > bytes.length) {
      throw new ImageError(`${name}: truncated ELF: segment ${i} needs bytes up to ${offset + filesz}, file has ${bytes.length}`);
    }
    if (memsz < filesz) throw new ImageError(`${name}: ELF segment ${i} has memsz < filesz`);
    segments.push({ paddr, vaddr, data: bytes.subarray(offset, offset + filesz), memsz });
  }
  if (segments.length === 0) throw new ImageError(`${name}: ELF has no PT_LOAD segments`);
  return { entry, segments };
}
