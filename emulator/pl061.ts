// PL061 GPIO (PrimeCell GPIO (PL061) TRM, DDI 0190) as QEMU 7.2's hw/gpio/pl061.c (the Arm
// variant) at 0x0903_0000 on the virt board, on SPI 7 (INTID 39). Nothing drives its inputs
// (QEMU's gpio-key on line 3 is only pressed by a monitor command, which runs never issue):
// an input line reads what GPIODATA last held for it, so it changes only when a line that
// was an output becomes an input, and QEMU detects an edge then.

import type { MmioDevice } from './memory.ts';

export const PL061_BASE = 0x0903_0000;
export const PL061_INTID = 32 + 7;

const R = { DIR: 0x400, IS: 0x404, IBE: 0x408, IEV: 0x40c, IE: 0x410, RIS: 0x414, MIS: 0x418, IC: 0x41c, AFSEL: 0x420 } as const;
/** Identification registers at 0xFD0..0xFFC (QEMU's pl061_id). */
const PL061_ID = [0x00, 0x00, 0x00, 0x00, 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl061 implements MmioDevice {
  readonly name = 'pl061';
  readonly base = PL061_BASE;
  readonly size = 0x1000;
  private data = 0;
  /** GPIODATA when an input last changed (QEMU's old_in_data): what edges are detected against. */
  private oldInData = 0;
  private dir = 0;
  private isense = 0;
  private ibe = 0;
  private iev = 0;
  private im = 0;
  private istate = 0;
  private afsel = 0;

  constructor(private readonly setIrq: (level: boolean) => void) {}

  read(off: number): number {
    // GPIODATA: address bits [9:2] mask the bits read and written.
    if (off < 0x400) return this.data & (off >> 2);
    switch (off) {
      case R.DIR: return this.dir;
      case R.IS: return this.isense;
      case R.IBE: return this.ibe;
      case R.IEV: return this.iev;
      case R.IE: return this.im;
      case R.RIS: return this.istate;
      case R.MIS: return this.istate & this.im;
      case R.AFSEL: return this.afsel;
      default: return off >= 0xfd0 && off < 0x1000 ? PL061_ID[(off - 0xfd0) >> 2] : 0;
    }
  }

  write(off: number, _size: number, value: number): void {
    const v = value & 0xff;
    if (off < 0x400) {
      const mask = (off >> 2) & this.dir;
      this.data = (this.data & ~mask) | (v & mask);
    } else {
      switch (off) {
        case R.DIR: this.dir = v; break;
        case R.IS: this.isense = v; break;
        case R.IBE: this.ibe = v; break;
        case R.IEV: this.iev = v; break;
        case R.IE: this.im = v; break;
        case R.IC: this.istate &= ~value; break;
        case R.AFSEL: this.afsel = v; break; // QEMU: GPIOCR (all ones) lets every bit change
        default: return; // QEMU: a bad offset is ignored (logged as a guest error)
      }
    }
    this.update();
  }

  /**
   * QEMU's pl061_update: an input differing from the value last seen there is an edge
   * (either one with GPIOIBE, else the one GPIOIEV selects) unless the line is
   * level-sensitive; a level-sensitive line is pending while it equals GPIOIEV's bit.
   */
  private update(): void {
    const changed = (this.oldInData ^ this.data) & ~this.dir & 0xff;
    if (changed !== 0) {
      // QEMU records every bit here, outputs too: a later input change compares against them.
      this.oldInData = this.data;
      const edges = changed & ~this.isense;
      this.istate |= edges & (this.ibe | ~(this.data ^ this.iev));
    }
    this.istate |= ~(this.data ^ this.iev) & this.isense & 0xff;
    this.setIrq((this.istate & this.im) !== 0);
  }
}
