// The exception-storm guard stops a run that takes the same exception at the same place with
// nothing retired in between, and nothing else: HVC exit loops, trapping polling loops and
// interrupt streams keep running.
import { describe, expect, it } from 'vitest';
import type { ExceptionReturn, ExceptionTaken } from './events.ts';
import { describeModelStorm, ExceptionStormGuard, sameExceptionTaken, STORM_REPEATS } from './exception-storm.ts';
import { CODE_BASE, runWords } from './test-support.ts';

const taken = (o: Partial<ExceptionTaken>): ExceptionTaken => ({
  event: 'exception-taken', kind: 'synchronous', async: false, virtual: false, fromEl: 2, toEl: 2,
  ec: 0, iss: 0, esr: 0x2000000, elr: 0x40080a00n, vector: 0x40080a00n, pstate: 0x3c9, ...o,
});
const undef = taken({});
const hvc = taken({ fromEl: 1, ec: 0x16, esr: 0x5a000000, elr: 0x40081004n, vector: 0x40080c00n });
const eret: ExceptionReturn = { event: 'exception-return', fromEl: 2, toEl: 1, elr: 0x40081004n };
const irq = taken({ kind: 'irq', async: true, fromEl: 1, toEl: 1, ec: undefined, iss: undefined, esr: undefined, elr: 0x40081008n, vector: 0x40000280n });
const guard = () => new ExceptionStormGuard<ExceptionTaken>(sameExceptionTaken);
const entry = (e: ExceptionTaken | ExceptionReturn) => (e.event === 'exception-taken' ? e : undefined);

describe('ExceptionStormGuard', () => {
  it('a storm: the same entry STORM_REPEATS times with no progress', () => {
    const g = guard();
    for (let i = 1; i < STORM_REPEATS; i++) expect(g.observe(undef, true)).toBe(false);
    expect(g.observe(undef, true)).toBe(true);
    expect(g.storm).toMatchObject({ entry: { esr: 0x2000000, elr: 0x40080a00n }, repeats: STORM_REPEATS });
    expect(describeModelStorm({ ...g.storm!, insn: 0 })).toMatch(
      /^exception storm: synchronous exception, EC 0x0, ESR 0x2000000 taken 1000 times in a row by the instruction at 0x40080a00 \(insn 0x00000000\)/);
  });

  it('not a storm: an instruction retired in between (a handler ran), however often', () => {
    const g = guard();
    for (let i = 0; i < 10 * STORM_REPEATS; i++) expect(g.observe(undef, false)).toBe(false);
  });

  it('not a storm: a loop of HVC exits (entry and ERET alternate)', () => {
    const g = guard();
    for (let i = 0; i < 10 * STORM_REPEATS; i++) {
      expect(g.observe(entry(hvc), true)).toBe(false);
      expect(g.observe(entry(eret), true)).toBe(false);
    }
  });

  it('not a storm: timer interrupts at different PCs, or the same one with a handler run', () => {
    const g = guard();
    for (let i = 0; i < 10 * STORM_REPEATS; i++) expect(g.observe({ ...irq, elr: 0x40081000n + BigInt(4 * (i % 3)) }, true)).toBe(false);
    for (let i = 0; i < 10 * STORM_REPEATS; i++) expect(g.observe(irq, false)).toBe(false);
  });

  it('a run of identical entries broken by another one starts counting again', () => {
    const g = guard();
    for (let i = 0; i < 3 * STORM_REPEATS; i++) expect(g.observe(i % (STORM_REPEATS - 1) === 0 ? hvc : undef, true)).toBe(false);
  });
});

describe('the model stops a storm', () => {
  it('VBAR_EL2 at an UDF: the run ends as an exception storm, naming the instruction, within a second', () => {
    // At CODE_BASE: udf #0, and the vectors at CODE_BASE + 0x800 are zeroed RAM: udf #0 too
    // (the current-EL SP_ELx synchronous vector is VBAR + 0x200).
    const t0 = Date.now();
    const m = runWords([0x00000000], (mm) => mm.cpu.sr.set('VBAR_EL2', BigInt(CODE_BASE + 0x800)), 500_000_000);
    expect(Date.now() - t0).toBeLessThan(5000); // the bound; instret below is the exact check
    expect(m.storm).toMatchObject({ entry: { kind: 'synchronous', ec: 0, elr: BigInt(CODE_BASE + 0xa00) }, insn: 0 });
    expect(m.cpu.instret).toBeLessThan(2 * STORM_REPEATS);
    expect(m.run(1000, Date.now() + 1000)).toBe('exception-storm');
  });

  it('a handler that ERETs to the faulting instruction unchanged storms too (Linux on max writing ZCR_EL2)', () => {
    // 0: udf #0 ; b 0   vector (VBAR+0x200): eret, to the UDF again. Each round retires the
    // handler's ERET only, and the UDF faults again at once: a storm, named.
    const m = runWords([0x00000000, 0x17ffffff], (mm) => {
      mm.mem.load(CODE_BASE + 0x1200, new Uint8Array(new Uint32Array([0xd69f03e0]).buffer)); // eret
      mm.cpu.sr.set('VBAR_EL2', BigInt(CODE_BASE + 0x1000));
    }, 100_000_000);
    expect(m.storm).toMatchObject({ entry: { kind: 'synchronous', ec: 0, elr: BigInt(CODE_BASE) } });
    expect(m.cpu.instret).toBeLessThan(3 * STORM_REPEATS);
  });

  it('a handler that ERETs past the faulting instruction, in a loop, runs to its end', () => {
    // 0: udf #0 ; b 0   vector: ELR += 4 (mrs/add/msr), eret: the loop makes progress.
    const m = runWords([0x00000000, 0x17ffffff], (mm) => {
      const handler = [0xd53c4020, 0x91001000, 0xd51c4020, 0xd69f03e0]; // mrs x0, elr_el2; add x0, x0, #4; msr elr_el2, x0; eret
      mm.mem.load(CODE_BASE + 0x1200, new Uint8Array(new Uint32Array(handler).buffer));
      mm.cpu.sr.set('VBAR_EL2', BigInt(CODE_BASE + 0x1000));
    }, 100_000);
    expect(m.storm).toBeUndefined();
    expect(m.events.length).toBeGreaterThan(2 * STORM_REPEATS);
  });

  it('a loop of HVC calls handled by an ERET runs to its end', () => {
    // 0: hvc #0 ; b 0   vector (VBAR+0x200): eret.  Ends at the step limit, not as a storm.
    const m = runWords([0xd4000002, 0x17ffffff], (mm) => {
      mm.mem.load(CODE_BASE + 0x1200, new Uint8Array(new Uint32Array([0xd69f03e0]).buffer)); // eret
      mm.cpu.sr.set('VBAR_EL2', BigInt(CODE_BASE + 0x1000));
    }, 100_000);
    expect(m.storm).toBeUndefined();
    expect(m.events.length).toBeGreaterThan(2 * STORM_REPEATS);
  });
});
