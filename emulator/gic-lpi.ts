// The LPI half of one GICv3/v4 redistributor (IHI 0069 5.1 "LPIs", 12.11 GICR_PROPBASER,
// GICR_PENDBASER, GICR_CTLR.EnableLPIs; GICv4.0 6.1 GICR_VPROPBASER / GICR_VPENDBASER):
// the LPI configuration table (one byte per LPI: priority, enable) and the pending table
// (one bit per INTID) live in guest memory; the redistributor caches only the highest
// priority pending LPI, and (GICv4) the same for the resident vPE's vLPIs.
//
// What the architecture leaves to the implementation follows QEMU 7.2
// (hw/intc/arm_gicv3_redist.c): the cached HPPLPI is recomputed by a scan of the pending
// table when EnableLPIs is set, on INV/INVALL/MOVALL and when the cached LPI stops being
// pending; an LPI becoming pending is compared against the cache alone, reading its
// configuration byte at that moment. So a configuration change without INV is seen only at
// the next such event, as the spec permits (5.1.4: the configuration may be cached).

import type { PhysicalMemory } from './memory.ts';

/** The first LPI INTID. */
export const LPI_INTID_START = 8192;
/** GICD_TYPER.IDbits (QEMU 7.2: 16-bit INTIDs): tables never hold more IDs than 2^16. */
const GICD_IDBITS = 15;
/** INTID 1023: "no interrupt" (no doorbell in a VMAPTI). */
export const INTID_SPURIOUS = 1023;
/** The priority of "nothing pending". */
export const NO_PRIORITY = 0xff;

/** GICR_{V}PROPBASER.Physical_Address (bits 51:12) and GICR_{V}PENDBASER.Physical_Address (51:16). */
const PROPBASER_PA = 0x000f_ffff_ffff_f000n;
const PENDBASER_PA = 0x000f_ffff_ffff_0000n;
const IDBITS = 0x1fn;
/** Configuration byte: bit 0 Enable, bits 7:2 priority (with GICD_CTLR.DS = 1, not shifted). */
const CFG_ENABLE = 1;
const CFG_PRIORITY = 0xfc;
/** GICR_VPENDBASER: Valid (63), IDAI (62), PendingLast (61), Dirty (60, RO 0 in QEMU). */
const VPEND_VALID = 1n << 63n;
const VPEND_PENDINGLAST = 1n << 61n;
/** GICR_VPENDBASER bits QEMU 7.2 keeps: the caches, shareability, address, PendingLast, IDAI, Valid. */
const VPEND_WRITABLE = (7n << 7n) | (3n << 10n) | PENDBASER_PA | (7n << 56n) | (1n << 61n) | (1n << 62n) | VPEND_VALID;

/** A cached highest-priority pending (v)LPI: priority NO_PRIORITY when there is none. */
export interface PendingLpi {
  irq: number;
  prio: number;
}

export class LpiRedistributor {
  propbaser = 0n;
  pendbaser = 0n;
  /** GICR_CTLR.EnableLPIs. */
  enabled = false;
  readonly hpplpi: PendingLpi = { irq: 0, prio: NO_PRIORITY };
  // GICv4.0: the resident vPE's tables, and its highest-priority pending vLPI.
  vpropbaser = 0n;
  vpendbaser = 0n;
  readonly hppvlpi: PendingLpi = { irq: 0, prio: NO_PRIORITY };

  /** `changed`: recompute the PE's interrupt lines (the owning redistributor's update()). */
  constructor(private readonly mem: PhysicalMemory, private readonly changed: () => void) {}

  reset(): void {
    this.propbaser = this.pendbaser = this.vpropbaser = this.vpendbaser = 0n;
    this.enabled = false;
    this.hpplpi.prio = this.hppvlpi.prio = NO_PRIORITY;
  }

  private idbits(): number {
    return Math.min(Number(this.propbaser & IDBITS), GICD_IDBITS);
  }

  private configBase(): number { return Number(this.propbaser & PROPBASER_PA); }
  private pendingBase(): number { return Number(this.pendbaser & PENDBASER_PA); }
  private vConfigBase(): number { return Number(this.vpropbaser & PROPBASER_PA); }
  /** The resident vPE's virtual pending table, when GICR_VPENDBASER.Valid. */
  vPendingBase(): number { return Number(this.vpendbaser & PENDBASER_PA); }

  // ---- physical LPIs ----

  /** GICR_CTLR.EnableLPIs written (QEMU: setting it rescans the pending table). */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (on) this.rescan();
    this.changed();
  }

  /** The cached HPPLPI recomputed from the tables (QEMU gicv3_redist_update_lpi_only). */
  private rescan(): void {
    if (!this.enabled) return;
    scanPendingTable(this.mem, this.pendingBase(), this.configBase(), this.idbits(), this.hpplpi);
  }

  /** INV, INVALL, and whatever else makes the redistributor drop its cached LPI state. */
  invalidate(): void {
    this.rescan();
    this.changed();
  }

  /** An LPI's pending bit set or cleared (QEMU gicv3_redist_lpi_pending). */
  setPending(irq: number, level: boolean): void {
    if (!setPendingBit(this.mem, this.pendingBase(), irq, level)) return;
    if (level) {
      considerLpi(this.mem, irq, this.configBase(), this.hpplpi);
      this.changed();
    } else if (irq === this.hpplpi.irq) {
      this.invalidate();
    }
  }

  /** An LPI from the ITS (INT, an MSI, CLEAR, DISCARD): dropped when LPIs are off or it is out of range. */
  process(irq: number, level: boolean): void {
    if (!this.enabled || irq < LPI_INTID_START || irq > 2 ** (this.idbits() + 1) - 1) return;
    this.setPending(irq, level);
  }

  /** MOVI: the LPI's pending state moves to `dest` (a NOP unless both have LPIs enabled, as QEMU). */
  moveTo(dest: LpiRedistributor, irq: number): void {
    if (!this.enabled || !dest.enabled) return;
    const idbits = Math.min(this.idbits(), dest.idbits());
    // QEMU 7.2 compares the byte index with the table's size in bits; kept, it only ever admits more.
    if (Math.floor(irq / 8) >= 2 ** (idbits + 1)) return;
    if (!setPendingBit(this.mem, this.pendingBase(), irq, false)) return;
    if (irq === this.hpplpi.irq) this.invalidate();
    dest.setPending(irq, true);
  }

  /** MOVALL: every LPI pending here becomes pending on `dest` instead. */
  moveAllTo(dest: LpiRedistributor): void {
    if (!this.enabled || !dest.enabled) return;
    const bytes = 2 ** (Math.min(this.idbits(), dest.idbits()) + 1) / 8;
    const src = this.pendingBase(), dst = dest.pendingBase();
    for (let i = LPI_INTID_START / 8; i < bytes; i++) {
      const s = this.mem.dmaRead(src + i, 1) ?? 0n;
      if (s === 0n) continue;
      const d = this.mem.dmaRead(dst + i, 1) ?? 0n;
      this.mem.dmaWrite(src + i, 1, 0n);
      this.mem.dmaWrite(dst + i, 1, d | s);
    }
    this.invalidate();
    dest.invalidate();
  }

  // ---- GICv4.0 virtual LPIs ----

  /** A vPE is resident here when GICR_VPENDBASER is Valid with its virtual pending table. */
  resident(vptAddr: number): boolean {
    return (this.vpendbaser & VPEND_VALID) !== 0n && vptAddr === this.vPendingBase();
  }

  /** The cached HPPVLPI recomputed (QEMU gicv3_redist_update_vlpi_only). */
  private rescanVirtual(): void {
    if ((this.vpendbaser & VPEND_VALID) === 0n) { this.hppvlpi.prio = NO_PRIORITY; return; }
    scanPendingTable(this.mem, this.vPendingBase(), this.vConfigBase(), Number(this.vpropbaser & IDBITS), this.hppvlpi);
  }

  private invalidateVirtual(): void {
    this.rescanVirtual();
    this.changed();
  }

  /**
   * GICR_VPENDBASER written (QEMU gicr_write_vpendbaser): other fields cannot change while
   * Valid stays 1 (UNPREDICTABLE; QEMU ignores the write); Valid 0 -> 1 makes the vPE
   * resident (PendingLast reads 1), 1 -> 0 deschedules it (PendingLast: a vLPI was pending).
   */
  writeVpendbaser(value: bigint): void {
    const oldValid = (this.vpendbaser & VPEND_VALID) !== 0n;
    const v = value & VPEND_WRITABLE;
    const newValid = (v & VPEND_VALID) !== 0n;
    if (oldValid && newValid) return;
    if (!oldValid && !newValid) { this.vpendbaser = v; return; }
    const pendingLast = newValid || this.hppvlpi.prio !== NO_PRIORITY;
    this.vpendbaser = pendingLast ? v | VPEND_PENDINGLAST : v & ~VPEND_PENDINGLAST;
    this.invalidateVirtual();
  }

  /** The resident vPE's vLPI acknowledged (pending cleared) or made pending (QEMU gicv3_redist_vlpi_pending). */
  setVirtualPending(irq: number, level: boolean): void {
    if (setPendingBit(this.mem, this.vPendingBase(), irq, level)) this.virtualPendingChanged(irq, level);
  }

  /** A resident vPE's vLPI became pending (compared with the cache) or stopped (the cache rescanned if it was that one). */
  private virtualPendingChanged(irq: number, level: boolean): void {
    if (level) {
      considerLpi(this.mem, irq, this.vConfigBase(), this.hppvlpi);
      this.changed();
    } else if (irq === this.hppvlpi.irq) {
      this.invalidateVirtual();
    }
  }

  /**
   * A vLPI from the ITS for the vPE whose virtual pending table is at `vptAddr` (QEMU
   * gicv3_redist_process_vlpi): its pending bit changes in memory whether or not the vPE is
   * resident; a resident vPE sees it at once; otherwise a set vLPI rings the doorbell LPI.
   */
  processVirtual(irq: number, vptAddr: number, doorbell: number, level: boolean): void {
    const resident = this.resident(vptAddr);
    if (resident && irq >= 2 ** (Number(this.vpropbaser & IDBITS) + 1)) return;
    if (setPendingBit(this.mem, vptAddr, irq, level) && resident) this.virtualPendingChanged(irq, level);
    if (!resident && level && doorbell !== INTID_SPURIOUS && this.enabled) this.process(doorbell, true);
  }

  /** VMOVI: a vLPI's pending state moves from this redistributor's vPE table to another's. */
  moveVirtualTo(srcVpt: number, dest: LpiRedistributor, destVpt: number, irq: number, doorbell: number): void {
    if (!setPendingBit(this.mem, srcVpt, irq, false)) return;
    if (this.resident(srcVpt) && irq === this.hppvlpi.irq) this.invalidateVirtual();
    dest.processVirtual(irq, destVpt, doorbell, true);
  }

  /** VINVALL / INV of a vLPI: only a resident vPE has cached state. */
  invalidateVpe(vptAddr: number): void {
    if (this.resident(vptAddr)) this.invalidateVirtual();
  }
}

/** A pending LPI compared with the cached best (QEMU update_for_one_lpi): enabled, and a lower priority value or the same and a lower INTID. */
function considerLpi(mem: PhysicalMemory, irq: number, configBase: number, best: PendingLpi): void {
  const cfg = Number(mem.dmaRead(configBase + irq - LPI_INTID_START, 1) ?? 0n);
  if ((cfg & CFG_ENABLE) === 0) return;
  const prio = cfg & CFG_PRIORITY;
  if (prio < best.prio || (prio === best.prio && irq <= best.irq)) {
    best.irq = irq;
    best.prio = prio;
  }
}

/** The best pending enabled LPI of a pending table of 2^(idbits + 1) bits (QEMU update_for_all_lpis). */
function scanPendingTable(mem: PhysicalMemory, pendingBase: number, configBase: number, idbits: number, best: PendingLpi): void {
  best.prio = NO_PRIORITY;
  const bytes = 2 ** (idbits + 1) / 8;
  for (let i = LPI_INTID_START / 8; i < bytes; i++) {
    let pend = Number(mem.dmaRead(pendingBase + i, 1) ?? 0n);
    while (pend !== 0) {
      const bit = 31 - Math.clz32(pend & -pend);
      considerLpi(mem, i * 8 + bit, configBase, best);
      pend &= pend - 1;
    }
  }
}

/** Sets or clears one pending-table bit; false when it already had that value (nothing to do). */
function setPendingBit(mem: PhysicalMemory, base: number, irq: number, level: boolean): boolean {
  const addr = base + Math.floor(irq / 8), bit = 1 << (irq % 8);
  const pend = Number(mem.dmaRead(addr, 1) ?? 0n);
  if (((pend & bit) !== 0) === level) return false;
  mem.dmaWrite(addr, 1, BigInt(level ? pend | bit : pend & ~bit));
  return true;
}
