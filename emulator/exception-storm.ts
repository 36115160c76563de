// The exception-storm guard: a run that takes the same exception at the same place over and
// over without making progress will never end (a vector that is itself UNDEFINED, a fault
// handler that is not mapped, an unimplemented system register written by the first
// instruction of a handler). Without the guard such a run spends its whole timeout taking
// millions of exceptions; with it, it stops within milliseconds and says which exception
// and which instruction.
//
// "No progress" is deliberately narrow, so that no legitimate loop trips it: the exception
// entry is identical to the previous one (kind, syndrome, ELR, vector, from/to EL, FAR) and
// nothing was retired between the two except the faulting instruction itself. A loop of HVC
// exits, a polling loop that traps on every MMIO access or a stream of timer interrupts
// always runs a handler and retires instructions after its ERET. On the model, an ERET to the
// faulting instruction, whose same word takes the same synchronous exception again at once,
// is no progress: a handler that returns without fixing anything (an unimplemented register
// written by EL2 init, retried forever) storms as surely as a vector that faults on itself.
// QEMU's log cannot show the instruction word (a handler may have rewritten it), so there
// an ERET always ends the run.
//
// The same guard serves the model (emulator/machine.ts, which counts retired instructions,
// over its ExceptionTaken events) and, in the harness, QEMU (over the records of its
// -d int log, where "nothing retired" is ELR = the vector entered).

import type { ExceptionTaken } from './events.ts';

/** Identical exception entries in a row, with no progress, that make a storm. */
export const STORM_REPEATS = 1000;

export interface Storm<T> {
  /** The exception entry that kept repeating. */
  entry: T;
  /** How many identical entries in a row when the run was stopped. */
  repeats: number;
}

export class ExceptionStormGuard<T> {
  private last: T | undefined;
  private repeats = 0;
  /** Set once the storm is detected; the caller stops the run. */
  storm: Storm<T> | undefined;

  constructor(private readonly same: (a: T, b: T) => boolean, private readonly threshold = STORM_REPEATS) {}

  /**
   * One event in the order it happened: an exception entry, or undefined for anything else
   * (an exception return, a firmware call), which ends a run of entries. `noProgress`: the
   * caller saw nothing retire since the previous event other than the faulting instruction.
   * Returns true when this entry completes a storm.
   */
  observe(entry: T | undefined, noProgress: boolean): boolean {
    if (this.storm) return true;
    if (entry !== undefined && this.last !== undefined && noProgress && this.same(this.last, entry)) {
      if (++this.repeats >= this.threshold) {
        this.storm = { entry, repeats: this.repeats };
        return true;
      }
    } else {
      this.repeats = 1;
    }
    this.last = entry;
    return false;
  }
}

/** The model's entries: the same exception at the same place, as AArch64.TakeException wrote it. */
export const sameExceptionTaken = (a: ExceptionTaken, b: ExceptionTaken): boolean =>
  a.kind === b.kind && a.virtual === b.virtual && a.esr === b.esr && a.elr === b.elr && a.vector === b.vector &&
  a.fromEl === b.fromEl && a.toEl === b.toEl && a.far === b.far;

/** The model's storm: the entry, and the instruction word at ELR when it could be read. */
export interface ModelStorm extends Storm<ExceptionTaken> {
  insn?: number;
}

/** One line for the model's own `detail` (the harness names the exception as QEMU does). */
export function describeModelStorm(s: ModelStorm): string {
  const e = s.entry;
  const what = e.kind === 'synchronous' ? `synchronous exception, EC 0x${(e.ec ?? 0).toString(16)}, ESR 0x${(e.esr ?? 0).toString(16)}` : `${e.virtual ? 'virtual ' : ''}${e.kind}`;
  const insn = s.insn !== undefined ? ` (insn 0x${(s.insn >>> 0).toString(16).padStart(8, '0')})` : '';
  return `exception storm: ${what} taken ${s.repeats} times in a row by the instruction at 0x${e.elr.toString(16)}${insn}` +
    ` (vector 0x${e.vector.toString(16)}, EL${e.fromEl} to EL${e.toEl}) with nothing retired in between; stopped`;
}
