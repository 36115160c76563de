// The cryptographic extension in lockstep against QEMU: a random stream of the 'crypto' class
// only (every AES, SHA1, SHA256, SHA512, SHA3, SM3 and SM4 instruction, random V operands and
// integer edge lanes), V0-V31 compared after every instruction. The long campaign is
// `s2diff risu --class crypto --instructions 1000000`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../emulator/decode.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { CRYPTO_INSNS } from './classes/crypto.ts';
import { generateStream } from './generate.ts';
import { runRisu } from './run.ts';

describe('crypto random stream', () => {
  it('draws every crypto instruction', () => {
    const s = generateStream(7, 3000, ['crypto']);
    expect(s.counts.crypto).toBe(3000);
    const names = new Set(s.words.map((w) => decode(w).name));
    for (const [name] of CRYPTO_INSNS) expect(names.has(name), name).toBe(true);
    expect(names.has('INS (general)'), 'edge lanes set up').toBe(true);
  });

  it('runs 5,000 crypto instructions in lockstep with QEMU without a divergence', async () => {
    const r = await runRisu({ seed: 1313, instructions: 5_000, perStream: 5_000, classes: ['crypto'],
      opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 60 }, workDir: mkdtempSync(join(tmpdir(), 's2diff-risu-crypto-')), log: () => {} });
    expect(r.divergence?.text).toBeUndefined();
    expect(r.counts.crypto).toBe(5_000);
  }, 1_200_000); // ~3M instructions in lockstep (the checkpoints' REGS blocks are most of them): many minutes on a loaded machine
});
