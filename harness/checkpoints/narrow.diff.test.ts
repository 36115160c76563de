// Checkpoint narrowing against QEMU: the plugin builds and loads into QEMU 7.2, both sides
// report the same exception entries with instruction counts for a scenario that takes
// every kind of exception, and a model with a planted bug (a BRK run as a NOP) is narrowed
// to the instruction where the two sides part.
import { dir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { withIdProbe } from '../id-probe.ts';
import { buildScenarios } from '../scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import type { Machine } from '../../emulator/machine.ts';
import { narrowDivergence } from './narrow.ts';

describe('narrowDivergence', () => {
  it('finds every exception entry of icount-exceptions on both sides, in agreement', async () => {
    const [image] = await buildScenarios(['icount-exceptions']);
    const { opts } = await withIdProbe({ ...DEFAULT_RUN_OPTIONS, cpu: 'max', icount: 4 });
    const work = await dir({ unsafeCleanup: true });
    try {
      const r = await narrowDivergence(image!, opts, work.path);
      expect(r.checkpoints.qemu).toBeGreaterThanOrEqual(8); // UDF, BRK, HVC, SVC, MSR, alignment, abort, PC alignment
      expect(r.checkpoints.model).toBe(r.checkpoints.qemu);
      expect(r.agreed).toBe(r.checkpoints.qemu);
      expect(r.divergence).toBeUndefined();
    } finally {
      await work.cleanup();
    }
  }, 120_000);

  it('pins a planted model bug (BRK executed as a NOP) to the instruction where the sides part', async () => {
    const [image] = await buildScenarios(['icount-exceptions']);
    const { opts } = await withIdProbe({ ...DEFAULT_RUN_OPTIONS, cpu: 'max', icount: 4 });
    const BRK_1 = 0xd4200020, NOP = 0xd503201f;
    let brkPa = -1;
    const plant = (m: Machine): void => {
      const words = m.mem.ram32;
      const i = words.findIndex((w) => w >>> 0 === BRK_1);
      expect(i).toBeGreaterThan(0);
      brkPa = m.mem.ramBase + 4 * i;
      words[i] = NOP;
    };
    const work = await dir({ unsafeCleanup: true });
    try {
      const r = await narrowDivergence(image!, opts, work.path, { patch: plant, pin: false });
      expect(r.checkpoints.model).toBe(r.checkpoints.qemu - 1); // one exception fewer
      expect(r.divergence, JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))).toBeDefined();
      // after the BRK, QEMU goes to the vector, the model to the next instruction
      expect(Number(r.divergence!.lastCommonPc)).toBe(brkPa);
      expect(Number(r.divergence!.modelPc)).toBe(brkPa + 4);
    } finally {
      await work.cleanup();
    }
  }, 120_000);
});
