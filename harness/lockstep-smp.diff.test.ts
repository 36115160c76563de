// Lockstep with several PEs under -icount: QEMU's single-step log names the vCPU of every
// state; the model's round robin must run the same PE at every instruction and agree on its
// registers. Planted bugs prove it catches a wrong result on one PE and a wrong switch.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { formatLockstep, runLockstep } from './lockstep.ts';
import { plantAddBug } from './planted-bugs.ts';
import { buildScenarios, discoverScenarios, scenarioRunOptions } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';

// Every SMP scenario but smp-rr-turns (18 M instructions: minutes in lockstep; it is its own
// proof of the turn boundaries, and its run agrees to the instruction).
const AGREE = ['smp-psci', 'smp-sgi', 'smp-tlb-shootdown', 'smp-vcpu-migrate', 'smp-vmid-shared', 'strict-missing-tlbi-is'];
const infos = await discoverScenarios();
const images = new Map((await buildScenarios([...AGREE, 'smp-spinlock'])).map((img) => [img.replace(/^.*\/|\.elf$/g, ''), img]));
const optsOf = (name: string): RunOptions => ({ ...DEFAULT_RUN_OPTIONS, timeoutSec: 60, ...scenarioRunOptions(infos.find((s) => s.name === name)) });
const work = (): string => mkdtempSync(join(tmpdir(), 's2diff-ls-smp-'));

describe('lockstep with several PEs (--icount)', () => {
  it.each(AGREE)('%s agrees with QEMU on every instruction of every PE, in the same order', async (name) => {
    const opts = optsOf(name);
    expect(opts.smp).toBeGreaterThan(1);
    const r = await runLockstep(images.get(name)!, { opts, workDir: work() });
    expect(r.divergence, formatLockstep(r, name)).toBeUndefined();
    expect(r.end).toBe('both-ended');
    expect(r.perPe).toHaveLength(opts.smp!);
    for (const n of r.perPe!) expect(n).toBeGreaterThan(100);
    expect(r.perPe!.reduce((a, b) => a + b)).toBe(r.instructions);
  });

  it('names the PE, instruction and source of a bug planted on PE 1 only', async () => {
    const r = await runLockstep(images.get('smp-sgi')!, { opts: optsOf('smp-sgi'), workDir: work(), patchModel: (m) => plantAddBug(m.cpus[1]!) });
    const d = r.divergence;
    expect(d, 'planted bug not found').toBeDefined();
    expect(d!.cpu).toBe(1);
    expect(d!.instruction.cpu).toBe(1);
    expect(d!.instruction.disasm).toMatch(/^add\s/);
    expect(d!.instruction.source).toMatch(/\.(c|S|h):\d+/);
    expect(formatLockstep(r, 'smp-sgi')).toMatch(/identical instructions, on PE 1\n {2}instruction: PE 1 0x/);
  });

  it('reports a PE switch at a different instruction as a scheduling divergence (YIELD planted not to end a turn)', async () => {
    const r = await runLockstep(images.get('smp-spinlock')!, {
      opts: optsOf('smp-spinlock'), workDir: work(), patchModel: (m) => { for (const c of m.cpus) c.yieldEndsTurn = false; },
    });
    const d = r.divergence;
    expect(d, 'planted scheduling bug not found').toBeDefined();
    expect(d!.registers[0].name).toBe('pe');
    expect(d!.registers[0].qemu).not.toBe(d!.registers[0].model);
    expect(d!.instruction.disasm).toMatch(/^yield/);
  });

  it('refuses several PEs without --icount, saying why', async () => {
    const opts = { ...optsOf('smp-sgi'), icount: undefined };
    await expect(runLockstep(images.get('smp-sgi')!, { opts, workDir: work() })).rejects.toThrow(UsageError);
    await expect(runLockstep(images.get('smp-sgi')!, { opts, workDir: work() })).rejects.toThrow(/needs --icount/);
  });
});
