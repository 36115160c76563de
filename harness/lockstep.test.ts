// Lockstep (s2diff repro) on a planted model bug: it must name the instruction that went
// wrong, its disassembly and its source line; and on the unpatched model agree to the end.
// Compared by blocks (the default) it must agree with single-stepping on every count and
// name the same instruction, including a difference that hides inside a block, and carry on
// past a catalogued QEMU deviation.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLockstep, runLockstep, type LockstepResult } from './lockstep.ts';
import { compareRun } from './lockstep-engine.ts';
import { plantAddBug } from './planted-bugs.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

const [hello, pauth] = await buildScenarios(['hello', 'pauth']);
const opts = { ...DEFAULT_RUN_OPTIONS, timeoutSec: 60 };

describe('lockstep', () => {
  it('agrees with QEMU on every instruction of the hello scenario', async () => {
    const r = await runLockstep(hello, { opts, workDir: mkdtempSync(join(tmpdir(), 's2diff-ls-')) });
    expect(r.divergence, formatLockstep(r, 'hello')).toBeUndefined();
    expect(r.end).toBe('both-ended');
    expect(r.instructions).toBeGreaterThan(1000);
    // By blocks: a fraction of the entries, the same count as single-stepped.
    expect(r.blocks!.compared).toBeLessThan(r.instructions / 2);
    const s = await runLockstep(hello, { opts, workDir: mkdtempSync(join(tmpdir(), 's2diff-ls-')), granularity: 'instructions' });
    expect([s.instructions, s.end, s.blocks]).toEqual([r.instructions, 'both-ended', undefined]);
  });

  it('names the instruction, disassembly and source line of a planted model bug', async () => {
    const r = await runLockstep(hello, { opts, workDir: mkdtempSync(join(tmpdir(), 's2diff-ls-')), patchModel: (m) => plantAddBug(m.cpu) });
    const d = r.divergence;
    expect(d, 'planted bug not found').toBeDefined();
    expect(d!.instruction.disasm).toMatch(/^add\s/);
    expect(d!.instruction.source).toMatch(/\.(c|S|h):\d+/);
    expect(d!.registers.length).toBeGreaterThan(0);
    expect(d!.context.length).toBe(Math.min(10, d!.index));
    expect(formatLockstep(r, 'hello')).toMatch(/first divergence after \d+ identical instructions/);
    expect(r.blocks!.differedAfter).toBeGreaterThanOrEqual(d!.index - 512);
    const s = await runLockstep(hello, { opts, workDir: mkdtempSync(join(tmpdir(), 's2diff-ls-')), patchModel: (m) => plantAddBug(m.cpu), granularity: 'instructions' });
    expect([s.divergence!.index, s.divergence!.pc, s.divergence!.registers]).toEqual([d!.index, d!.pc, d!.registers]);
  });

  it('names a difference hidden inside a block, then continues past it as a catalogued QEMU deviation', async () => {
    // pauth: an LDRAA fault at EL2, where QEMU reports an instruction syndrome (ISV) the Arm ARM
    // does not; the handler reads ESR_EL2 into x2, stores it and reuses x2 in the same block,
    // so block entries first differ later, where the stored value is read back.
    const work = (): string => mkdtempSync(join(tmpdir(), 's2diff-ls-'));
    const byBlocks = await compareRun(pauth!, { opts, workDir: work() }, false);
    const stepped = await compareRun(pauth!, { opts, workDir: work() }, true) as LockstepResult;
    const d = stepped.divergence!;
    expect(d.instruction.disasm).toMatch(/^mrs\s+x2, esr_el2/);
    expect('differedAfter' in byBlocks && byBlocks.differedAfter).toBeGreaterThan(d.index);
    // runLockstep names it (single-stepped from the start) and carries on imitating QEMU.
    const r = await runLockstep(pauth!, { opts, workDir: work() });
    expect(r.divergence, formatLockstep(r, 'pauth')).toBeUndefined();
    expect(r.end).toBe('both-ended');
    expect(r.continuedPast).toEqual([{ id: 'isv-for-stage1-aborts-at-el2', index: d.index }]);
    expect(r.quirks).toContain('isv-for-stage1-aborts-at-el2');
    expect(formatLockstep(r, 'pauth')).toMatch(/continued past catalogued QEMU deviation isv-for-stage1-aborts-at-el2/);
  }, 300_000);
});
