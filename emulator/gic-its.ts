// The GICv3 ITS register frame of QEMU's virt board (0x0808_0000): identification, control,
// the command queue and the BASER tables as QEMU 7.2 presents them, so that software which
// probes and sets up the ITS (kvm-unit-tests' GIC library does on every boot) runs. The
// model implements no LPIs: commands are consumed (GITS_CREADR follows GITS_CWRITER) and
// have no effect, so an LPI test diverges at its first expected interrupt, not at set-up.

import type { MmioDevice } from './memory.ts';

export const GITS_BASE = 0x0808_0000;

/** GITS_BASER<n> as QEMU 7.2 resets them: 0 Device table, 1 Collection table (Type, Entry_Size RO). */
const BASER_RESET = [0x0107000000000200n, 0x0407000000000200n];
const BASER_RO = (7n << 56n) | (0x1fn << 48n);

export class GicIts implements MmioDevice {
  readonly name = 'gicv3-its';
  readonly base = GITS_BASE;
  readonly size = 0x20000;
  private ctlr = 0;
  private readonly regs64 = new Map<number, bigint>([[0x100, BASER_RESET[0]!], [0x108, BASER_RESET[1]!]]);

  read(off: number): number {
    switch (off) {
      case 0x0000: return (0x80000000 | this.ctlr) >>> 0; // Quiescent | Enabled
      case 0x0004: return 0x43b; // GITS_IIDR
      case 0x0008: return 0x0001efb1; // GITS_TYPER (QEMU 7.2): Physical, ITT_entry_size, ID/Dev bits
      case 0x000c: return 0x1f;
      case 0xffe8: return 0x3b; // PIDR2: GICv3
    }
    const reg = off & ~7;
    const v = this.regs64.get(reg) ?? 0n;
    return Number((off & 4) !== 0 ? v >> 32n : v & 0xffffffffn) >>> 0;
  }

  write(off: number, _size: number, value: number): void {
    if (off === 0x0000) {
      this.ctlr = value & 1;
      return;
    }
    const reg = off & ~7;
    const writable = reg === 0x80 || reg === 0x88 || (reg >= 0x100 && reg < 0x110);
    if (!writable) return;
    const old = this.regs64.get(reg) ?? 0n;
    const half = BigInt(value >>> 0);
    let v = (off & 4) !== 0 ? (old & 0xffffffffn) | (half << 32n) : (old & ~0xffffffffn) | half;
    if (reg >= 0x100) v = (v & ~BASER_RO) | (BASER_RESET[(reg - 0x100) >> 3]! & BASER_RO);
    this.regs64.set(reg, v);
    if (reg === 0x88) this.regs64.set(0x90, v & 0xfffe0n); // commands consumed at once: CREADR = CWRITER
  }
}
