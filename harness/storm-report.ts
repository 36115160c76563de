// An exception storm (emulator/exception-storm.ts) as the reports show it, the same for both
// sides: the repeating exception as a QEMU-log record, how often, and the instruction.

import type { ModelStorm } from '../emulator/exception-storm.ts';
import { exceptionRecord } from './exception-records.ts';
import type { ExceptionRecord } from './types.ts';

export interface ExceptionStorm {
  /** The exception entry that kept repeating, as QEMU's -d int log has it. */
  record: ExceptionRecord;
  repeats: number;
  /** The instruction word at ELR (the model can read it). */
  insn?: number;
  /** Its disassembly. */
  disasm?: string;
}

export function modelStormView(s: ModelStorm): ExceptionStorm {
  return { record: exceptionRecord(s.entry), repeats: s.repeats, ...(s.insn !== undefined ? { insn: s.insn } : {}) };
}

/** One line naming the exception and the instruction, for a side's `detail`. */
export function formatStorm(s: ExceptionStorm): string {
  const r = s.record;
  const insn = s.disasm !== undefined ? ` (${s.disasm})`
    : s.insn !== undefined ? ` (insn 0x${(s.insn >>> 0).toString(16).padStart(8, '0')})` : '';
  const esr = r.esr !== undefined ? `, ESR ${r.esr}` : '';
  const els = r.fromEl !== undefined ? `, EL${r.fromEl} to EL${r.toEl}` : '';
  return `exception storm: ${r.type}${esr} taken ${s.repeats} times in a row by the instruction at ${r.elr ?? '?'}${insn}` +
    ` (vector ${r.pc ?? '?'}${els}) with nothing retired in between; stopped`;
}
