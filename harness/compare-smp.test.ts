// Comparing runs of several PEs: in QEMU's round-robin order (under --icount) the whole
// exception stream, each entry naming its PE; without --icount only each PE's own entries.

import { describe, expect, it } from 'vitest';
import { compareSides } from './compare.ts';
import { parseIntLog } from './qemu-int-log.ts';
import type { ExceptionRecord, SideResult } from './types.ts';

const side = (exceptions: ExceptionRecord[]): SideResult => ({ exitStatus: 0, end: 'poweroff', uart: 'EXIT: STATUS=0\n', exceptions, durationMs: 1 });
const irq = (cpu: number, elr: string): ExceptionRecord => ({ type: 'IRQ', cpu, fromEl: 2, toEl: 2, elr, pc: '0x40080a80', pstate: '0x3c9' });
const psci = (cpu: number): ExceptionRecord => ({ type: 'Secure Monitor Call', cpu, fromEl: 2, toEl: 3, esr: '0x5e000000', psci: true });

describe('exception records of several PEs', () => {
  it('QEMU\'s "on CPU n" names the PE only when the board has several', () => {
    const log = 'Taking exception 5 [IRQ] on CPU 3\n...from EL2 to EL2\n...with ELR 0x40081000\n...to EL2 PC 0x40080a80 PSTATE 0x3c9\n';
    expect(parseIntLog(log, undefined, true).records[0]).toMatchObject({ type: 'IRQ', cpu: 3, elr: '0x40081000' });
    expect(parseIntLog(log).records[0]!.cpu).toBeUndefined();
  });

  it('in round-robin order, the same entries on other PEs are a divergence', () => {
    const q = side([irq(0, '0x40081000'), irq(1, '0x40082000')]);
    const m = side([irq(1, '0x40082000'), irq(0, '0x40081000')]);
    expect(compareSides(q, m).verdict).toBe('diverge');
  });

  it('per PE, another interleaving and another number of PSCI polls agree; a PE\'s own difference does not', () => {
    const q = side([irq(0, '0x40081000'), psci(0), psci(0), irq(1, '0x40082000'), psci(0)]);
    const m = side([irq(1, '0x40082000'), irq(0, '0x40081000'), psci(0)]);
    expect(compareSides(q, m, 2).verdict).toBe('match');
    const wrong = side([irq(0, '0x40081000'), irq(1, '0x40082004')]);
    const c = compareSides(q, wrong, 2);
    expect(c.verdict).toBe('diverge');
    expect(c.divergences[0]!.summary).toMatch(/^PE 1's own exceptions/);
  });

  it('without --icount, output lines of PEs in another order are the same output; another line is not', () => {
    const out = (lines: string[]): SideResult => ({ ...side([]), uart: [...lines, 'EXIT: STATUS=0', ''].join('\n') });
    const q = out(['CPU 1: MPIDR=1', 'CPU 0: MPIDR=0']), m = out(['CPU 0: MPIDR=0', 'CPU 1: MPIDR=1']);
    expect(compareSides(q, m, 2).verdict).toBe('match');
    expect(compareSides(q, m).verdict).toBe('diverge'); // in round-robin order the order is compared
    expect(compareSides(q, out(['CPU 0: MPIDR=0', 'CPU 1: MPIDR=2']), 2).divergences[0]!.kind).toBe('uart');
  });
});
