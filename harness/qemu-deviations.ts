// Places where QEMU 7.2 deviates from the Arm ARM and the model follows the architecture.
// When the only difference between the two sides is one of these, the comparator does not
// call it a divergence of the model: the case result lists the deviation instead, so the
// report says plainly that QEMU is the side that deviates, and why.

import type { ExceptionRecord } from './types.ts';

export interface QemuDeviation {
  id: string;
  summary: string;
  /** Where the Arm ARM says what the model does. */
  reference: string;
}

export const NZCV_CLEARED_ON_EXCEPTION_ENTRY: QemuDeviation = {
  id: 'nzcv-cleared-on-exception-entry',
  summary: 'QEMU 7.2 clears PSTATE.{N,Z,C,V} when it takes an exception to AArch64 ' +
    '(arm_cpu_do_interrupt_aarch64 writes PSTATE as DAIF|mode); the architecture leaves them unchanged',
  reference: 'Arm ARM DDI 0487, AArch64.TakeException pseudocode (D1.10): PSTATE.NZCV is not written on exception entry',
};

/**
 * If two exception records differ only as a known QEMU deviation explains, returns it.
 * NZCV: identical records except PSTATE bits [31:28], zero on QEMU's side.
 */
export function explainRecordDifference(q: ExceptionRecord, m: ExceptionRecord): QemuDeviation | undefined {
  if (q.type === 'eret' || q.pstate === undefined || m.pstate === undefined) return undefined;
  const sameOtherwise = q.type === m.type && q.fromEl === m.fromEl && q.toEl === m.toEl && q.esr === m.esr &&
    q.far === m.far && q.elr === m.elr && q.pc === m.pc && !!q.psci === !!m.psci;
  if (!sameOtherwise) return undefined;
  const qp = Number(q.pstate), mp = Number(m.pstate);
  if (((qp ^ mp) & ~0xf0000000) === 0 && (qp & 0xf0000000) === 0) return NZCV_CLEARED_ON_EXCEPTION_ENTRY;
  return undefined;
}
