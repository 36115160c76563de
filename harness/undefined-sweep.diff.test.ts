// The A64 encoding space, sampled across all 16 top-level groups (op0, bits [28:25]) and run
// at EL0 on both sides: every word must end the same way (UNDEFINED, executed, trapped,
// aborted) with the same syndrome. Exclusions and the sandbox: harness/undefined-sweep.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executedUnallocated, qemuCrashWord } from './qemu-encoding-quirks.ts';
import { excluded, isSimdFpSpace, runSweep, sampleSimdFpWords, sampleWords } from './undefined-sweep.ts';

describe('A64 encoding-space sweep against QEMU', () => {
  it('samples every group and leaves out only what the sandbox cannot run', () => {
    const words = sampleWords(1, 1600);
    expect(words).toHaveLength(1600);
    for (let g = 0; g < 16; g++) {
      const n = words.filter((w) => ((w >>> 25) & 0xf) === g).length;
      // SVE (0b0010) is excluded (README feature table); the others share its part.
      if (g === 0b0010) expect(n).toBe(0);
      else expect(n).toBeGreaterThan(0);
    }
    expect(words.every((w) => excluded(w) === undefined)).toBe(true);
  });

  it('agrees word by word on 8192 sampled encodings', async () => {
    const r = await runSweep(sampleWords(2026, 8192), mkdtempSync(join(tmpdir(), 's2diff-sweep-')));
    const lines = r.differences.map((d) => `${d.word.toString(16).padStart(8, '0')} ${d.disasm}: QEMU ${d.qemu}, model ${d.model}`);
    expect(lines).toEqual([]);
    // Both outcomes are there in numbers, so the comparison can fail either way.
    expect(r.byClass['0x00']).toBeGreaterThan(1000); // UNDEFINED
    expect(r.byClass['0x15']).toBeGreaterThan(500); // executed through to the SVC after it
    expect(Object.values(r.byClass).reduce((a, b) => a + b, 0)).toBe(r.words);
  }, 120_000);

  it('knows the words QEMU 7.2 aborts on and the unallocated ones it executes, and only those', () => {
    expect(qemuCrashWord(0x0ef9f9b0)).toMatch(/FRECPX/); // vector FRECPX, half
    expect(qemuCrashWord(0x4ef9f9b0)).toMatch(/FRECPX/); // Q = 1
    expect(qemuCrashWord(0x5ef8fa39)).toMatch(/FABS/); // scalar FABS, half
    expect(qemuCrashWord(0x7ef9fbd4)).toMatch(/FSQRT/); // scalar FSQRT, half
    expect(qemuCrashWord(0x5ef9f9b0)).toBeUndefined(); // FRECPX h (scalar): allocated
    expect(qemuCrashWord(0x0ef8f9b0)).toBeUndefined(); // FABS v.4h (vector): allocated
    expect(excluded(0x0ef9f9b0)).toMatch(/QEMU 7.2 aborts/);
    expect(executedUnallocated(0x4ef0cad3)).toBe('fp16-reduce-sz-ignored');
    expect(executedUnallocated(0x4eb0cad3)).toBeUndefined(); // FMINNMV h19, v22.8h itself
    expect(executedUnallocated(0x5ef0c845)).toBe('fp16-reduce-sz-ignored'); // FMINNMP h5, v2.2h but for bit 22
    expect(executedUnallocated(0x5eb0c845)).toBeUndefined(); // FMINNMP h5, v2.2h itself
    expect(executedUnallocated(0x6f06fe6f)).toBe('fmov-imm-o2-op1-runs-as-double');
    expect(executedUnallocated(0x6f06f66f)).toBeUndefined(); // FMOV v15.2d, #imm itself (o2 = 0)
  });

  it('agrees word by word on 4096 encodings of the SIMD&FP spaces, SIMD&FP enabled at EL0', async () => {
    const words = sampleSimdFpWords(13, 4096);
    expect(words.every(isSimdFpSpace)).toBe(true);
    const r = await runSweep(words, mkdtempSync(join(tmpdir(), 's2diff-sweep-fp-')));
    const lines = r.differences.map((d) => `${d.word.toString(16).padStart(8, '0')} ${d.disasm}: QEMU ${d.qemu}, model ${d.model}`);
    expect(lines).toEqual([]);
    // Allocated words execute (FPEN = 0b11), unallocated ones are UNDEFINED: both in numbers.
    expect(r.byClass['0x00']).toBeGreaterThan(500);
    expect(r.byClass['0x15']).toBeGreaterThan(500);
  }, 120_000);
});
