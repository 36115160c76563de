// s2diff fuzz --mmu against QEMU: a clean run finds nothing, and each of three planted bugs
// in the TLB the model keeps (its --strict checker's shadow TLB) is found in the default
// budget and shrunk to a short sequence. The plants are test hooks, as harness/lockstep.test.ts
// plants its bugs; the same bugs are mutants of harness/mutation/catalogue.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../emulator/machine.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { DEFAULT_MMU_RUNS, runFuzzMmu } from './fuzz.ts';

const base = { batchSize: 500, opts: DEFAULT_RUN_OPTIONS, log: () => {} };
const out = (): string => mkdtempSync(join(tmpdir(), 's2diff-fzm-'));

/** TLBI IPAS2E1(IS) / IPAS2LE1(IS) remove nothing from the shadow TLB (a stale-TLB bug). */
function ignoreTlbiByIpa(m: Machine): void {
  const sc = m.strictChecker!;
  const tlbi = sc.tlbi.bind(sc);
  sc.tlbi = (d, lo, hi) => { if (d.tlbi !== 's2-ipa') tlbi(d, lo, hi); };
}
/** Every entry tagged VMID 0: one VM's entries are taken for another's. */
function vmidZero(m: Machine): void {
  (m.strictChecker as unknown as { vmid: () => number }).vmid = () => 0;
}
/** No contiguous-hint entries: a run cached as one entry is not seen. */
function noContiguousHint(m: Machine): void {
  m.strictChecker!.contiguousHint = false;
}

describe('s2diff fuzz --mmu', () => {
  it('finds no disagreement in 1000 sequences', async () => {
    const r = await runFuzzMmu({ ...base, runs: 1000, seed: 2026, outDir: out() });
    expect(r.failures.map((f) => f.summary)).toEqual([]);
    expect(r.runs).toBe(1000);
    expect(r.commands).toBeGreaterThan(30_000);
  }, 300_000);

  it.each([
    ['a stale TLB entry kept after TLBI IPAS2E1', ignoreTlbiByIpa, /missing-tlbi/],
    ['entries tagged with the wrong VMID', vmidZero, /missing-tlbi/],
    ['the contiguous hint ignored', noContiguousHint, /break-before-make|missing-tlbi/],
  ] as const)('finds a planted bug (%s) in the default budget and shrinks it to a short sequence', async (_n, plant, kind) => {
    const r = await runFuzzMmu({ ...base, runs: DEFAULT_MMU_RUNS, seed: 1, outDir: out(), patchModel: plant });
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0];
    expect(f.failure.reason).toMatch(/--strict/);
    expect(f.failure.reason).toMatch(kind);
    expect(f.steps.length).toBeLessThanOrEqual(6);
    expect(f.readable).toMatch(/>> \d+:/);
  }, 600_000);
});
