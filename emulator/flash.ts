// The virt board's flash (two 64 MiB pflash banks at 0x0). QEMU's ELF loader writes
// segments that fall there into the flash contents; reads return them, other bytes
// read as zero (an unprogrammed bank in QEMU reads 0 too when no -pflash is given).
// Writes (flash command sequences) are ignored.

import type { MmioDevice } from './memory.ts';

export class Flash implements MmioDevice {
  readonly name = 'flash';
  readonly base = 0;
  readonly size = 0x0800_0000;
  private readonly pages = new Map<number, Uint8Array>();

  load(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = addr + i;
      let p = this.pages.get(a >>> 12);
      if (!p) {
        p = new Uint8Array(4096);
        this.pages.set(a >>> 12, p);
      }
      p[a & 0xfff] = bytes[i];
    }
  }

  read(off: number, size: number): number {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) {
      const a = off + i;
      v = v * 256 + (this.pages.get(a >>> 12)?.[a & 0xfff] ?? 0);
    }
    return v;
  }

  write(): void {}
}
