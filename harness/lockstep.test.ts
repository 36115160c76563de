// Lockstep (s2diff repro) on a planted model bug: it must name the instruction that went
// wrong, its disassembly and its source line; and on the unpatched model agree to the end.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLockstep, runLockstep } from './lockstep.ts';
import { plantAddBug } from './planted-bugs.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

const [hello] = await buildScenarios(['hello']);
const opts = { ...DEFAULT_RUN_OPTIONS, timeoutSec: 60 };

describe('lockstep', () => {
  it('agrees with QEMU on every instruction of the hello scenario', async () => {
    const r = await runLockstep(hello, { opts, workDir: mkdtempSync(join(tmpdir(), 's2diff-ls-')) });
    expect(r.divergence, formatLockstep(r, 'hello')).toBeUndefined();
    expect(r.end).toBe('both-ended');
    expect(r.instructions).toBeGreaterThan(1000);
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
  });
});
