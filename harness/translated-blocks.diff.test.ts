// Translated blocks against QEMU: scenarios run with every block translated at its first
// execution (--block-threshold 1) instead of only hot ones, so the translator runs all of
// their straight-line code: alu's sections (every emitted instruction kind over edge
// values, checksums recorded from QEMU), timer-counter (exact counter values under -icount:
// blocks must retire instructions exactly when the interpreter would), gic-timer (interrupts
// due between blocks) and software-step (no block while an instruction is stepped).
import { describe, expect, it } from 'vitest';
import { runCase } from './run-case.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';

const ALWAYS: RunOptions = { ...DEFAULT_RUN_OPTIONS, blockThreshold: 1, timeoutSec: 60 };

describe('translated blocks match QEMU', () => {
  it.each([
    ['alu', ALWAYS],
    ['timer-counter', { ...ALWAYS, icount: 3 }],
    ['gic-timer', ALWAYS],
    ['software-step', ALWAYS],
  ] as const)('%s with every block translated', async (name, opts) => {
    const [image] = await buildScenarios([name]);
    const r = await runCase({ name, image: image! }, opts);
    expect(r.verdict, r.divergences.map((d) => `${d.summary}\n${d.qemu}\n${d.model}`).join('\n')).toBe('match');
    expect(r.model?.exitStatus).toBe(0);
  });
});
