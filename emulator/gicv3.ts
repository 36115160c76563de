// GICv3 of QEMU's virt board (gic-version=3), one PE, no security extension (GICD_CTLR.DS = 1):
// distributor at 0x0800_0000, the PE's redistributor at 0x080A_0000 (RD_base + SGI_base
// frames), the system-register CPU interface (ICC_*) and the virtual CPU interface (ICH_*
// list registers, ICV_* seen at EL1 when HCR_EL2.IMO = 1). Arm GICv3/v4 architecture
// specification (IHI 0069); identification and reset values are QEMU 7.2's, read back
// with the gic-timer scenario. Not modelled: LPIs and the ITS, SPI routing to other PEs,
// maintenance interrupts, 1-of-N, GICv2 compatibility.

import type { Cpu } from './cpu.ts';
import type { MmioDevice } from './memory.ts';
import { field32, fieldOf, isSet, isSet32, withField } from './arch/field.ts';
import { ICC_CTLR_EL1, ICC_SGIR, ICH_HCR_EL2, ICH_LR_EL2, ICH_VMCR_EL2 } from './arch/registers.ts';

export const GICD_BASE = 0x0800_0000;
export const GICR_BASE = 0x080a_0000;
/** INTIDs 0-15 SGIs, 16-31 PPIs, 32-287 SPIs (GICD_TYPER.ITLinesNumber = 7 on QEMU virt). */
export const NUM_IRQS = 256;
const SPURIOUS = 1023;
/** Implemented priority bits (ICC_CTLR_EL1.PRIbits = 4 -> 5 bits): the low 3 bits ignored. */
const PRI_MASK = 0xf8;
/** ICH_LR<n>_EL2.State: bit 0 pending, bit 1 active. */
const LR_ACTIVE = 2;
const IDLE_PRIORITY = 0xff;
const NUM_LRS = 4;


/**
 * Distributor registers of INTIDs 0-31 (the first word of each bit bank, IPRIORITYR0-7,
 * ICFGR0-1): with affinity routing (ARE = 1) they live in the redistributor, RAZ/WI here.
 */
function isBank0(off: number): boolean {
  return (off >= 0x80 && off < 0x400 && (off & 0x7f) < 4) || (off >= 0x400 && off < 0x420) || (off >= 0xc00 && off < 0xc08);
}

export class GicV3 {
  // Per-INTID state.
  readonly enabled = new Uint8Array(NUM_IRQS);
  readonly pending = new Uint8Array(NUM_IRQS);
  readonly active = new Uint8Array(NUM_IRQS);
  readonly group = new Uint8Array(NUM_IRQS);
  readonly priority = new Uint8Array(NUM_IRQS);
  /** ICFGR: 1 = edge-triggered. SGIs are always edge. */
  readonly edge = new Uint8Array(NUM_IRQS);
  /** Input line level (level-triggered sources: PPIs of the timers). */
  readonly level = new Uint8Array(NUM_IRQS);
  gicdCtlr = 0x50; // ARE | DS (QEMU 7.2 reset, no security)
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

  constructor(private readonly cpu: Cpu) {
    for (let i = 0; i < 16; i++) this.edge[i] = 1;
  }

  // ---- state changes and the lines into the PE ----

  /** Drives an interrupt input line (the timers' PPIs); a rising edge makes an edge-triggered INTID pending. */
  setLevel(intid: number, high: boolean): void {
    const v = high ? 1 : 0;
    if (this.level[intid] === v) return;
    this.level[intid] = v;
    if (this.edge[intid] && high) this.pending[intid] = 1;
    this.update();
  }

  private isPending(i: number): boolean {
    return this.pending[i] === 1 || (this.edge[i] === 0 && this.level[i] === 1);
  }

  private groupEnabled(g: number): boolean {
    return g === 1 ? (this.gicdCtlr & 2) !== 0 && this.igrpen1 !== 0 : (this.gicdCtlr & 1) !== 0 && this.igrpen0 !== 0;
  }

  /** Highest-priority pending interrupt that is enabled, not active, of an enabled group. */
  hppi(): number {
    let best = SPURIOUS, bestPri = 0x100;
    for (let i = 0; i < NUM_IRQS; i++) {
      if (!this.enabled[i] || this.active[i] || !this.isPending(i)) continue;
      const p = this.priority[i]! & PRI_MASK;
      if (p < bestPri && this.groupEnabled(this.group[i]!)) { best = i; bestPri = p; }
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
      const p = this.priority[i]! & PRI_MASK;
      if (p < (this.pmr & PRI_MASK) && p < this.runningPriority()) {
        if (this.group[i]) irq = true; else fiq = true;
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
    if (i === SPURIOUS || this.group[i] !== grp) return SPURIOUS;
    const p = this.priority[i]! & PRI_MASK;
    if (p >= (this.pmr & PRI_MASK) || p >= this.runningPriority()) return SPURIOUS;
    this.pending[i] = 0;
    this.active[i] = 1;
    this.apr |= 1 << (p >> 3);
    this.update();
    return i;
  }

  /** ICC_EOIR0/1_EL1: priority drop, and deactivation unless ICC_CTLR_EL1.EOImode. */
  endOfInterrupt(intid: number): void {
    if (intid >= NUM_IRQS) return;
    if (this.apr !== 0) this.apr &= this.apr - 1; // drop the highest active priority
    if (!isSet32(this.ctlr, ICC_CTLR_EL1.EOImode)) this.active[intid] = 0;
    this.update();
  }

  /** ICC_DIR_EL1 */
  deactivate(intid: number): void {
    if (intid < NUM_IRQS) this.active[intid] = 0;
    this.update();
  }

  /** ICC_HPPIR0/1_EL1 */
  highestPending(grp: number): number {
    const i = this.hppi();
    return i !== SPURIOUS && this.group[i] === grp ? i : SPURIOUS;
  }

  /** ICC_SGI1R_EL1 (one PE: the target list names affinity 0.0.0.0 when bit 0 is set, or IRM). */
  generateSgi(v: bigint): void {
    const intid = fieldOf(v, ICC_SGIR.INTID);
    const affinityZero = fieldOf(v, ICC_SGIR.Aff1) === 0 && fieldOf(v, ICC_SGIR.Aff2) === 0 && fieldOf(v, ICC_SGIR.Aff3) === 0;
    const toSelf = !isSet(v, ICC_SGIR.IRM) && (fieldOf(v, ICC_SGIR.TargetList) & 1) === 1 && affinityZero;
    if (toSelf) {
      this.pending[intid] = 1;
      this.update();
    }
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

  // ---- MMIO: distributor and redistributor ----

  /** Bit-per-INTID register banks (IGROUPR, ISENABLER, ...): 32 INTIDs per word from `first`. */
  private bitsRead(arr: Uint8Array, first: number): number {
    let v = 0;
    for (let b = 0; b < 32; b++) if (first + b < NUM_IRQS && (arr === this.pending ? this.isPending(first + b) : arr[first + b])) v |= 1 << b;
    return v >>> 0;
  }

  private bitsWrite(arr: Uint8Array, first: number, v: number, set: boolean | 'assign'): void {
    for (let b = 0; b < 32; b++) {
      const i = first + b;
      if (i >= NUM_IRQS) break;
      const on = ((v >>> b) & 1) === 1;
      if (set === 'assign') arr[i] = on ? 1 : 0;
      else if (on) arr[i] = set ? 1 : 0;
    }
    this.update();
  }

  /** Registers shared by the distributor (SPIs, from INTID `base`) and the SGI_base frame (INTIDs 0-31). */
  private bankRead(off: number, size: number, base: number, limit: number): number | undefined {
    const word = (o: number): number => base + ((off - o) >> 2) * 32;
    if (off >= 0x080 && off < 0x100) return word(0x080) < limit ? this.bitsRead(this.group, word(0x080)) : 0;
    if (off >= 0x100 && off < 0x200) return word(off < 0x180 ? 0x100 : 0x180) < limit ? this.bitsRead(this.enabled, word(off < 0x180 ? 0x100 : 0x180)) : 0;
    if (off >= 0x200 && off < 0x300) return word(off < 0x280 ? 0x200 : 0x280) < limit ? this.bitsRead(this.pending, word(off < 0x280 ? 0x200 : 0x280)) : 0;
    if (off >= 0x300 && off < 0x400) return word(off < 0x380 ? 0x300 : 0x380) < limit ? this.bitsRead(this.active, word(off < 0x380 ? 0x300 : 0x380)) : 0;
    if (off >= 0x400 && off < 0x800) {
      let v = 0;
      for (let b = 0; b < size; b++) {
        const i = base + off - 0x400 + b;
        if (i < limit) v |= this.priority[i]! << (8 * b);
      }
      return v >>> 0;
    }
    if (off >= 0xc00 && off < 0xd00) {
      const first = base + ((off - 0xc00) >> 2) * 16;
      let v = 0;
      for (let b = 0; b < 16; b++) if (first + b < limit && this.edge[first + b]) v |= 2 << (2 * b);
      return v >>> 0;
    }
    return undefined;
  }

  private bankWrite(off: number, size: number, value: number, base: number, limit: number): boolean {
    const word = (o: number): number => base + ((off - o) >> 2) * 32;
    if (off >= 0x080 && off < 0x100) { if (word(0x080) < limit) this.bitsWrite(this.group, word(0x080), value, 'assign'); return true; }
    if (off >= 0x100 && off < 0x180) { if (word(0x100) < limit) this.bitsWrite(this.enabled, word(0x100), value, true); return true; }
    if (off >= 0x180 && off < 0x200) { if (word(0x180) < limit) this.bitsWrite(this.enabled, word(0x180), value, false); return true; }
    if (off >= 0x200 && off < 0x280) { if (word(0x200) < limit) this.bitsWrite(this.pending, word(0x200), value, true); return true; }
    if (off >= 0x280 && off < 0x300) { if (word(0x280) < limit) this.bitsWrite(this.pending, word(0x280), value, false); return true; }
    if (off >= 0x300 && off < 0x380) { if (word(0x300) < limit) this.bitsWrite(this.active, word(0x300), value, true); return true; }
    if (off >= 0x380 && off < 0x400) { if (word(0x380) < limit) this.bitsWrite(this.active, word(0x380), value, false); return true; }
    if (off >= 0x400 && off < 0x800) {
      for (let b = 0; b < size; b++) {
        const i = base + off - 0x400 + b;
        if (i < limit) this.priority[i] = (value >>> (8 * b)) & 0xff;
      }
      this.update();
      return true;
    }
    if (off >= 0xc00 && off < 0xd00) {
      const first = base + ((off - 0xc00) >> 2) * 16;
      for (let b = 0; b < 16; b++) {
        const i = first + b;
        if (i >= 16 && i < limit) this.edge[i] = (value >>> (2 * b + 1)) & 1; // SGIs stay edge
      }
      this.update();
      return true;
    }
    return false;
  }

  readonly distributor: MmioDevice = {
    name: 'gicv3-distributor', base: GICD_BASE, size: 0x10000,
    read: (off, size) => {
      switch (off) {
        case 0x0000: return this.gicdCtlr;
        case 0x0004: return 0x037a0007; // GICD_TYPER as QEMU 7.2 (ITLinesNumber 7, IDbits 15, LPIS, A3V)
        case 0x0008: return 0x43b; // GICD_IIDR: Arm
        case 0xffe8: return 0x3b; // GICD_PIDR2: ArchRev 3
      }
      if (off >= 0x6000 && off < 0x8000) return 0; // GICD_IROUTER<n>: affinity 0.0.0.0
      return isBank0(off) ? 0 : this.bankRead(off, size, 0, NUM_IRQS) ?? 0;
    },
    write: (off, size, value) => {
      if (off === 0x0000) {
        this.gicdCtlr = (value & 3) | 0x50; // EnableGrp0/1; ARE and DS RAO/WI
        this.update();
        return;
      }
      if (off >= 0x80 && off < 0xd00 && !isBank0(off)) this.bankWrite(off, size, value, 0, NUM_IRQS);
    },
  };

  readonly redistributor: MmioDevice = {
    name: 'gicv3-redistributor', base: GICR_BASE, size: 0x20000,
    read: (off, size) => {
      if (off < 0x10000) {
        switch (off) {
          case 0x0000: return 0x2; // GICR_CTLR: CES
          case 0x0004: return 0x43b; // GICR_IIDR
          case 0x0008: return 0x01000011; // GICR_TYPER[31:0]: Last, PLPIS (QEMU 7.2)
          case 0x000c: return 0; // GICR_TYPER[63:32]: affinity 0.0.0.0
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
      return this.bankRead(o, size, 0, 32) ?? 0;
    },
    write: (off, size, value) => {
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
      this.bankWrite(off - 0x10000, size, value, 0, 32);
    },
  };
}

