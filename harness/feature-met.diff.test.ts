// A case that meets a feature the model does not implement says so on its own line, naming
// the feature and the instruction; the long list of every such feature is printed only with
// --verbose (and is in the JSON report).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { makeElf, POWER_OFF } from '../emulator/test-support.ts';
import { featureOfEncoding } from './feature-met.ts';
import type { JsonReport } from './report.ts';
import { REPO_ROOT } from './scenarios.ts';

const BIN = join(REPO_ROOT, 'harness', 'bin.mjs');
const PTRUE_P0_B = 0x2518e3e0; // SVE: QEMU's max executes it at EL2, the model has no SVE

describe('the feature a case met', () => {
  it('classifies encodings: SVE, SME, system register access, and nothing for ordinary instructions', () => {
    expect(featureOfEncoding(PTRUE_P0_B)).toBe('FEAT_SVE');
    expect(featureOfEncoding(0xc0000000)).toBe('FEAT_SME'); // mov za0h.b[w12, 0], p0/m, z0.b
    expect(featureOfEncoding(0xd5181180)).toBe('system register'); // msr s3_0_c1_c1_4, x0
    expect(featureOfEncoding(0x8b020020)).toBeUndefined(); // add x0, x1, x2
  });

  it('an SVE instruction: the case line is followed by "feature: ... FEAT_SVE ..."; the feature list only with --verbose', async () => {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-feature-' });
    try {
      const image = join(work.path, 'sve.elf');
      writeFileSync(image, makeElf(new Uint8Array(new Uint32Array([PTRUE_P0_B, ...POWER_OFF]).buffer)));
      const json = join(work.path, 'r.json');
      const r = await execa('node', [BIN, 'run', '--image', image, '--json', json], { reject: false, all: true, timeout: 90_000 });
      expect(r.exitCode).toBe(1);
      expect(r.all).toMatch(/\n {8}feature: UNDEFINED on the model at 0x40080000: ptrue p0\.b \(FEAT_SVE, which the model does not implement; QEMU advertises it \(ID_AA64PFR0_EL1\.SVE = 1\)\), where QEMU went on\n/);
      expect(r.all).not.toMatch(/advertises features the model does not implement/);
      const rep = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
      expect(rep.results[0].unimplementedFeature).toMatch(/FEAT_SVE/);
      expect(rep.idRegisters?.unimplemented.map((g) => g.feature)).toContain('FEAT_SVE');
      const v = await execa('node', [BIN, 'run', '--image', image, '--verbose'], { reject: false, all: true, timeout: 90_000 });
      expect(v.all).toMatch(/warning: -cpu max advertises features the model does not implement; .*FEAT_SVE/);
    } finally {
      await work.cleanup();
    }
  });
});
