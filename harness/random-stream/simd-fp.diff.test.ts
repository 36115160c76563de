// The Advanced SIMD floating-point stream classes (simd-fp, fp16) in lockstep against QEMU:
// V0-V31, FPCR and FPSR compared at every instruction, operands from edge values, FPCR from
// every mode. The long campaign is `s2diff risu --class simd-fp` / `--class fp16`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../emulator/decode.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { generateStream } from './generate.ts';
import { runRisu } from './run.ts';

const CLASSES = ['simd-fp', 'fp16'] as const;

describe('Advanced SIMD FP random streams', () => {
  it('draw every operation of their rows, none UNDEFINED', () => {
    for (const c of CLASSES) {
      const s = generateStream(5, 4000, [c]);
      const names = new Set(s.words.map((w) => decode(w).name));
      expect(names.has('UNDEFINED'), c).toBe(false);
      expect([...names].filter((n) => /\(vector\)|\(scalar\)|by element|V$/.test(n)).length, c).toBeGreaterThan(c === 'fp16' ? 60 : 80);
    }
  });

  it('run 10,000 instructions, about 5,000 of each, in lockstep with QEMU without a divergence', async () => {
    const r = await runRisu({ seed: 2027, instructions: 10_000, perStream: 10_000, classes: CLASSES,
      opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 120 }, workDir: mkdtempSync(join(tmpdir(), 's2diff-risu-fp-')), log: () => {} });
    expect(r.divergence?.text).toBeUndefined();
    for (const c of CLASSES) expect(r.counts[c], c).toBeGreaterThan(3_500);
  }, 2_400_000); // one image: ~0.8M instructions of set-up and ~0.25M of stream in lockstep with QEMU's -d fpu
});
