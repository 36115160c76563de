// s2diff fuzz against QEMU: a clean run finds nothing, and a planted model bug is found and
// shrunk to a minimal case (the bar: at most 2 mappings and 1 probe).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACC_EXCL, ACC_READ, ACC_UNPRIV } from '../../emulator/cpu.ts';
import { accessFor } from '../../emulator/translation/access.ts';
import type { Machine } from '../../emulator/machine.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { buildScenarios } from '../scenarios.ts';
import type { FuzzCase, RawMapping, RawProbe } from './case.ts';
import { runFuzz } from './fuzz.ts';
import { prepareCase } from './prepare.ts';
import { judgeCase, runBatch } from './run-batch.ts';

const base = { batchSize: 250, opts: DEFAULT_RUN_OPTIONS, log: () => {} };

/** Plants a bug: stage 2 checks every data write as a read (S2AP[1] ignored). */
function ignoreS2Write(m: Machine): void {
  const walk = m.mmu.s2Walk.bind(m.mmu);
  m.mmu.s2Walk = (c, p, ipa, ad, el, s1ptw, out) => walk(c, p, ipa,
    ad.write ? accessFor(ACC_READ | (ad.unpriv ? ACC_UNPRIV : 0) | (ad.exclusive ? ACC_EXCL : 0), ad.cacheMaint) : ad, el, s1ptw, out);
}

describe('s2diff fuzz', () => {
  it('finds no disagreement in 500 cases', async () => {
    const r = await runFuzz({ ...base, runs: 500, seed: 2026, outDir: mkdtempSync(join(tmpdir(), 's2diff-fz-')) });
    expect(r.failures.map((f) => f.summary)).toEqual([]);
    expect(r.runs).toBe(500);
    expect(r.probesChecked).toBeGreaterThan(500);
  }, 120_000);

  it('finds a planted permission bug and shrinks it to at most 2 mappings and 1 probe', async () => {
    const out = mkdtempSync(join(tmpdir(), 's2diff-fz-'));
    const r = await runFuzz({ ...base, runs: 2000, seed: 1, outDir: out, patchModel: ignoreS2Write });
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0];
    expect(f.shrunk).toBe(true);
    expect(f.mappings).toBeLessThanOrEqual(2);
    expect(f.probes).toBe(1);
    expect(f.case.probes[0].kind).toBe('write');
    // QEMU takes a stage-2 permission fault (DFSC 0b0011xx) where the model lets the store through.
    expect(f.failure.qemu).toMatch(/^A [0-9a-f]*4[cdef] /);
    expect(f.failure.model).toMatch(/^K /);
    expect(f.readable).toMatch(/mappings:/);
    expect(f.reproDir.startsWith(out)).toBe(true);
  }, 300_000);
});

describe('QEMU 7.2 stage-2 deviations, as the fuzzer reports them', () => {
  const mapping: RawMapping = { levelSel: 0, ipaSel: 0x100_0000, paSel: 1, s2ap: 3, xn: 0, af: true, memAttr: 0xf, contiguous: false, malformed: 'none' };
  const read: RawProbe = { kind: 'read', sizeLog: 3, target: 0, offsetSel: 8, ipaSel: 0, value: '0' };
  const cases: [string, FuzzCase][] = [
    // 4K, 40-bit IPA from level 0 with PS = 40 bits: legal (S2InvalidSL checks PAMax), QEMU 7.2 refuses.
    ['s2-setup-checked-against-ps', { cfg: { granule: 12, t0sz: 24, sl0: 2, ps: 2, vmid: 1 }, mappings: [mapping], probes: [read] }],
    // 4K, a block descriptor at level 0: invalid (BlockDescSupported), QEMU 7.2 maps 512 GiB.
    ['block-at-unsupported-level-accepted', {
      cfg: { granule: 12, t0sz: 16, sl0: 2, ps: 5, vmid: 2 },
      mappings: [{ ...mapping, ipaSel: 2 ** 40, malformed: 'block-at-illegal-level' }], probes: [read],
    }],
    // Stage 1 on; the level-2 table's page is mapped at stage 2 with AF = 0: an Access flag
    // fault at stage-2 level 3 on the stage-1 level-2 lookup (QEMU 7.2 reports level 2).
    ['s1ptw-fault-level', {
      cfg: { granule: 12, t0sz: 32, sl0: 1, ps: 2, vmid: 3 },
      mappings: [{ ...mapping, ipaSel: 0x5000_0000 }], probes: [read], s1: { ...mapping, ipaSel: 0x20_0000, af: false },
    }],
  ];
  it.each(cases)('%s: the model follows the Arm ARM, QEMU is named as the side that deviates', async (id, c) => {
    const [image] = await buildScenarios(['fuzz-s2']);
    const pc = prepareCase(c);
    const run = await runBatch([pc], { image, workDir: mkdtempSync(join(tmpdir(), 's2diff-fz-')), opts: DEFAULT_RUN_OPTIONS });
    const f = judgeCase(pc, 0, run);
    expect(f?.qemuDeviation).toBe(id);
    expect(f?.qemu).not.toBe(f?.model);
    expect(run.model.qemuDeviations).toContain(id);
  });
});
