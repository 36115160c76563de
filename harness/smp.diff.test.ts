// Several PEs against QEMU beyond the scenario suite's --icount runs: without an
// instruction-counted clock QEMU runs a thread per vCPU, so the report compares each PE's
// own exceptions and the output and says the interleaving was not compared.

import { describe, expect, it } from 'vitest';
import { INTERLEAVING_NOT_COMPARED } from './compare.ts';
import { runCase } from './run-case.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

const [sgi] = await buildScenarios(['smp-sgi']);

describe('several PEs', () => {
  it('smp-sgi without --icount: each PE\'s exceptions and the output agree, the interleaving is not compared', async () => {
    const r = await runCase({ name: 'smp-sgi', image: sgi! }, { ...DEFAULT_RUN_OPTIONS, smp: 4 });
    expect(r.verdict, JSON.stringify(r.divergences)).toBe('match');
    expect(r.notCompared).toEqual([INTERLEAVING_NOT_COMPARED]);
    expect(r.options?.smp).toBe(4);
    // Every PE took its SGIs on both sides, each named by its PE.
    const pes = (rs: { cpu?: number; type: string }[]): number[] => [...new Set(rs.filter((x) => x.type === 'IRQ').map((x) => x.cpu!))].sort();
    expect(pes(r.qemu!.exceptions)).toEqual([0, 1, 2, 3]);
    expect(pes(r.model!.exceptions)).toEqual([0, 1, 2, 3]);
  });

  it('with fewer PEs than the test needs, both sides see CPU_ON fail the same way', async () => {
    const r = await runCase({ name: 'smp-sgi', image: sgi! }, { ...DEFAULT_RUN_OPTIONS, smp: 2, icount: 4 });
    expect(r.verdict, JSON.stringify(r.divergences)).toBe('match');
    expect(r.qemu!.exitStatus).not.toBe(0);
    expect(r.notCompared).toBeUndefined();
  });
});
