// FEAT_PAuth against QEMU 7.2: the 'pauth' random stream class in lockstep (the long campaign
// is `s2diff risu --class pauth --instructions 200000`), the pauth scenario on the profile
// without PAuth, and the two QEMU deviations (scenario pauth-deviations): the model imitating
// them in lockstep agrees with QEMU at every instruction; a plain run reports them by id.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../emulator/decode.ts';
import { runLockstep } from '../lockstep.ts';
import { runCase } from '../run-case.ts';
import { buildScenarios } from '../scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { generateStream } from './generate.ts';
import { runRisu } from './run.ts';

describe('pointer authentication against QEMU', () => {
  it('generates PAC instructions that decode, deterministically', () => {
    const s = generateStream(5, 2000, ['pauth']);
    const names = new Set(s.words.map((w) => decode(w).name));
    expect(s.words.filter((w) => decode(w).name === 'UNDEFINED')).toEqual([]);
    for (const n of ['PACIA', 'AUTDZB', 'XPACI', 'PACGA', 'PACIASP', 'AUTIB1716', 'XPACLRI', 'BRAA', 'BLRABZ', 'RETAA', 'LDRAB', 'MSR', 'MRS']) {
      expect(names, n).toContain(n);
    }
    expect(generateStream(5, 2000, ['pauth']).words).toEqual(s.words);
  });

  it('runs 5,000 random pauth instructions in lockstep with QEMU without a divergence', async () => {
    const r = await runRisu({ seed: 2026, instructions: 5_000, perStream: 5_000, classes: ['pauth'], opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 120 },
      workDir: mkdtempSync(join(tmpdir(), 's2diff-risu-pauth-')), log: () => {} });
    expect(r.divergence?.text).toBeUndefined();
    expect(r.counts.pauth).toBe(5_000);
  }, 900_000);

  it('pauth on -cpu cortex-a57: hints are NOPs, the rest UNDEFINED, as on QEMU', async () => {
    const [image] = await buildScenarios(['pauth']);
    const r = await runCase({ name: 'pauth', image: image! }, { ...DEFAULT_RUN_OPTIONS, cpu: 'cortex-a57', timeoutSec: 60 });
    expect(r.verdict, r.divergences.map((d) => `${d.summary}\n${d.qemu}\n${d.model}`).join('\n')).toBe('match');
  }, 300_000);

  it('the QEMU deviations: imitated in lockstep the model agrees, a plain run names them', async () => {
    const [image] = await buildScenarios(['pauth-deviations']);
    const ls = await runLockstep(image!, { opts: DEFAULT_RUN_OPTIONS, workDir: mkdtempSync(join(tmpdir(), 's2diff-pauth-dev-')) });
    expect(ls.divergence).toBeUndefined();
    expect(ls.quirks).toEqual(expect.arrayContaining(['xpac-nop-while-keys-disabled', 'addpac-extension-from-own-range-tbi']));
    const r = await runCase({ name: 'pauth-deviations', image: image! }, DEFAULT_RUN_OPTIONS);
    expect(r.verdict).toBe('diverge');
    expect((r.qemuDeviations ?? []).map((d) => d.id).sort()).toEqual(['addpac-extension-from-own-range-tbi', 'xpac-nop-while-keys-disabled']);
  }, 600_000);
});
