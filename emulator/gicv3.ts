// GICv3 of QEMU's virt board (gic-version=3), no security extension (GICD_CTLR.DS = 1): one
// redistributor per PE at 0x080A_0000 + n * 0x20000 (RD_base + SGI_base frames), the
// system-register CPU interface (ICC_*) and the virtual CPU interface (ICH_* list registers,
// ICV_* seen at EL1 when HCR_EL2.IMO = 1) of each PE; the distributor is shared
// (gic-distributor.ts). Arm GICv3/v4 architecture specification (IHI 0069); identification
// and reset values are QEMU 7.2's, read back with the gic-timer and smp-sgi scenarios. Not
// modelled: LPIs and the ITS, maintenance interrupts, 1-of-N, GICv2 compatibility.

import type { Cpu } from './cpu.ts';
import type { MmioDevice } from './memory.ts';
import { field32, fieldOf, isSet, isSet32, withField } from './arch/field.ts';
import { ICC_CTLR_EL1, ICC_SGIR, ICH_HCR_EL2, ICH_LR_EL2, ICH_VMCR_EL2 } from './arch/registers.ts';
import { IntBank, NUM_IRQS } from './gic-bank.ts';
import type { GicDistributor } from './gic-distributor.ts';

export { NUM_IRQS } from './gic-bank.ts';
export { GICD_BASE } from './gic-distributor.ts';
export const GICR_BASE = 0x080a_0000;
/** One redistributor: the RD_base and SGI_base 64 KiB frames. */
export const GICR_STRIDE = 0x20000;
const SPURIOUS = 1023;
/** Implemented priority bits (ICC_CTLR_EL1.PRIbits = 4 -> 5 bits): the low 3 bits ignored. */
const PRI_MASK = 0xf8;
/** ICH_LR<n>_EL2.State: bit 0 pending, bit 1 active. */
const LR_ACTIVE = 2;
const IDLE_PRIORITY = 0xff;
const NUM_LRS = 4;

/** GIC groups as ICC_SGI0R/SGI1R name them: 0, or 1 (non-secure, since DS = 1). */
export type GicGroup = 0 | 1;

/** One PE's redistributor and CPU interfaces. */
export class GicV3 {
  /** SGIs and PPIs (INTIDs 0-31), banked per PE. */
  readonly local = new IntBank(0, 32);
  gicrWaker = 0x6; // ProcessorSleep | ChildrenAsleep
  /** GICR_PROPBASER / GICR_PENDBASER: stored (no LPIs are delivered). */
  gicrPropbaser = 0n;
  gicrPendbaser = 0n;
  // CPU interface.
  pmr = 0;
  bpr0 = 2;
  bpr1 = 3;
  igrpen0 = 0;
  igrpen1 = 0;
  ctlr = 0; // CBPR (0), EOImode (1), PMHE (6)
  /** Active priorities (AP1R0/AP0R0): bit (priority >> 3) set per acknowledged, not dropped interrupt. */
  apr = 0;
  // Virtual interface.
  ichHcr = 0;
  ichVmcr = 0x4c0008; // QEMU 7.2 reset: VBPR0 = 2, VBPR1 = 3, VFIQEn
  readonly lr: bigint[] = new Array<bigint>(NUM_LRS).fill(0n);
  vapr = 0;

  /** `index`: the PE's position (GICR_TYPER.Processor_Number); `affinity`: its MPIDR_EL1 Aff3.Aff2.Aff1.Aff0. */
  constructor(private readonly cpu: Cpu, readonly dist: GicDistributor, readonly index: number, readonly affinity: number) {}

  /** The CPU interface's reset state (the PE's reset; the redistributor keeps its state). */
  resetCpuInterface(): void {
    this.pmr = 0; this.bpr0 = 2; this.bpr1 = 3; this.igrpen0 = 0; this.igrpen1 = 0; this.ctlr = 0; this.apr = 0;
    this.ichHcr = 0; this.ichVmcr = 0x4c0008; this.lr.fill(0n); this.vapr = 0;
    this.update();
  }

  /** The bank holding an INTID's state: this PE's for SGIs/PPIs, the distributor's for SPIs. */
  private bank(i: number): IntBank {
    return i < 32 ? this.local : this.dist.spi;
  }

  // ---- state changes and the lines into the PE ----

  /** Drives an interrupt input line: a PPI of this PE (the timers, the PMU) or an SPI. */
  setLevel(intid: number, high: boolean): void {
    if (intid >= 32) { this.dist.setLevel(intid, high); return; }
    if (this.local.setLevel(intid, high)) this.update();
  }

  private groupEnabled(g: number): boolean {
    const gicdCtlr = this.dist.gicdCtlr;
    return g === 1 ? (gicdCtlr & 2) !== 0 && this.igrpen1 !== 0 : (gicdCtlr & 1) !== 0 && this.igrpen0 !== 0;
  }

  /** Highest-priority pending interrupt that is enabled, not active, of an enabled group, routed to this PE. */
  hppi(): number {
    let best = SPURIOUS, bestPri = 0x100;
    for (let i = 0; i < NUM_IRQS; i++) {
      const b = i < 32 ? this.local : this.dist.spi;
      if (!b.enabled[i] || b.active[i] || !b.isPending(i)) continue;
      if (i >= 32 && this.dist.routedTo(i) !== this.index) continue;
      const p = b.priority[i]! & PRI_MASK;
      if (p < bestPri && this.groupEnabled(b.group[i]!)) { best = i; bestPri = p; }
    }
    return best;
  }

  runningPriority(): number {
    return this.apr === 0 ? IDLE_PRIORITY : (31 - Math.clz32(this.apr & -this.apr)) << 3;
  }

  /** Recomputes the IRQ/FIQ lines (physical and virtual) and asks the run loop to look at them. */
  update(): void {
    const c = this.cpu;
    const i = this.hppi();
    let irq = false, fiq = false;
    if (i !== SPURIOUS) {
      const b = this.bank(i);
      const p = b.priority[i]! & PRI_MASK;
      if (p < (this.pmr & PRI_MASK) && p < this.runningPriority()) {
        if (b.group[i]) irq = true; else fiq = true;
      }
    }
    c.irqLine = irq;
    c.fiqLine = fiq;
    const v = this.virtualHppi();
    c.gicVirq = v >= 0 && isSet(this.lr[v]!, ICH_LR_EL2.Group);
    c.gicVfiq = v >= 0 && !c.gicVirq;
    c.eventAt = 0;
  }

  // ---- physical CPU interface (ICC_*) ----

  /** ICC_IAR1_EL1 / ICC_IAR0_EL1: acknowledge the HPPI of that group. */
  acknowledge(grp: number): number {
    const i = this.hppi();
    if (i === SPURIOUS) return SPURIOUS;
    const b = this.bank(i);
    if (b.group[i] !== grp) return SPURIOUS;
    const p = b.priority[i]! & PRI_MASK;
    if (p >= (this.pmr & PRI_MASK) || p >= this.runningPriority()) return SPURIOUS;
    b.pending[i] = 0;
    b.active[i] = 1;
    this.apr |= 1 << (p >> 3);
    if (i >= 32) this.dist.update(); else this.update();
    return i;
  }

  /** ICC_EOIR0/1_EL1: priority drop, and deactivation unless ICC_CTLR_EL1.EOImode. */
  endOfInterrupt(intid: number): void {
    if (intid >= NUM_IRQS) return;
    if (this.apr !== 0) this.apr &= this.apr - 1; // drop the highest active priority
    if (!isSet32(this.ctlr, ICC_CTLR_EL1.EOImode)) this.bank(intid).active[intid] = 0;
    if (intid >= 32) this.dist.update(); else this.update();
  }

  /** ICC_DIR_EL1 */
  deactivate(intid: number): void {
    if (intid < NUM_IRQS) this.bank(intid).active[intid] = 0;
    if (intid >= 32 && intid < NUM_IRQS) this.dist.update(); else this.update();
  }

  /** ICC_HPPIR0/1_EL1 */
  highestPending(grp: number): number {
    const i = this.hppi();
    return i !== SPURIOUS && this.bank(i).group[i] === grp ? i : SPURIOUS;
  }

  /**
   * ICC_SGI1R_EL1 / ICC_SGI0R_EL1 (IHI 0069 12.2): IRM = 1 targets every PE but this one;
   * otherwise the PEs of affinity Aff3.Aff2.Aff1 whose Aff0 is RS * 16 + n for each bit n of
   * TargetList. A target accepts the SGI only when the SGI is configured in the group the
   * register generates (QEMU 7.2 gicv3_redist_send_sgi drops it otherwise).
   */
  generateSgi(v: bigint, grp: GicGroup): void {
    const intid = fieldOf(v, ICC_SGIR.INTID);
    const irm = isSet(v, ICC_SGIR.IRM);
    const cluster = (fieldOf(v, ICC_SGIR.Aff3) << 24 | fieldOf(v, ICC_SGIR.Aff2) << 16 | fieldOf(v, ICC_SGIR.Aff1) << 8) >>> 0;
    const rs = fieldOf(v, ICC_SGIR.RS), targets = fieldOf(v, ICC_SGIR.TargetList);
    for (const pe of this.dist.pes) {
      if (irm) { if (pe === this) continue; }
      else {
        if (((pe.affinity & ~0xff) >>> 0) !== cluster) continue;
        const aff0 = pe.affinity & 0xff;
        if ((aff0 >> 4) !== rs || ((targets >>> (aff0 & 15)) & 1) === 0) continue;
      }
      pe.receiveSgi(intid, grp);
    }
  }

  private receiveSgi(intid: number, grp: GicGroup): void {
    if (this.local.group[intid] !== grp) return;
    this.local.pending[intid] = 1;
    this.update();
  }

  // ---- virtual CPU interface (ICH_* at EL2, ICV_* at EL1 with HCR_EL2.IMO) ----

  private lrState(n: number): number { return fieldOf(this.lr[n]!, ICH_LR_EL2.State); }
  private lrPriority(n: number): number { return fieldOf(this.lr[n]!, ICH_LR_EL2.Priority) & PRI_MASK; }
  private lrGroup(n: number): number { return fieldOf(this.lr[n]!, ICH_LR_EL2.Group); }
  private lrVintid(n: number): number { return fieldOf(this.lr[n]!, ICH_LR_EL2.vINTID); }
  private vpmr(): number { return field32(this.ichVmcr, ICH_VMCR_EL2.VPMR) & PRI_MASK; }

  virtualRunningPriority(): number {
    return this.vapr === 0 ? IDLE_PRIORITY : (31 - Math.clz32(this.vapr & -this.vapr)) << 3;
  }

  /** The list register holding the highest-priority pending virtual interrupt that may signal, or -1. */
  virtualHppi(): number {
    if (!isSet32(this.ichHcr, ICH_HCR_EL2.En)) return -1;
    let best = -1, bestPri = 0x100;
    for (let n = 0; n < NUM_LRS; n++) {
      if (this.lrState(n) !== 1) continue; // pending (not active)
      if (!isSet32(this.ichVmcr, this.lrGroup(n) ? ICH_VMCR_EL2.VENG1 : ICH_VMCR_EL2.VENG0)) continue;
      const p = this.lrPriority(n);
      if (p < bestPri) { best = n; bestPri = p; }
    }
    if (best < 0 || bestPri >= this.vpmr() || bestPri >= this.virtualRunningPriority()) return -1;
    return best;
  }

  /** ICV_IAR1_EL1 / ICV_IAR0_EL1 */
  virtualAcknowledge(grp: number): number {
    const n = this.virtualHppi();
    if (n < 0 || this.lrGroup(n) !== grp) return SPURIOUS;
    this.lr[n] = withField(this.lr[n]!, ICH_LR_EL2.State, LR_ACTIVE); // pending -> active
    this.vapr |= 1 << (this.lrPriority(n) >> 3);
    this.update();
    return this.lrVintid(n);
  }

  /** ICV_EOIR1_EL1 / ICV_EOIR0_EL1: priority drop; deactivation unless ICH_VMCR_EL2.VEOIM. */
  virtualEndOfInterrupt(vintid: number): void {
    if (this.vapr !== 0) this.vapr &= this.vapr - 1;
    if (!isSet32(this.ichVmcr, ICH_VMCR_EL2.VEOIM)) this.virtualDeactivate(vintid);
    this.update();
  }

  /** ICV_DIR_EL1 and the deactivating half of ICV_EOIR: the LR holding vINTID, and its physical INTID if HW. */
  virtualDeactivate(vintid: number): void {
    for (let n = 0; n < NUM_LRS; n++) {
      const lr = this.lr[n]!;
      if (this.lrVintid(n) !== vintid || (this.lrState(n) & LR_ACTIVE) === 0) continue;
      this.lr[n] = withField(lr, ICH_LR_EL2.State, this.lrState(n) & ~LR_ACTIVE); // clear the active bit
      if (isSet(lr, ICH_LR_EL2.HW)) this.deactivate(fieldOf(lr, ICH_LR_EL2.pINTID));
      break;
    }
    this.update();
  }

  virtualHighestPending(grp: number): number {
    const n = this.virtualHppi();
    return n >= 0 && this.lrGroup(n) === grp ? this.lrVintid(n) : SPURIOUS;
  }

  /** ICH_ELRSR_EL2: list registers with no pending or active interrupt. */
  emptyLrs(): number {
    let m = 0;
    for (let n = 0; n < NUM_LRS; n++) if (this.lrState(n) === 0) m |= 1 << n;
    return m;
  }

  /** ICH_EISR_EL2: invalid, non-HW list registers asking for an EOI maintenance interrupt. */
  eoiLrs(): number {
    let m = 0;
    for (let n = 0; n < NUM_LRS; n++) {
      const lr = this.lr[n]!;
      if (this.lrState(n) === 0 && !isSet(lr, ICH_LR_EL2.HW) && isSet(lr, ICH_LR_EL2.EOI)) m |= 1 << n;
    }
    return m;
  }

  setLr(n: number, v: bigint): void {
    // Priority bits below the 5 implemented read as 0 (QEMU 7.2).
    this.lr[n] = withField(v, ICH_LR_EL2.Priority, fieldOf(v, ICH_LR_EL2.Priority) & PRI_MASK);
    this.update();
  }

  // ---- MMIO: this PE's redistributor frames (RD_base, SGI_base) ----

  /** GICR_TYPER (64 bits): affinity, Processor_Number, Last for the last PE, CommonLPIAff = 1 and PLPIS as QEMU 7.2. */
  private typer(): bigint {
    const last = this.index === this.dist.pes.length - 1 ? 0x10 : 0;
    return (BigInt(this.affinity) << 32n) | BigInt((0x01000001 | last | (this.index << 8)) >>> 0);
  }

  redistributorRead(off: number, size: number): number {
    if (off < 0x10000) {
      switch (off) {
        case 0x0000: return 0x2; // GICR_CTLR: CES
        case 0x0004: return 0x43b; // GICR_IIDR
        case 0x0008: return Number(this.typer() & 0xffffffffn) >>> 0;
        case 0x000c: return Number(this.typer() >> 32n) >>> 0;
        case 0x0014: return this.gicrWaker;
        case 0xffe8: return 0x3b;
        case 0x0070: case 0x0074: case 0x0078: case 0x007c: {
          const v = off < 0x78 ? this.gicrPropbaser : this.gicrPendbaser;
          return Number((off & 4) !== 0 ? v >> 32n : v & 0xffffffffn) >>> 0;
        }
      }
      return 0;
    }
    const o = off - 0x10000;
    if (o === 0xd00) return 0; // GICR_IGRPMODR0
    return this.local.read(o, size) ?? 0;
  }

  redistributorWrite(off: number, size: number, value: number): void {
    if (off < 0x10000) {
      if (off === 0x0014) {
        // ProcessorSleep (bit 1); ChildrenAsleep (bit 2) follows it at once.
        this.gicrWaker = (value & 2) !== 0 ? 0x6 : 0;
      }
      if (off >= 0x70 && off < 0x80) {
        const cur = off < 0x78 ? this.gicrPropbaser : this.gicrPendbaser;
        const half = BigInt(value >>> 0);
        const v = (off & 4) !== 0 ? (cur & 0xffffffffn) | (half << 32n) : (cur & ~0xffffffffn) | half;
        if (off < 0x78) this.gicrPropbaser = v; else this.gicrPendbaser = v;
      }
      return;
    }
    if (this.local.write(off - 0x10000, size, value)) this.update();
  }
}

/** The redistributor region: one frame pair per PE, from GICR_BASE. */
export function redistributorRegion(pes: readonly GicV3[]): MmioDevice {
  return {
    name: 'gicv3-redistributor', base: GICR_BASE, size: GICR_STRIDE * pes.length,
    read: (off, size) => pes[Math.floor(off / GICR_STRIDE)]!.redistributorRead(off % GICR_STRIDE, size),
    write: (off, size, value) => pes[Math.floor(off / GICR_STRIDE)]!.redistributorWrite(off % GICR_STRIDE, size, value),
  };
}
