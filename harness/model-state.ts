// The model's architectural state in the form QEMU's is parsed into (qemu-trace.ts ArchState),
// for the comparisons that read both: lockstep (-d cpu) and the gdbstub (checkpoints/qemu-gdb.ts).

import type { Cpu } from '../emulator/cpu.ts';
import type { ArchState } from './qemu-trace.ts';

/** A PE's X0-X30, SP (the current one), PC and PSTATE; with `vector`, V0-V31, FPCR and FPSR too. */
export function modelState(c: Cpu, vector: boolean): ArchState {
  const x: bigint[] = [];
  for (let i = 0; i < 31; i++) x.push(c.getX(i));
  const s: ArchState = { pc: c.pc, x, sp: c.getSP(), pstate: c.getPstate() };
  if (vector) {
    s.v = [];
    for (let k = 0; k < 64; k++) s.v.push((BigInt(c.vreg[2 * k + 1] >>> 0) << 32n) | BigInt(c.vreg[2 * k] >>> 0));
    s.fpcr = Number(c.sr.get('FPCR'));
    s.fpsr = Number(c.sr.get('FPSR'));
  }
  return s;
}
