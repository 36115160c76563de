// The trap-configuration fuzzer against QEMU: 4,000 cases of random EL2 trap registers x one
// EL1/EL0 instruction agree (a fixed seed, so the suite is deterministic; the nightly draws its
// own), and a planted bug (the model ignoring HCR_EL2.TVM) is found and shrunk to TVM alone.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../emulator/machine.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { sveSmeRegister, trapCaseArb } from './cases.ts';
import { DEFAULT_TRAP_RUNS, fuzzTraps } from './run.ts';
import fc from 'fast-check';

const env = (patchModel?: (m: Machine) => void) => ({ opts: DEFAULT_RUN_OPTIONS, workDir: mkdtempSync(join(tmpdir(), 's2diff-fuzz-traps-')), patchModel });

/** A model whose HCR_EL2 writes lose TVM (bit 26): EL1 writes of SCTLR_EL1, TTBR0_EL1 ... no longer trap. */
function ignoreTvm(m: Machine): void {
  const sr = m.cpu.sr;
  const set = sr.set.bind(sr);
  sr.set = (name, v) => set(name, name === 'HCR_EL2' ? v & ~(1n << 26n) : v);
}

describe('trap-configuration fuzzing', () => {
  it('draws VHE and non-VHE cases at EL1 and EL0, keeping the sandbox runnable', () => {
    const cases = fc.sample(trapCaseArb(), { seed: 5, numRuns: 2000 });
    expect(cases.some((c) => (c.hcr >> 34n) & 1n)).toBe(true); // E2H
    expect(cases.some((c) => c.el === 0 && (c.hcr >> 27n) & 1n)).toBe(true); // EL0 under TGE
    expect(cases.every((c) => ((c.hcr >> 31n) & 1n) === 1n && (c.hcr & 0x200011c1n) === 0n)).toBe(true); // RW; no VM/DC/HCD/VF/VI/VSE
    expect(cases.every((c) => !(c.el === 1 && (c.hcr >> 27n) & 1n))).toBe(true);
    expect(cases.some((c) => sveSmeRegister(c.word))).toBe(false);
  });

  it(`agrees with QEMU on ${DEFAULT_TRAP_RUNS} cases`, async () => {
    const r = await fuzzTraps({ runs: DEFAULT_TRAP_RUNS, seed: 2, env: env(), log: () => {} });
    expect(r.failure?.text).toBeUndefined();
    expect(r.runs).toBe(DEFAULT_TRAP_RUNS);
  }, 300_000);

  it('finds a model that ignores HCR_EL2.TVM and shrinks the case to TVM alone', async () => {
    const r = await fuzzTraps({ runs: DEFAULT_TRAP_RUNS, seed: 2, env: env(ignoreTvm), log: () => {} });
    const f = r.failure;
    expect(f, 'planted TVM bug not found').toBeDefined();
    expect(f!.shrunk.hcr).toBe((1n << 31n) | (1n << 26n)); // RW | TVM
    expect(f!.shrunk.el).toBe(1);
    expect(f!.disasm).toMatch(/^msr\s/);
    expect(f!.qemu).toMatch(/^EL2 vector 0 ESR 0x62/); // trapped (EC 0x18) on QEMU
    expect(f!.model).not.toBe(f!.qemu);
  }, 300_000);
});
