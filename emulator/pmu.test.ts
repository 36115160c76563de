// The PMU's clock and overflow timer on small programs (the scenario pmu-icount proves the
// same against QEMU): CPU_CYCLES/PMCCNTR are virtual ns, INST_RETIRED exists only with icount,
// and a counter's overflow raises PPI 23 when PMINTENSET, PMOVSSET and PMCR.E all say so.
import { describe, expect, it } from 'vitest';
import { runWords } from './test-support.ts';
import { PMU_INTID } from './pmu.ts';

const sys = (l: number, op0: number, op1: number, crn: number, crm: number, op2: number, rt: number): number =>
  (0xd5100000 | (l << 21) | ((op0 - 2) << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt) >>> 0;
const msr = (enc: number[], rt: number): number => sys(0, enc[0], enc[1], enc[2], enc[3], enc[4], rt);
const mrs = (enc: number[], rt: number): number => sys(1, enc[0], enc[1], enc[2], enc[3], enc[4], rt);
const movz = (rd: number, imm: number, hw = 0): number => (0xd2800000 | (hw << 21) | (imm << 5) | rd) >>> 0;
const NOP = 0xd503201f;
const PMCR = [3, 3, 9, 12, 0], PMCNTENSET = [3, 3, 9, 12, 1], PMCCNTR = [3, 3, 9, 13, 0], PMCCFILTR = [3, 3, 14, 15, 7];
const PMCEID0 = [3, 3, 9, 12, 6], PMINTENSET = [3, 0, 9, 14, 1];

/** At EL2: PMCCFILTR.NSH, PMCCNTR enabled, PMCR = E|LC (+ extra words before the enable). */
const setup = (before: number[] = []): number[] => [
  movz(0, 0x0800, 1), msr(PMCCFILTR, 0), // NSH: count at EL2
  movz(0, 0x8000, 1), msr(PMCNTENSET, 0), ...before,
  movz(0, 0x41), msr(PMCR, 0), // E | LC
];

describe('PMU', () => {
  it('counts virtual ns: 1 per instruction with icount 0, 32 by default; INST_RETIRED only with icount', () => {
    const prog = [...setup(), NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, mrs(PMCCNTR, 1), mrs(PMCEID0, 2)];
    const ic = runWords(prog, undefined, prog.length, { icountShift: 0 });
    expect(ic.cpu.x[2] >>> 0).toBe(10); // the enabling write's next 9 NOPs and the reading MRS
    expect(ic.cpu.x[4] >>> 0).toBe(0x20101);
    const plain = runWords(prog);
    expect(plain.cpu.x[2] >>> 0).toBe(320);
    expect(plain.cpu.x[4] >>> 0).toBe(0x20001);
  });

  it('raises PPI 23 when the 32-bit cycle counter wraps with its interrupt enabled', () => {
    // PMCCNTR = 0xffff_fff0 with LC = 0, so it wraps after 16 cycles.
    const prog = [
      movz(0, 0x0800, 1), msr(PMCCFILTR, 0), movz(0, 0x8000, 1), msr(PMCNTENSET, 0), msr(PMINTENSET, 0),
      movz(0, 0xfff0), 0xf2bfffe0 /* movk x0, #0xffff, lsl #16 */, msr(PMCCNTR, 0), movz(0, 1), msr(PMCR, 0),
      ...new Array<number>(40).fill(NOP),
    ];
    const m = runWords(prog, undefined, prog.length, { icountShift: 0 });
    expect(m.gic.local.level[PMU_INTID]).toBe(1);
    expect(m.cpu.sr.get('PMOVSSET_EL0')).toBe(1n << 31n);
    const early = runWords(prog, undefined, prog.length - 30, { icountShift: 0 });
    expect(early.gic.local.level[PMU_INTID]).toBe(0);
  });
});
