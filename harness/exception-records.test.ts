// The model's events become the records QEMU's -d int log gives: QEMU's names, QEMU's hex,
// and the JSON key order of design.md §4 (reports must stay byte-identical).

import { describe, expect, it } from 'vitest';
import { EC } from '../emulator/exceptions.ts';
import type { ExceptionTaken } from '../emulator/events.ts';
import { runWords } from '../emulator/test-support.ts';
import { exceptionRecord, qemuExceptionName } from './exception-records.ts';

const taken = (over: Partial<ExceptionTaken>): ExceptionTaken => ({
  event: 'exception-taken', kind: 'synchronous', async: false, virtual: false, fromEl: 1, toEl: 2,
  ec: EC.DABT_LOWER, iss: 0x45, esr: 0x92000045, elr: 0x40080094n, vector: 0x40080c00n, pstate: 0x3c9, ...over,
});

describe('exception records from model events', () => {
  it('an abort: every field QEMU prints, in the report order', () => {
    const r = exceptionRecord(taken({ far: 0x80001000n }));
    expect(JSON.stringify(r)).toBe('{"type":"Data Abort","fromEl":1,"toEl":2,"esr":"0x92000045","far":"0x80001000",' +
      '"elr":"0x40080094","pc":"0x40080c00","pstate":"0x3c9"}');
  });

  it('an interrupt has no ESR in the record (QEMU prints a stale one)', () => {
    const irq = taken({ kind: 'irq', async: true, virtual: true, ec: undefined, iss: undefined, esr: undefined, toEl: 1 });
    expect(JSON.stringify(exceptionRecord(irq))).toBe('{"type":"Virtual IRQ","fromEl":1,"toEl":1,"elr":"0x40080094",' +
      '"pc":"0x40080c00","pstate":"0x3c9"}');
    const vserr = taken({ kind: 'serror', async: true, virtual: true, ec: 0x2f, iss: 1, esr: 0xbe000001 });
    expect(exceptionRecord(vserr)).not.toHaveProperty('esr');
    expect(exceptionRecord(vserr).type).toBe('Virtual SERR');
  });

  it.each([
    [EC.UNKNOWN, 'Undefined Instruction'], [EC.SYS64, 'Undefined Instruction'], [EC.FP_ASIMD, 'Undefined Instruction'],
    [EC.WFX, 'Undefined Instruction'], [EC.ILLEGAL_STATE, 'Undefined Instruction'], [EC.PAC_TRAP, 'Undefined Instruction'],
    [EC.SOFTWARE_STEP_LOWER, 'Undefined Instruction'], [EC.SVC64, 'SVC'], [EC.HVC64, 'Hypervisor Call'],
    [EC.SMC64, 'Hypervisor Trap'], [EC.BRK64, 'Breakpoint'], [EC.IABT_CURRENT, 'Prefetch Abort'],
    [EC.PC_ALIGN, 'Prefetch Abort'], [EC.DABT_CURRENT, 'Data Abort'], [EC.SP_ALIGN, 'Data Abort'],
  ])('EC 0x%s is QEMU\'s "%s"', (ec, name) => {
    expect(qemuExceptionName(taken({ ec }))).toBe(name);
  });

  it('ERET and a firmware call', () => {
    expect(JSON.stringify(exceptionRecord({ event: 'exception-return', fromEl: 2, toEl: 1, elr: 0x40001000n })))
      .toBe('{"type":"eret","fromEl":2,"toEl":1,"pc":"0x40001000"}');
    expect(JSON.stringify(exceptionRecord({ event: 'firmware-call', conduit: 'smc', fromEl: 2, imm: 0, esr: 0x5e000000 })))
      .toBe('{"type":"Secure Monitor Call","fromEl":2,"toEl":3,"esr":"0x5e000000","psci":true}');
  });

  it('the model emits what the records are made from (UNDEFINED at EL2)', () => {
    const m = runWords([0x00000000], undefined, 5);
    expect(exceptionRecord(m.events[0])).toMatchObject({ type: 'Undefined Instruction', fromEl: 2, toEl: 2, esr: '0x2000000' });
  });
});
