// The board's virtual clock, as QEMU's -icount runs it: every instruction any PE retires
// advances it by 2^shift ns (softmmu/icount.c counts all vCPUs into one count), and time
// skipped while every PE waits is added (sleep=off's warp). All PEs' timers read it.

import type { Cpu } from './cpu.ts';

export class VirtualClock {
  /** Virtual time WFI skipped waiting for a timer (ns). */
  idleNs = 0;
  /** Instructions retired by the PEs other than the running one. */
  private othersRetired = 0;
  private running: Cpu;

  constructor(readonly icountShift: number, first: Cpu) {
    this.running = first;
  }

  /** Virtual time at the start of the running PE's current instruction. */
  nowNs(): number {
    return (this.othersRetired + this.running.instret) * 2 ** this.icountShift + this.idleNs;
  }

  /** The running PE's instruction count at which the clock reaches `ns` (rounded up). */
  instretAt(ns: number): number {
    return Math.ceil((ns - this.idleNs) / 2 ** this.icountShift) - this.othersRetired;
  }

  /** Another PE's instructions advance the clock from now on. */
  switchTo(c: Cpu): void {
    if (c === this.running) return;
    this.othersRetired += this.running.instret - c.instret;
    this.running = c;
  }
}
