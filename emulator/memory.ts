// Physical address space of the QEMU virt board as the model sees it: RAM plus MMIO devices.
// Physical addresses are plain JS numbers (exact up to 2^53; PAs are at most 52 bits).

export interface MmioDevice {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Read `size` bytes (1, 2, 4) at byte offset `off`; returns the value zero-extended. */
  read(off: number, size: number): number;
  /** A write; `false` is a bus error (the PE takes a synchronous external abort). */
  write(off: number, size: number, value: number): void | false;
  /** A 64-bit access as one (registers whose halves do not act alone); without these it is two 32-bit ones. */
  read64?(off: number): bigint;
  write64?(off: number, value: bigint): void;
}

/** The 32-bit half of a 64-bit register that a 4-byte MMIO access at byte offset `off` reaches. */
export function halfOf(v: bigint, off: number): number {
  return Number((off & 4) !== 0 ? v >> 32n : v & 0xffffffffn) >>> 0;
}

/** A 64-bit register with the half at byte offset `off` replaced by a 4-byte MMIO write of `half`. */
export function withHalf(v: bigint, off: number, half: number): bigint {
  const h = BigInt(half >>> 0);
  return (off & 4) !== 0 ? (v & 0xffffffffn) | (h << 32n) : (v & ~0xffffffffn) | h;
}

export const PAGE_CODE = 1;
export const PAGE_WATCHED = 2;

export class PhysicalMemory {
  readonly ram: Uint8Array;
  readonly ram32: Int32Array;
  readonly ramEnd: number;
  private readonly devices: MmioDevice[] = [];
  /**
   * One byte per 4K RAM page, non-zero when a store there needs attention (noteWrite):
   * PAGE_CODE when the page holds decoded instructions, PAGE_WATCHED when it holds
   * translation table descriptors the --strict checker follows.
   */
  readonly codePages: Uint8Array;
  /** Each PE's decoded-instruction cache: told when a page holding code is written. */
  readonly codeWriteListeners: ((page: number) => void)[] = [];
  /** Called with the byte offset (from ramBase) of a store to a watched page. */
  onWatchedWrite: ((off: number) => void) | undefined;

  constructor(readonly ramBase: number, readonly ramSize: number) {
    const buf = new ArrayBuffer(ramSize);
    this.ram = new Uint8Array(buf);
    this.ram32 = new Int32Array(buf);
    this.ramEnd = ramBase + ramSize;
    this.codePages = new Uint8Array(ramSize >>> 12);
  }

  addDevice(d: MmioDevice): void {
    this.devices.push(d);
  }

  isRam(pa: number, size: number): boolean {
    return pa >= this.ramBase && pa + size <= this.ramEnd;
  }

  deviceAt(pa: number): MmioDevice | undefined {
    for (const d of this.devices) if (pa >= d.base && pa < d.base + d.size) return d;
    return undefined;
  }

  /** Copies bytes into RAM (image loading). Throws RangeError outside RAM. */
  load(pa: number, bytes: Uint8Array): void {
    if (!this.isRam(pa, bytes.length)) {
      throw new RangeError(`0x${pa.toString(16)}+0x${bytes.length.toString(16)} is outside RAM ` +
        `0x${this.ramBase.toString(16)}..0x${this.ramEnd.toString(16)}`);
    }
    this.ram.set(bytes, pa - this.ramBase);
  }

  readByte(pa: number): number {
    return this.ram[pa - this.ramBase];
  }

  /** Marks a RAM page written; drops decoded instructions of that page (self-modifying code). */
  noteWrite(off: number): void {
    const page = off >>> 12;
    const f = this.codePages[page];
    if ((f & PAGE_CODE) !== 0) {
      this.codePages[page] = f & ~PAGE_CODE;
      for (const l of this.codeWriteListeners) l(page);
    }
    if ((f & PAGE_WATCHED) !== 0) this.onWatchedWrite?.(off);
  }

  /**
   * A device's read of `bytes` (1..8) little-endian bytes of RAM (the GIC's ITS and LPI
   * tables): undefined when they are not all RAM, which the device treats as a bus error.
   */
  dmaRead(pa: number, bytes: number): bigint | undefined {
    if (!this.isRam(pa, bytes)) return undefined;
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.ram[pa - this.ramBase + i]!);
    return v;
  }

  /** A device's little-endian store to RAM; false (nothing written) when it is not all RAM. */
  dmaWrite(pa: number, bytes: number, value: bigint): boolean {
    if (!this.isRam(pa, bytes)) return false;
    const off = pa - this.ramBase;
    for (let i = 0; i < bytes; i++) this.ram[off + i] = Number((value >> BigInt(8 * i)) & 0xffn);
    this.noteWrite(off);
    if (((off + bytes - 1) >>> 12) !== (off >>> 12)) this.noteWrite(off + bytes - 1);
    return true;
  }

  /** Asks for onWatchedWrite on every store to the page holding `pa` (RAM only). */
  watch(pa: number): void {
    if (this.isRam(pa, 1)) this.codePages[(pa - this.ramBase) >>> 12] |= PAGE_WATCHED;
  }
}
