// PL011 UART as QEMU's virt board has it at 0x0900_0000: transmit is immediate
// (FR.TXFF never set), receive is always empty. Enough for test output.

import type { MmioDevice } from './memory.ts';

const UARTDR = 0x000;
const UARTFR = 0x018;
const FR_RXFE = 1 << 4;
const FR_TXFE = 1 << 7;

/** PrimeCell identification registers at 0xFE0..0xFFC, as QEMU's pl011 reports them. */
const PL011_ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011 implements MmioDevice {
  readonly name = 'pl011';
  readonly size = 0x1000;
  private regs = new Map<number, number>();

  constructor(readonly base: number, private readonly tx: (byte: number) => void) {
    // Reset values QEMU's pl011 uses for the registers software reads back.
    this.regs.set(0x030, 0x300); // UARTCR: TXE | RXE
    this.regs.set(0x024, 0); // IBRD
  }

  read(off: number): number {
    if (off === UARTDR) return 0;
    if (off === UARTFR) return FR_RXFE | FR_TXFE;
    if (off >= 0xfe0 && off < 0x1000) return PL011_ID[(off - 0xfe0) >> 2];
    return this.regs.get(off) ?? 0;
  }

  write(off: number, _size: number, value: number): void {
    if (off === UARTDR) {
      this.tx(value & 0xff);
      return;
    }
    this.regs.set(off, value >>> 0);
  }
}
