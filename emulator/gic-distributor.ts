// The GICv3 distributor of QEMU's virt board at 0x0800_0000 (IHI 0069 12.9), shared by all
// PEs: GICD_CTLR/TYPER/IIDR, the SPIs' banks and GICD_IROUTER<n>, which routes each SPI to
// one PE by affinity (ARE = 1 always; GICD_TYPER.No1N = 1, so no 1-of-N routing).

import { halfOf, withHalf, type MmioDevice, type PhysicalMemory } from './memory.ts';
import { IntBank, NUM_IRQS } from './gic-bank.ts';
import { gicIdRegister, PIDR0_DISTRIBUTOR } from './gic-id-regs.ts';
import type { GicV3 } from './gicv3.ts';

export const GICD_BASE = 0x0800_0000;
/** GICD_IROUTER<n>: Aff3 [39:32], Aff2..Aff0 [23:0], IRM bit 31. */
const IROUTER_AFFINITY = 0xff_00ff_ffffn;
const IROUTER_IRM = 1n << 31n;

export class GicDistributor {
  /** SPIs (INTIDs 32 and up). */
  readonly spi = new IntBank(32, NUM_IRQS);
  gicdCtlr = 0x50; // ARE | DS (QEMU 7.2 reset, no security)
  readonly irouter = new Array<bigint>(NUM_IRQS).fill(0n);
  /** The PEs' redistributors and CPU interfaces, in PE order (the Machine adds them). */
  readonly pes: GicV3[] = [];

  /** `mem`: what the redistributors' LPI tables are read from; `revision`: 3, or 4 for GICv4.0 (QEMU gic-version). */
  constructor(readonly mem: PhysicalMemory, readonly revision: 3 | 4 = 3) {}

  /** The PE an SPI is routed to (its index), or -1 when GICD_IROUTER names no PE. */
  routedTo(intid: number): number {
    const r = this.irouter[intid]!;
    // IRM (1-of-N) is not implemented (No1N = 1): the register's affinity fields alone route
    // the SPI, as QEMU 7.2's gicv3_cache_target_cpustate does.
    const aff = Number(((r >> 8n) & 0xff000000n) | (r & 0xffffffn));
    for (const pe of this.pes) if (pe.affinity === aff) return pe.index;
    return -1;
  }

  /** Drives an SPI's input line (devices). */
  setLevel(intid: number, high: boolean): void {
    if (this.spi.setLevel(intid, high)) this.update();
  }

  /** Recomputes every PE's lines (an SPI or the distributor's enables changed). */
  update(): void {
    for (const pe of this.pes) pe.update();
  }

  readonly mmio: MmioDevice = {
    name: 'gicv3-distributor', base: GICD_BASE, size: 0x10000,
    read: (off, size) => {
      switch (off) {
        case 0x0000: return this.gicdCtlr;
        // GICD_TYPER as QEMU 7.2 (ITLinesNumber 7, IDbits 15, LPIS, No1N, A3V; CPUNumber 0 as
        // ARE = 1), DVIS (direct vLPI injection) with GICv4.
        case 0x0004: return (0x037a0007 | (this.revision >= 4 ? 1 << 18 : 0)) >>> 0;
        case 0x0008: return 0x43b; // GICD_IIDR: Arm
      }
      const id = gicIdRegister(off, PIDR0_DISTRIBUTOR, this.revision);
      if (id !== undefined) return id;
      if (off >= 0x6100 && off < 0x6000 + 8 * NUM_IRQS) {
        return halfOf(this.irouter[(off - 0x6000) >> 3]!, off);
      }
      return this.spi.read(off, size) ?? 0;
    },
    write: (off, size, value) => {
      if (off === 0x0000) {
        this.gicdCtlr = (value & 3) | 0x50; // EnableGrp0/1; ARE and DS RAO/WI
        this.update();
        return;
      }
      if (off >= 0x6100 && off < 0x6000 + 8 * NUM_IRQS) {
        const n = (off - 0x6000) >> 3;
        this.irouter[n] = withHalf(this.irouter[n]!, off, value) & (IROUTER_AFFINITY | IROUTER_IRM);
        this.update();
        return;
      }
      if (this.spi.write(off, size, value)) this.update();
    },
  };
}
