// Random instruction streams (RISU-like) of every class in lockstep against QEMU; the long
// campaign is `s2diff risu --instructions 1000000`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../emulator/decode.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { CLASSES, generateStream } from './generate.ts';
import { runRisu } from './run.ts';

describe('random instruction streams', () => {
  it('generates valid instructions of every class, deterministically from the seed', () => {
    const s = generateStream(11, 3000);
    for (const c of CLASSES) expect(s.counts[c], c).toBeGreaterThan(100);
    expect(s.words.filter((w) => decode(w).name === 'UNDEFINED')).toEqual([]);
    expect(generateStream(11, 3000).words).toEqual(s.words);
    expect(generateStream(12, 3000).words).not.toEqual(s.words);
  });

  it('runs 5,000 random instructions in lockstep with QEMU without a divergence', async () => {
    const r = await runRisu({ seed: 2026, instructions: 5_000, perStream: 5_000, opts: DEFAULT_RUN_OPTIONS,
      workDir: mkdtempSync(join(tmpdir(), 's2diff-risu-')), log: () => {} });
    expect(r.divergence?.text).toBeUndefined();
    expect(r.instructions).toBe(5_000);
    for (const c of CLASSES) expect(r.counts[c], c).toBeGreaterThan(5_000 / CLASSES.length / 2); // every class well represented
  }, 400_000); // lockstep at tens of thousands of instructions/s: minutes on a loaded 2-core machine
});
