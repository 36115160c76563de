// The Advanced SIMD integer room (emulator/isa/simd-int*.ts) in lockstep against QEMU: random
// streams of the 'simd-int' class (data processing, with edge-value operands) and of
// 'simd-ldst' (which draws the LD1-LD4/ST1-ST4/LDnR structure rows too), V0-V31 and FPSR (QC)
// compared at every instruction. The long campaign is
// `s2diff risu --instructions 1000000 --class simd-int`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../emulator/decode.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { generateStream } from './generate.ts';
import { runRisu } from './run.ts';

describe('simd-int random streams', () => {
  it('draws integer SIMD instructions and structure loads/stores, no UNDEFINED ones', () => {
    const s = generateStream(3, 4000, ['simd-int', 'simd-ldst']);
    const names = new Set(s.words.map((w) => decode(w).name));
    expect(s.words.filter((w) => decode(w).name === 'UNDEFINED')).toEqual([]);
    for (const n of ['SQADD (vector)', 'SQDMLAL2', 'UQRSHRN (scalar)', 'TBX (4 registers)', 'SDOT (by element)', 'LD4 (multiple structures)', 'LD3R']) {
      expect([...names].some((x) => x.startsWith(n)), n).toBe(true);
    }
  });

  it('runs 5,000 of them in lockstep with QEMU without a divergence', async () => {
    const r = await runRisu({ seed: 1313, instructions: 5_000, perStream: 5_000, classes: ['simd-int', 'simd-ldst'],
      opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 120 }, // QEMU's lockstep limit is 20x this per stream
      workDir: mkdtempSync(join(tmpdir(), 's2diff-risu-simd-int-')), log: () => {} });
    expect(r.divergence?.text).toBeUndefined();
    expect(r.instructions).toBe(5_000);
    expect(r.counts['simd-int']).toBeGreaterThan(2000);
    expect(r.counts['simd-ldst']).toBeGreaterThan(1250);
  }, 1_200_000); // lockstep at thousands of instructions/s on a loaded 2-core machine
});
