// PL031 real-time clock (PrimeCell RTC (PL031) TRM, DDI 0224) as QEMU 7.2's hw/rtc/pl031.c
// at 0x0901_0000 on the virt board, on SPI 2 (INTID 34). Deterministic: both sides run it
// from a fixed base on the virtual clock (QEMU `-rtc base=RTC_BASE,clock=vm`), so the count
// is RTC_BASE + virtual seconds, and the match interrupt fires on virtual time.

import type { MmioDevice } from './memory.ts';

export const PL031_BASE = 0x0901_0000;
export const PL031_INTID = 32 + 2;
/** The RTC's start, as the harness passes it to QEMU (`-rtc base=`): 2025-01-01T00:00:00Z. */
export const RTC_BASE_ISO = '2025-01-01T00:00:00';
export const RTC_BASE_SECONDS = Date.parse(`${RTC_BASE_ISO}Z`) / 1000;

const NS_PER_SECOND = 1e9;
const R = { DR: 0x00, MR: 0x04, LR: 0x08, CR: 0x0c, IMSC: 0x10, RIS: 0x14, MIS: 0x18, ICR: 0x1c } as const;
const PL031_ID = [0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl031 implements MmioDevice {
  readonly name = 'pl031';
  readonly base = PL031_BASE;
  readonly size = 0x1000;
  /** Seconds added to the virtual clock's (QEMU's tick_offset: the base, the clock being 0 at reset). */
  private tickOffset = RTC_BASE_SECONDS >>> 0;
  private mr = 0;
  private lr = 0;
  private im = 0;
  private is = 0;
  /** Virtual time (ns) at which the match interrupt is due, when armed. */
  private alarmAtNs: number | undefined;

  /**
   * `nowNs`: virtual time as a register access sees it (QEMU's -icount counts the accessing
   * instruction as executed, so one instruction on from its start; DR and the alarm's
   * deadline depend on it). `rearm`: asks the run loop to look at the virtual-clock timers
   * again (a new deadline).
   */
  constructor(
    private readonly nowNs: () => number,
    private readonly setIrq: (level: boolean) => void,
    private readonly rearm: () => void,
  ) {}

  private count(): number {
    return (this.tickOffset + Math.floor(this.nowNs() / NS_PER_SECOND)) >>> 0;
  }

  read(off: number): number {
    switch (off) {
      case R.DR: return this.count();
      case R.MR: return this.mr;
      case R.LR: return this.lr;
      case R.CR: return 1; // QEMU: the RTC is permanently enabled
      case R.IMSC: return this.im;
      case R.RIS: return this.is;
      case R.MIS: return this.is & this.im;
      default: return off >= 0xfe0 && off < 0x1000 ? PL031_ID[(off - 0xfe0) >> 2] : 0;
    }
  }

  write(off: number, _size: number, value: number): void {
    switch (off) {
      case R.LR:
        this.lr = value >>> 0;
        this.tickOffset = (this.tickOffset + value - this.count()) >>> 0;
        this.setAlarm();
        return;
      case R.MR:
        this.mr = value >>> 0;
        this.setAlarm();
        return;
      case R.IMSC: this.im = value & 1; break;
      case R.ICR: this.is &= ~value; break;
      default: return; // CR: ignored; DR, RIS, MIS: read-only
    }
    this.update();
  }

  /** The match interrupt after MR - count seconds (mod 2^32), or at once when they are equal. */
  private setAlarm(): void {
    const ticks = (this.mr - this.count()) >>> 0;
    if (ticks === 0) {
      this.alarmAtNs = undefined;
      this.interrupt();
    } else {
      this.alarmAtNs = this.nowNs() + ticks * NS_PER_SECOND;
      this.rearm();
    }
  }

  private interrupt(): void {
    this.is = 1;
    this.update();
  }

  private update(): void {
    this.setIrq((this.is & this.im) !== 0);
  }

  /** The virtual-clock timer hook (generic-timer.ts VirtualClockTimer): fires a due alarm. */
  poll = (nowNs: number): number | undefined => {
    if (this.alarmAtNs !== undefined && nowNs >= this.alarmAtNs) {
      this.alarmAtNs = undefined;
      this.interrupt();
    }
    return this.alarmAtNs;
  };
}
