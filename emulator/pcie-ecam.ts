// PCIe configuration space of QEMU's virt board through its high ECAM window
// (0x40_1000_0000, 256 buses; PCI Express Base spec 7.2.2). The only function is the
// generic host bridge at 00.00.0 (1b36:0008, class 06.00, QEMU's gpex-root) with QEMU 7.2's
// values; every absent function, and config space past the bridge's 256 bytes, reads all
// ones. Enough for software that enumerates the bus (kvm-unit-tests' pci-test); no BARs, no
// devices behind it.

import type { MmioDevice } from './memory.ts';

export const ECAM_BASE = 0x40_1000_0000;
const ECAM_SIZE = 0x1000_0000;

export class PcieEcam implements MmioDevice {
  readonly name = 'pcie-ecam';
  readonly base = ECAM_BASE;
  readonly size = ECAM_SIZE;
  private command = 0;
  private interruptLine = 0;

  /** The host bridge's config dword at `reg` (QEMU 7.2: scenario pcie-ecam). */
  private bridge(reg: number): number {
    switch (reg) {
      case 0x00: return 0x00081b36; // device 0x0008, vendor 0x1b36 (Red Hat, QEMU)
      case 0x04: return this.command; // status 0
      case 0x08: return 0x06000000; // class 06 (bridge), subclass 00 (host), prog-if 00, revision 0
      case 0x2c: return 0x11001af4; // subsystem 0x1100, subsystem vendor 0x1af4
      case 0x3c: return this.interruptLine; // interrupt pin 0
      default: return reg < 0x100 ? 0 : 0xffffffff;
    }
  }

  read(off: number, size: number): number {
    const fnOff = off >>> 12; // bus:device:function
    const reg = off & 0xffc;
    const v = fnOff === 0 ? this.bridge(reg) : 0xffffffff;
    const shift = (off & 3) * 8;
    const mask = size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
    return ((v >>> shift) & mask) >>> 0;
  }

  write(off: number, size: number, value: number): void {
    if (off >>> 12 !== 0) return; // absent functions ignore writes
    const reg = off & 0xffc, shift = (off & 3) * 8;
    const bytes = size === 4 ? 0xffffffff : ((1 << (size * 8)) - 1) << shift;
    const merge = (cur: number, writable: number): number => ((cur & ~(bytes & writable)) | ((value << shift) & bytes & writable)) >>> 0;
    if (reg === 0x04) this.command = merge(this.command, 0x0507); // I/O, memory, bus master, SERR#, INTx disable
    else if (reg === 0x3c) this.interruptLine = merge(this.interruptLine, 0xff);
  }
}
