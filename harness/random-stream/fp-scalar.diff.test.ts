// The 'fp-scalar' stream class (classes/fp-scalar.ts) in lockstep with QEMU: scalar FP
// instructions of every group with edge-value operands, FPCR in every mode and raw FPCR/FPSR
// writes, V0-V31, FPCR and FPSR compared after every instruction. The long campaign is
// `s2diff risu --class fp-scalar --instructions 200000`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../emulator/decode.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { generateStream } from './generate.ts';
import { runRisu } from './run.ts';

describe('fp-scalar random streams', () => {
  it('draw every scalar FP group, with edge-value and FPCR set-up', () => {
    const s = generateStream(3, 4000, ['fp-scalar']);
    const names = s.words.map((w) => decode(w).name);
    for (const n of ['FADD (D)', 'FMADD (S)', 'FSQRT (H)', 'FCVT (H<-D)', 'FCMPE (zero) (S)', 'FCCMP (D)', 'FCSEL (H)', 'FJCVTZS',
      'BFCVT', 'FRINT64X (D)', 'SCVTF (D<-X)', 'FCVTZU (W<-S)', 'FCVTAS (X<-H)', 'MSR']) expect(names, n).toContain(n);
    expect(names.filter((n) => n === 'UNDEFINED' || n.includes('not modelled'))).toEqual([]);
    expect(s.counts['fp-scalar']).toBe(4000);
  });

  it('runs 5,000 random scalar FP instructions in lockstep with QEMU without a divergence', async () => {
    // One stream of 5,000 (about 25,000 words with the set-up, and a checkpoint dump every
    // 1,000: some 1,000,000 instructions compared); a lockstep run may take 20 x the per-side
    // timeout, which a loaded machine needs for a stream that compares V registers.
    const r = await runRisu({ seed: 1301, instructions: 5_000, perStream: 5_000, classes: ['fp-scalar'], opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 90 },
      workDir: mkdtempSync(join(tmpdir(), 's2diff-risu-fp-')), log: () => {} });
    expect(r.divergence?.text).toBeUndefined();
    expect(r.instructions).toBe(5_000);
    expect(r.lockstepInstructions).toBeGreaterThan(200_000); // the set-up words and the image's own code too
  }, 1_800_000); // lockstep with V registers compared: minutes on a loaded 2-core machine
});
