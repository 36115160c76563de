// Parser of QEMU 7.2's `-d int` log into exception records. The lines it reads
// (target/arm/helper.c, arm_log_exception / arm_cpu_do_interrupt_aarch64 /
// helper_exception_return), e.g.:
//   Taking exception 4 [Data Abort] on CPU 0
//   ...from EL1 to EL2
//   ...with ESR 0x24/0x93c38005
//   ...with FAR 0x80001008
//   ...with ELR 0x40080084
//   ...to EL2 PC 0x40080c00 PSTATE 0x3c9
//   ...handled as PSCI call
//   Exception return from AArch64 EL2 to AArch64 EL1 PC 0x40080084
// Lines it does not know (guest_errors messages, ...) are returned as notes.

import type { ExceptionRecord } from './types.ts';

export interface IntLog {
  records: ExceptionRecord[];
  notes: string[];
  /** Records beyond the cap that were counted but not kept. */
  dropped: number;
}

const hex = (s: string): string => '0x' + BigInt(s).toString(16);

/** `withCpu`: a board of several PEs; exception entries keep the PE QEMU names ("on CPU n"). */
export function parseIntLog(text: string, maxRecords = 100_000, withCpu = false): IntLog {
  const records: ExceptionRecord[] = [];
  const notes: string[] = [];
  let dropped = 0;
  let cur: ExceptionRecord | undefined;
  const push = (r: ExceptionRecord): void => {
    if (records.length < maxRecords) records.push(r);
    else dropped++;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m: RegExpMatchArray | null;
    // An entry or a return may follow a guest error message on its line: several of QEMU
    // 7.2's (the ITS's, for one) end without a newline.
    if ((m = line.match(/Taking exception \d+ \[(.+?)\](?: on CPU (\d+))?/))) {
      cur = { type: m[1]!, ...(withCpu && m[2] !== undefined ? { cpu: Number(m[2]) } : {}) };
      push(cur);
    } else if ((m = line.match(/Exception return from AArch64 EL(\d) to AArch64 EL(\d) PC (0x[0-9a-f]+)/i))) {
      cur = undefined;
      push({ type: 'eret', fromEl: Number(m[1]), toEl: Number(m[2]), pc: hex(m[3]) });
    } else if (cur && (m = line.match(/^\.\.\.from EL(\d) to EL(\d)/))) {
      cur.fromEl = Number(m[1]);
      cur.toEl = Number(m[2]);
    } else if (cur && (m = line.match(/^\.\.\.with ESR (0x[0-9a-f]+)\/(0x[0-9a-f]+)/i))) {
      // Interrupts have no syndrome (ESR_ELx is not written) and for a virtual SError QEMU
      // prints the previous exception's: only synchronous records keep the ESR.
      if (!/IRQ|FIQ|SERR/.test(cur.type)) cur.esr = hex(m[2]);
    } else if (cur && (m = line.match(/^\.\.\.with FAR (0x[0-9a-f]+)/i))) {
      cur.far = hex(m[1]);
    } else if (cur && (m = line.match(/^\.\.\.with ELR (0x[0-9a-f]+)/i))) {
      cur.elr = hex(m[1]);
    } else if (cur && (m = line.match(/^\.\.\.to EL\d PC (0x[0-9a-f]+) PSTATE (0x[0-9a-f]+)/i))) {
      cur.pc = hex(m[1]);
      cur.pstate = hex(m[2]);
    } else if (cur && /^\.\.\.handled as PSCI call/.test(line)) {
      cur.psci = true;
    } else {
      if (notes.length < 1000) notes.push(line);
    }
  }
  return { records, notes, dropped };
}
