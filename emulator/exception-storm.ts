// The exception-storm guard: a run that takes the same exception at the same place over and
// over without making progress will never end (a vector that is itself UNDEFINED, a fault
// handler that is not mapped, an unimplemented system register written by the first
// instruction of a handler). Without the guard such a run spends its whole timeout taking
// millions of exceptions; with it, it stops within milliseconds and says which exception
// and which instruction.
//
// "No progress" is deliberately narrow, so that no legitimate loop trips it: the record is
// identical to the previous one (exception type, syndrome, ELR, vector PC, from/to EL) and
// nothing was retired between the two except the faulting instruction itself. A loop of HVC
// exits, a polling loop that traps on every MMIO access or a stream of timer interrupts
// always runs a handler (and usually an ERET, which is a record of its own) in between.
//
// The same guard serves the model (emulator/machine.ts, which counts retired instructions)
// and QEMU (harness/qemu-runner.ts, which only has the -d int log and uses ELR == vector PC:
// the exception came from the first instruction of the vector it entered).

import type { ExceptionRecord } from '../harness/types.ts';

/** Identical records in a row, with no progress, that make a storm. */
export const STORM_REPEATS = 1000;

export interface ExceptionStorm {
  /** The exception (QEMU's name), e.g. "Undefined Instruction". */
  type: string;
  fromEl?: number;
  toEl?: number;
  esr?: string;
  /** The instruction that keeps faulting (the preferred return address). */
  elr?: string;
  /** The vector it keeps entering. */
  pc?: string;
  /** How many identical records in a row when the run was stopped. */
  repeats: number;
  /** The instruction word at ELR, when the side can read it (the model). */
  insn?: number;
  /** Its disassembly, when the harness added it. */
  disasm?: string;
}

const sameException = (a: ExceptionRecord, b: ExceptionRecord): boolean =>
  a.type === b.type && a.esr === b.esr && a.elr === b.elr && a.pc === b.pc &&
  a.fromEl === b.fromEl && a.toEl === b.toEl && a.far === b.far;

export class ExceptionStormGuard {
  private last: ExceptionRecord | undefined;
  private repeats = 0;
  /** Set once the storm is detected; the caller stops the run. */
  storm: ExceptionStorm | undefined;

  constructor(private readonly threshold = STORM_REPEATS) {}

  /**
   * One exception record (entry, return or PSCI call) in the order taken. `noProgress`: the
   * caller saw nothing retire since the previous record other than the faulting instruction.
   * Returns true when this record completes a storm.
   */
  observe(r: ExceptionRecord, noProgress: boolean): boolean {
    if (this.storm) return true;
    if (r.type !== 'eret' && this.last !== undefined && noProgress && sameException(this.last, r)) {
      if (++this.repeats >= this.threshold) {
        this.storm = {
          type: r.type, fromEl: r.fromEl, toEl: r.toEl, esr: r.esr, elr: r.elr, pc: r.pc, repeats: this.repeats,
        };
        return true;
      }
    } else {
      this.repeats = 1;
    }
    this.last = r;
    return false;
  }
}

/** One line naming the exception and the instruction, for a side's `detail`. */
export function formatStorm(s: ExceptionStorm): string {
  const insn = s.disasm !== undefined ? ` (${s.disasm})`
    : s.insn !== undefined ? ` (insn 0x${(s.insn >>> 0).toString(16).padStart(8, '0')})` : '';
  const esr = s.esr !== undefined ? `, ESR ${s.esr}` : '';
  const els = s.fromEl !== undefined ? `, EL${s.fromEl} to EL${s.toEl}` : '';
  return `exception storm: ${s.type}${esr} taken ${s.repeats} times in a row by the instruction at ${s.elr ?? '?'}${insn}` +
    ` (vector ${s.pc ?? '?'}${els}) with nothing retired in between; stopped`;
}
