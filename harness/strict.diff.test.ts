// --strict: the two scenarios written for it are reported (and still match QEMU), and no
// other scenario relies on UNPREDICTABLE TLB, break-before-make or ISB behaviour.
import { describe, expect, it } from 'vitest';
import { runCase } from './run-case.ts';
import { runModel } from './model-runner.ts';
import { buildScenarios, discoverScenarios, scenarioRunOptions } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

const STRICT = { ...DEFAULT_RUN_OPTIONS, strict: true };
const planted: Record<string, string[]> = {
  'strict-missing-tlbi': ['missing-tlbi'],
  'strict-bbm': ['break-before-make'],
  // 2 PEs: PE 0 remaps with local TLBIs, PE 1 still uses the page.
  'strict-missing-tlbi-is': ['missing-tlbi'],
  // PE 1's guest reads the page while PE 0 is between TLBI IPAS2E1IS and VMALLE1IS (the
  // broadcast TLBI ends PE 0's turn there): the combined entry may still be held, which the
  // guest tolerates (it takes either value), but the checker cannot tell that it does.
  'smp-tlb-shootdown': ['missing-tlbi'],
};
const all = await discoverScenarios();
const own = (name: string) => scenarioRunOptions(all.find((s) => s.name === name));

describe('--strict', () => {
  it.each(Object.entries(planted))('finds the planted %s', async (name, kinds) => {
    const [image] = await buildScenarios([name]);
    const r = await runCase({ name, image }, { ...STRICT, ...own(name) });
    expect(r.verdict).toBe('match');
    const found = r.model?.strictFindings ?? [];
    expect([...new Set(found.map((f) => f.kind))]).toEqual(kinds);
    for (const f of found) expect(f.pc).toMatch(/^0x4008/);
    // Across PEs the finding names the PE that used the stale entry.
    if ((own(name).smp ?? 1) > 1) for (const f of found) expect(f.cpu).toBe(1);
  });

  it('finds nothing in the rest of the suite', async () => {
    const names = all.filter((s) => s.suite).map((s) => s.name).filter((n) => !(n in planted));
    const images = await buildScenarios(names);
    const findings: string[] = [];
    for (const [i, image] of images.entries()) {
      const side = await runModel(image, { ...STRICT, ...own(names[i]!) });
      expect(side.end, names[i]).toBe('poweroff');
      for (const f of side.strictFindings ?? []) findings.push(`${names[i]}: ${f.kind} at ${f.pc}: ${f.detail}`);
    }
    expect(findings).toEqual([]);
  }, 400_000); // every scenario on the model in turn: minutes on a loaded 2-core machine
});
