// The per-INTID state of a range of GICv3 interrupts and the register banks that reach it
// (IHI 0069 12.9 GICD_* / 12.11 GICR_*: IGROUPR, ISENABLER/ICENABLER, ISPENDR/ICPENDR,
// ISACTIVER/ICACTIVER, IPRIORITYR, ICFGR). The distributor holds one for the SPIs; each
// PE's redistributor holds one for its SGIs and PPIs (INTIDs 0-31), which are banked per PE.

/** INTIDs 0-15 SGIs, 16-31 PPIs, 32-287 SPIs (GICD_TYPER.ITLinesNumber = 7 on QEMU virt). */
export const NUM_IRQS = 256;

type BitField = 'group' | 'enabled' | 'pending' | 'active';

/** Bit-per-INTID banks: register offset of the set/assign form, and of the clear form (0: none). */
const BIT_BANKS: { set: number; clear: number; field: BitField }[] = [
  { set: 0x080, clear: 0, field: 'group' },
  { set: 0x100, clear: 0x180, field: 'enabled' },
  { set: 0x200, clear: 0x280, field: 'pending' },
  { set: 0x300, clear: 0x380, field: 'active' },
];

export class IntBank {
  readonly enabled: Uint8Array;
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  readonly group: Uint8Array;
  readonly priority: Uint8Array;
  /** ICFGR: 1 = edge-triggered. SGIs are always edge. */
  readonly edge: Uint8Array;
  /** Input line level (level-triggered sources: the timers' PPIs, the UART's SPI). */
  readonly level: Uint8Array;

  /** INTIDs [first, limit) of this bank; arrays are indexed by INTID. */
  constructor(readonly first: number, readonly limit: number) {
    const a = (): Uint8Array => new Uint8Array(limit);
    this.enabled = a(); this.pending = a(); this.active = a(); this.group = a();
    this.priority = a(); this.edge = a(); this.level = a();
    for (let i = first; i < Math.min(16, limit); i++) this.edge[i] = 1;
  }

  isPending(i: number): boolean {
    return this.pending[i] === 1 || (this.edge[i] === 0 && this.level[i] === 1);
  }

  /** Drives an input line; true when the INTID's state changed (a rising edge latches an edge-triggered one). */
  setLevel(intid: number, high: boolean): boolean {
    const v = high ? 1 : 0;
    if (this.level[intid] === v) return false;
    this.level[intid] = v;
    if (this.edge[intid] && high) this.pending[intid] = 1;
    return true;
  }

  private bitsRead(field: BitField, first: number): number {
    let v = 0;
    for (let b = 0; b < 32; b++) {
      const i = first + b;
      if (i < this.first || i >= this.limit) continue;
      if (field === 'pending' ? this.isPending(i) : this[field][i]) v |= 1 << b;
    }
    return v >>> 0;
  }

  private bitsWrite(field: BitField, first: number, v: number, set: boolean | 'assign'): void {
    for (let b = 0; b < 32; b++) {
      const i = first + b;
      if (i < this.first || i >= this.limit) continue;
      const on = ((v >>> b) & 1) === 1;
      if (set === 'assign') this[field][i] = on ? 1 : 0;
      else if (on) this[field][i] = set ? 1 : 0;
    }
  }

  /** A read of the banks at `off` (a GICD_* or SGI_base offset); undefined when `off` is none of them. */
  read(off: number, size: number): number | undefined {
    for (const bank of BIT_BANKS) {
      const form = off >= bank.set && off < bank.set + 0x80 ? bank.set : bank.clear !== 0 && off >= bank.clear && off < bank.clear + 0x80 ? bank.clear : -1;
      if (form >= 0) return this.bitsRead(bank.field, ((off - form) >> 2) * 32);
    }
    if (off >= 0x400 && off < 0x800) {
      let v = 0;
      for (let b = 0; b < size; b++) {
        const i = off - 0x400 + b;
        if (i >= this.first && i < this.limit) v |= this.priority[i]! << (8 * b);
      }
      return v >>> 0;
    }
    if (off >= 0xc00 && off < 0xd00) {
      const first = ((off - 0xc00) >> 2) * 16;
      let v = 0;
      for (let b = 0; b < 16; b++) {
        const i = first + b;
        if (i >= this.first && i < this.limit && this.edge[i]) v |= 2 << (2 * b);
      }
      return v >>> 0;
    }
    return undefined;
  }

  /** A write to the banks at `off`; false when `off` is none of them. */
  write(off: number, size: number, value: number): boolean {
    for (const bank of BIT_BANKS) {
      if (off >= bank.set && off < bank.set + 0x80) {
        this.bitsWrite(bank.field, ((off - bank.set) >> 2) * 32, value, bank.clear === 0 ? 'assign' : true);
        return true;
      }
      if (bank.clear !== 0 && off >= bank.clear && off < bank.clear + 0x80) {
        this.bitsWrite(bank.field, ((off - bank.clear) >> 2) * 32, value, false);
        return true;
      }
    }
    if (off >= 0x400 && off < 0x800) {
      for (let b = 0; b < size; b++) {
        const i = off - 0x400 + b;
        if (i >= this.first && i < this.limit) this.priority[i] = (value >>> (8 * b)) & 0xff;
      }
      return true;
    }
    if (off >= 0xc00 && off < 0xd00) {
      const first = ((off - 0xc00) >> 2) * 16;
      for (let b = 0; b < 16; b++) {
        const i = first + b;
        if (i >= 16 && i >= this.first && i < this.limit) this.edge[i] = (value >>> (2 * b + 1)) & 1; // SGIs stay edge
      }
      return true;
    }
    return false;
  }
}
