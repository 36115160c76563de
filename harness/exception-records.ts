// The model's architectural events (emulator/events.ts) as the exception records QEMU's
// `-d int` log gives (qemu-int-log.ts, design.md §4), so the two sides compare field by
// field: QEMU's exception names, hex strings as QEMU prints them, and only the fields QEMU
// prints for each kind of entry.

import type { ArchEvent, ExceptionTaken } from '../emulator/events.ts';
import type { ExceptionRecord } from './types.ts';

const hex = (v: bigint | number): string => '0x' + v.toString(16);

/** Exception classes (ESR_ELx.EC) QEMU raises with an exception number of their own. */
const QEMU_NAME_BY_EC: Record<number, string> = {
  0x15: 'SVC',
  0x16: 'Hypervisor Call',
  // An SMC taken as an exception: with no EL3 only HCR_EL2.TSC traps it (to EL2).
  0x17: 'Hypervisor Trap',
  0x20: 'Prefetch Abort', // instruction abort from a lower EL
  0x21: 'Prefetch Abort', // ... from the current EL
  0x22: 'Prefetch Abort', // PC alignment fault
  0x24: 'Data Abort', // data abort from a lower EL
  0x25: 'Data Abort', // ... from the current EL
  0x26: 'Data Abort', // SP alignment fault
  0x30: 'Prefetch Abort', // Breakpoint exception from a lower EL (QEMU raises it as an instruction abort)
  0x31: 'Prefetch Abort', // ... from the current EL
  0x34: 'Data Abort', // Watchpoint exception from a lower EL (as a data abort)
  0x35: 'Data Abort', // ... from the current EL
  0x3c: 'Breakpoint', // BRK
};

/**
 * QEMU's name for the exception (the bracketed name in "Taking exception N [NAME]"). Every
 * synchronous exception without a number of its own (UNDEFINED, system register, FP, WFx,
 * PAC and illegal-state traps, software step) is QEMU's EXCP_UDEF, "Undefined Instruction",
 * with the class in its syndrome.
 */
export function qemuExceptionName(e: ExceptionTaken): string {
  switch (e.kind) {
    case 'irq': return e.virtual ? 'Virtual IRQ' : 'IRQ';
    case 'fiq': return e.virtual ? 'Virtual FIQ' : 'FIQ';
    // The model takes no physical SError (none is modelled); QEMU 7.2 raises none either.
    case 'serror': return e.virtual ? 'Virtual SERR' : 'SError';
    case 'synchronous': return QEMU_NAME_BY_EC[e.ec ?? 0] ?? 'Undefined Instruction';
  }
}

/** The PE of an event on a board of several PEs (an exception return names none, as in QEMU's log). */
const cpuOf = (e: ArchEvent): { cpu?: number } => (e.cpu !== undefined ? { cpu: e.cpu } : {});

/** One event as the record QEMU's log has for it (key order as in the JSON report). */
export function exceptionRecord(e: ArchEvent): ExceptionRecord {
  switch (e.event) {
    case 'exception-taken': {
      // Key order as the QEMU side's records (the PE right after the type, as "on CPU n" comes).
      const r: ExceptionRecord = { type: qemuExceptionName(e), ...cpuOf(e), fromEl: e.fromEl, toEl: e.toEl };
      // Asynchronous exceptions carry no ESR in the record: QEMU's -d int log prints a stale one.
      if (e.kind === 'synchronous') r.esr = hex(e.esr ?? 0);
      if (e.far !== undefined) r.far = hex(e.far);
      r.elr = hex(e.elr);
      r.pc = hex(e.vector);
      r.pstate = hex(e.pstate);
      return r;
    }
    case 'exception-return':
      return { type: 'eret', fromEl: e.fromEl, toEl: e.toEl, pc: hex(e.elr) };
    case 'firmware-call':
      // QEMU logs the call it answers itself as an SMC taken to EL3 (an HVC to EL2 on a board
      // without EL2), flagged as PSCI unless the call waited (CPU_SUSPEND).
      return e.conduit === 'smc'
        ? { type: 'Secure Monitor Call', ...cpuOf(e), fromEl: e.fromEl, toEl: 3, esr: hex(e.esr), ...(e.waits ? {} : { psci: true }) }
        : { type: 'Hypervisor Call', ...cpuOf(e), fromEl: e.fromEl, toEl: 2, esr: hex(e.esr), ...(e.waits ? {} : { psci: true }) };
  }
}

export const exceptionRecords = (events: readonly ArchEvent[]): ExceptionRecord[] => events.map(exceptionRecord);
