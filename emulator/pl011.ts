// PL011 UART (PrimeCell UART (PL011) TRM, DDI 0183) as QEMU 7.2's hw/char/pl011.c models it
// at 0x0900_0000 on the virt board: transmit is immediate (FR.TXFF never set; every write to
// DR raises the TX interrupt), receive is always empty (no input reaches a guest: runs are
// deterministic). The interrupt registers matter: Linux's driver sends through the TX
// interrupt once userspace writes to the console. One combined line, SPI 1 (INTID 33).

import type { MmioDevice } from './memory.ts';

export const PL011_INTID = 32 + 1;

/** Register offsets (TRM 3.2). */
const R = {
  DR: 0x000, RSR: 0x004, FR: 0x018, ILPR: 0x020, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c,
  CR: 0x030, IFLS: 0x034, IMSC: 0x038, RIS: 0x03c, MIS: 0x040, ICR: 0x044, DMACR: 0x048,
} as const;

const FR_RXFE = 1 << 4;
const FR_TXFE = 1 << 7;
const INT_TX = 1 << 5;

/** PrimeCell identification registers at 0xFE0..0xFFC, as QEMU's pl011 (the Arm variant) reports them. */
const PL011_ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/** The plain read/write registers and their reset values (QEMU's pl011_reset). */
const PLAIN_RESET: ReadonlyArray<[number, number]> = [
  [R.RSR, 0], [R.ILPR, 0], [R.IBRD, 0], [R.FBRD, 0], [R.LCR_H, 0], [R.CR, 0x300], [R.IFLS, 0x12], [R.DMACR, 0],
];

export class Pl011 implements MmioDevice {
  readonly name = 'pl011';
  readonly size = 0x1000;
  private readonly regs = new Map<number, number>(PLAIN_RESET);
  /** UARTRIS: raw interrupt status. */
  private intLevel = 0;
  /** UARTIMSC: interrupt mask set/clear. */
  private intEnabled = 0;

  constructor(
    readonly base: number,
    private readonly tx: (byte: number) => void,
    private readonly setIrq: (level: boolean) => void = () => {},
  ) {}

  read(off: number): number {
    switch (off) {
      case R.DR: return 0; // the receive FIFO is always empty
      case R.FR: return FR_RXFE | FR_TXFE;
      case R.IMSC: return this.intEnabled;
      case R.RIS: return this.intLevel;
      case R.MIS: return this.intLevel & this.intEnabled;
      default:
        if (off >= 0xfe0 && off < 0x1000) return PL011_ID[(off - 0xfe0) >> 2];
        return this.regs.get(off) ?? 0; // QEMU: a bad offset reads as 0 (logged as a guest error)
    }
  }

  write(off: number, _size: number, value: number): void {
    switch (off) {
      case R.DR:
        this.tx(value & 0xff);
        this.intLevel |= INT_TX;
        break;
      case R.RSR: this.regs.set(R.RSR, 0); return; // UARTECR: a write clears the error flags
      case R.FR: case R.RIS: case R.MIS: return; // read-only
      case R.IMSC: this.intEnabled = value >>> 0; break;
      case R.ICR: this.intLevel &= ~value; break;
      default:
        // LCR_H: QEMU resets the receive FIFO when FEN changes; it is always empty here.
        if (this.regs.has(off)) this.regs.set(off, value >>> 0);
        return; // QEMU: a bad offset is ignored (logged as a guest error)
    }
    this.setIrq((this.intLevel & this.intEnabled) !== 0);
  }
}
