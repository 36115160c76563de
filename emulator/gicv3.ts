// GICv3/v4 of QEMU's virt board (gic-version=3 or 4), no security extension (GICD_CTLR.DS = 1):
// one redistributor per PE at 0x080A_0000 (RD_base + SGI_base frames, 0x20000 apart; GICv4
// adds the VLPI_base frame and a reserved one, 0x40000 apart), its LPIs (gic-lpi.ts), the
// system-register CPU interface (ICC_*) and the virtual CPU interface (ICH_* list registers,
// ICV_* seen at EL1 when HCR_EL2.IMO = 1, GICv4 vLPIs of the resident vPE) of each PE; the
// distributor is shared (gic-distributor.ts), the ITS too (gic-its.ts). Arm GICv3/v4
// architecture specification (IHI 0069); identification and reset values are QEMU 7.2's,
// read back with the gic-timer, smp-sgi and its-* scenarios. Not modelled: maintenance
// interrupts, 1-of-N, GICv2 compatibility.

import type { Cpu } from './cpu.ts';
import { halfOf, withHalf, type MmioDevice } from './memory.ts';
import { field32, fieldOf, isSet, isSet32, withField } from './arch/field.ts';
import { ICC_CTLR_EL1, ICC_SGIR, ICH_HCR_EL2, ICH_LR_EL2, ICH_VMCR_EL2 } from './arch/registers.ts';
import { IntBank, NUM_IRQS } from './gic-bank.ts';
import type { GicDistributor } from './gic-distributor.ts';
import { gicIdRegister, PIDR0_REDISTRIBUTOR } from './gic-id-regs.ts';
import { LPI_INTID_START, LpiRedistributor, NO_PRIORITY } from './gic-lpi.ts';

export { NUM_IRQS } from './gic-bank.ts';
export { GICD_BASE } from './gic-distributor.ts';
export const GICR_BASE = 0x080a_0000;
/** One redistributor: the RD_base and SGI_base 64 KiB frames; GICv4 adds VLPI_base and a reserved frame. */
export const redistributorStride = (revision: number): number => (revision >= 4 ? 0x40000 : 0x20000);
const SGI_BASE = 0x10000;
const VLPI_BASE = 0x20000;
/** ICH_HCR_EL2.EOIcount (bits 31:27). */
const EOICOUNT_SHIFT = 27;
const SPURIOUS = 1023;
/** Implemented priority bits (ICC_CTLR_EL1.PRIbits = 4 -> 5 bits): the low 3 bits ignored. */
const PRI_MASK = 0xf8;
/** ICH_LR<n>_EL2.State: bit 0 pending, bit 1 active. */
const LR_ACTIVE = 2;
const IDLE_PRIORITY = 0xff;
const NUM_LRS = 4;
/** virtualHppi()'s answer when the resident vPE's vLPI beats every list register (QEMU's HPPVI_INDEX_VLPI). */
const VLPI = NUM_LRS + 12;

/** GIC groups as ICC_SGI0R/SGI1R name them: 0, or 1 (non-secure, since DS = 1). */
export type GicGroup = 0 | 1;

/** One PE's redistributor and CPU interfaces. */
export class GicV3 {
  /** SGIs and PPIs (INTIDs 0-31), banked per PE. */
  readonly local = new IntBank(0, 32);
  gicrWaker = 0x6; // ProcessorSleep | ChildrenAsleep
  /** GICR_CTLR.EnableLPIs, GICR_PROPBASER / PENDBASER, GICv4's VPROPBASER / VPENDBASER and the tables behind them. */
  readonly lpis: LpiRedistributor;
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
  constructor(private readonly cpu: Cpu, readonly dist: GicDistributor, readonly index: number, readonly affinity: number) {
    this.lpis = new LpiRedistributor(dist.mem, () => this.update());
  }

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

  /**
   * Highest-priority pending interrupt that is enabled, not active, of an enabled group, routed
   * to this PE; an LPI (always group 1) when the cached HPPLPI has a higher priority than
   * every other (QEMU 7.2 compares the LPI's whole priority, so a tie goes to the lower INTID).
   */
  hppi(): number {
    let best = SPURIOUS, bestPri = 0x100, bestFull = 0x100;
    for (let i = 0; i < NUM_IRQS; i++) {
      const b = i < 32 ? this.local : this.dist.spi;
      if (!b.enabled[i] || b.active[i] || !b.isPending(i)) continue;
      if (i >= 32 && this.dist.routedTo(i) !== this.index) continue;
      const p = b.priority[i]! & PRI_MASK;
      if (p < bestPri && this.groupEnabled(b.group[i]!)) { best = i; bestPri = p; bestFull = b.priority[i]!; }
    }
    const lpi = this.lpis.hpplpi;
    if (this.lpis.enabled && lpi.prio !== NO_PRIORITY && lpi.prio < bestFull && this.groupEnabled(1)) return lpi.irq;
    return best;
  }

  /** An INTID's priority and group, whichever bank or table holds it. */
  private priorityOf(i: number): number {
    return i >= LPI_INTID_START ? this.lpis.hpplpi.prio & PRI_MASK : this.bank(i).priority[i]! & PRI_MASK;
  }

  private groupOf(i: number): number {
    return i >= LPI_INTID_START ? 1 : this.bank(i).group[i]!;
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
      const p = this.priorityOf(i);
      if (p < (this.pmr & PRI_MASK) && p < this.runningPriority()) {
        if (this.groupOf(i)) irq = true; else fiq = true;
      }
    }
    c.irqLine = irq;
    c.fiqLine = fiq;
    const v = this.virtualHppi();
    c.gicVirq = v === VLPI || (v >= 0 && isSet(this.lr[v]!, ICH_LR_EL2.Group));
    c.gicVfiq = v >= 0 && !c.gicVirq;
    c.eventAt = 0;
  }

  // ---- physical CPU interface (ICC_*) ----

  /** ICC_IAR1_EL1 / ICC_IAR0_EL1: acknowledge the HPPI of that group. */
  acknowledge(grp: number): number {
    const i = this.hppi();
    if (i === SPURIOUS || this.groupOf(i) !== grp) return SPURIOUS;
    const p = this.priorityOf(i);
    if (p >= (this.pmr & PRI_MASK) || p >= this.runningPriority()) return SPURIOUS;
    this.apr |= 1 << (p >> 3);
    if (i >= LPI_INTID_START) { // an LPI has no active state: acknowledging it clears its pending bit
      this.lpis.setPending(i, false);
      this.update();
      return i;
    }
    const b = this.bank(i);
    b.pending[i] = 0;
    b.active[i] = 1;
    if (i >= 32) this.dist.update(); else this.update();
    return i;
  }

  /** ICC_EOIR0/1_EL1: priority drop, and deactivation unless ICC_CTLR_EL1.EOImode (an LPI: the drop only). */
  endOfInterrupt(intid: number): void {
    const lpi = intid >= LPI_INTID_START;
    if (intid >= NUM_IRQS && !lpi) return;
    if (this.apr !== 0) this.apr &= this.apr - 1; // drop the highest active priority
    if (lpi) { this.update(); return; }
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
    return i !== SPURIOUS && this.groupOf(i) === grp ? i : SPURIOUS;
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

  /**
   * The highest-priority pending virtual interrupt (HighestPriorityVirtualInterrupt, IHI 0069
   * 11.x): the list register holding it, VLPI when it is the resident vPE's highest-priority
   * pending vLPI (GICv4: above every pending list register), or -1. Masks are not applied.
   */
  private virtualCandidate(): number {
    let best = -1, bestPri = 0x100;
    for (let n = 0; n < NUM_LRS; n++) {
      if (this.lrState(n) !== 1) continue; // pending (not active)
      if (!isSet32(this.ichVmcr, this.lrGroup(n) ? ICH_VMCR_EL2.VENG1 : ICH_VMCR_EL2.VENG0)) continue;
      const p = this.lrPriority(n);
      if (p < bestPri) { best = n; bestPri = p; }
    }
    const vlpi = this.lpis.hppvlpi;
    if (vlpi.prio !== NO_PRIORITY && vlpi.prio < bestPri && isSet32(this.ichVmcr, ICH_VMCR_EL2.VENG1)) return VLPI;
    return best;
  }

  /** The candidate when it may signal (the interface enabled, above the priority mask and the running priority), or -1. */
  virtualHppi(): number {
    if (!isSet32(this.ichHcr, ICH_HCR_EL2.En)) return -1;
    const n = this.virtualCandidate();
    if (n < 0) return -1;
    const p = n === VLPI ? this.lpis.hppvlpi.prio & PRI_MASK : this.lrPriority(n);
    return p < this.vpmr() && p < this.virtualRunningPriority() ? n : -1;
  }

  /** ICV_IAR1_EL1 / ICV_IAR0_EL1 (a vLPI: group 1; acknowledging it clears its pending bit, it has no active state) */
  virtualAcknowledge(grp: number): number {
    const n = this.virtualHppi();
    if (n === VLPI) {
      if (grp !== 1) return SPURIOUS;
      const vlpi = this.lpis.hppvlpi, intid = vlpi.irq;
      this.vapr |= 1 << ((vlpi.prio & PRI_MASK) >> 3);
      this.lpis.setVirtualPending(intid, false);
      this.update();
      return intid;
    }
    if (n < 0 || this.lrGroup(n) !== grp) return SPURIOUS;
    this.lr[n] = withField(this.lr[n]!, ICH_LR_EL2.State, LR_ACTIVE); // pending -> active
    this.vapr |= 1 << (this.lrPriority(n) >> 3);
    this.update();
    return this.lrVintid(n);
  }

  /**
   * ICV_EOIR1_EL1 / ICV_EOIR0_EL1 (QEMU 7.2 icv_eoir_write): priority drop, then the active
   * list register holding vINTID is deactivated unless ICH_VMCR_EL2.VEOIM (an LPI's at once:
   * no DIR follows); with none, EOIcount counts the EOI, except for a vLPI. With no active
   * priority to drop nothing happens (CONSTRAINED UNPREDICTABLE: QEMU checks no list register).
   */
  virtualEndOfInterrupt(vintid: number): void {
    if (vintid >= 1020 && vintid <= SPURIOUS) return;
    if (this.vapr === 0) return;
    this.vapr &= this.vapr - 1;
    const n = this.activeLr(vintid);
    if (n < 0) {
      if (vintid < LPI_INTID_START) this.incrementEoiCount();
    } else if (!isSet32(this.ichVmcr, ICH_VMCR_EL2.VEOIM) || vintid >= LPI_INTID_START) {
      this.deactivateLr(n);
    }
    this.update();
  }

  /** ICV_DIR_EL1 (QEMU 7.2 icv_dir_write): only with VEOIM set; no list register for vINTID counts in EOIcount. */
  virtualDeactivate(vintid: number): void {
    if (vintid >= NUM_IRQS || !isSet32(this.ichVmcr, ICH_VMCR_EL2.VEOIM)) return;
    const n = this.activeLr(vintid);
    if (n < 0) this.incrementEoiCount(); else this.deactivateLr(n);
    this.update();
  }

  /** The list register holding vINTID in the active state, or -1. */
  private activeLr(vintid: number): number {
    for (let n = 0; n < NUM_LRS; n++) if (this.lrVintid(n) === vintid && (this.lrState(n) & LR_ACTIVE) !== 0) return n;
    return -1;
  }

  /** Clears a list register's active bit; a hardware interrupt (HW = 1) is deactivated at the physical interface too. */
  private deactivateLr(n: number): void {
    const lr = this.lr[n]!;
    this.lr[n] = withField(lr, ICH_LR_EL2.State, this.lrState(n) & ~LR_ACTIVE);
    if (isSet(lr, ICH_LR_EL2.HW)) this.deactivate(fieldOf(lr, ICH_LR_EL2.pINTID));
  }

  /** ICH_HCR_EL2.EOIcount + 1 (5 bits, wrapping). */
  private incrementEoiCount(): void {
    const count = ((this.ichHcr >>> EOICOUNT_SHIFT) + 1) & 0x1f;
    this.ichHcr = ((this.ichHcr & ~(0x1f << EOICOUNT_SHIFT)) | (count << EOICOUNT_SHIFT)) >>> 0;
  }

  /** ICV_HPPIR1_EL1 / ICV_HPPIR0_EL1: the highest-priority pending virtual interrupt, masked or not. */
  virtualHighestPending(grp: number): number {
    const n = this.virtualCandidate();
    if (n === VLPI) return grp === 1 ? this.lpis.hppvlpi.irq : SPURIOUS;
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

  // ---- MMIO: this PE's redistributor frames (RD_base, SGI_base, GICv4's VLPI_base) ----

  /**
   * GICR_TYPER (64 bits) as QEMU 7.2: affinity, Processor_Number, Last for the last PE,
   * CommonLPIAff = 1, PLPIS, and VLPIS with GICv4 (DirectLPI = 0: no GICR_SETLPIR).
   */
  private typer(): bigint {
    const last = this.index === this.dist.pes.length - 1 ? 0x10 : 0;
    const vlpis = this.dist.revision >= 4 ? 2 : 0;
    return (BigInt(this.affinity) << 32n) | BigInt((0x01000001 | vlpis | last | (this.index << 8)) >>> 0);
  }

  /** The RD_base and VLPI_base registers that are 64 bits wide (QEMU: the only ones a 64-bit access reaches). */
  redistributorRead64(off: number): bigint {
    switch (off) {
      case 0x0008: return this.typer();
      case 0x0070: return this.lpis.propbaser;
      case 0x0078: return this.lpis.pendbaser;
    }
    if (this.dist.revision >= 4 && off === VLPI_BASE + 0x70) return this.lpis.vpropbaser;
    if (this.dist.revision >= 4 && off === VLPI_BASE + 0x78) return this.lpis.vpendbaser;
    return 0n; // QEMU: RAZ/WI (a guest error)
  }

  redistributorWrite64(off: number, v: bigint): void {
    const l = this.lpis;
    if (off === 0x0070) l.propbaser = v;
    else if (off === 0x0078) l.pendbaser = v;
    else if (this.dist.revision >= 4 && off === VLPI_BASE + 0x70) l.vpropbaser = v;
    else if (this.dist.revision >= 4 && off === VLPI_BASE + 0x78) l.writeVpendbaser(v);
  }

  redistributorRead(off: number, size: number): number {
    if (off < SGI_BASE || off >= VLPI_BASE) {
      switch (off) {
        case 0x0000: return 0x2 | (this.lpis.enabled ? 1 : 0); // GICR_CTLR: CES, EnableLPIs
        case 0x0004: return 0x43b; // GICR_IIDR
        case 0x0014: return this.gicrWaker;
      }
      const id = off < SGI_BASE ? gicIdRegister(off, PIDR0_REDISTRIBUTOR, this.dist.revision) : undefined;
      if (id !== undefined) return id;
      return halfOf(this.redistributorRead64(off & ~7), off);
    }
    const o = off - SGI_BASE;
    if (o === 0xd00) return 0; // GICR_IGRPMODR0
    return this.local.read(o, size) ?? 0;
  }

  redistributorWrite(off: number, size: number, value: number): void {
    if (off < SGI_BASE || off >= VLPI_BASE) {
      if (off === 0x0000) this.lpis.setEnabled((value & 1) !== 0);
      if (off === 0x0014) {
        // ProcessorSleep (bit 1); ChildrenAsleep (bit 2) follows it at once.
        this.gicrWaker = (value & 2) !== 0 ? 0x6 : 0;
      }
      const reg = off & ~7;
      if (reg === 0x70 || reg === 0x78 || reg === VLPI_BASE + 0x70 || reg === VLPI_BASE + 0x78) {
        this.redistributorWrite64(reg, withHalf(this.redistributorRead64(reg), off, value));
      }
      return;
    }
    if (this.local.write(off - SGI_BASE, size, value)) this.update();
  }
}

/** The redistributor region: one set of frames per PE, from GICR_BASE. */
export function redistributorRegion(pes: readonly GicV3[], revision: number): MmioDevice {
  const stride = redistributorStride(revision);
  const pe = (off: number): GicV3 => pes[Math.floor(off / stride)]!;
  return {
    name: 'gicv3-redistributor', base: GICR_BASE, size: stride * pes.length,
    read: (off, size) => pe(off).redistributorRead(off % stride, size),
    write: (off, size, value) => pe(off).redistributorWrite(off % stride, size, value),
    read64: (off) => pe(off).redistributorRead64(off % stride),
    write64: (off, v) => pe(off).redistributorWrite64(off % stride, v),
  };
}
