// Pinning against QEMU's gdbstub: a model that agrees with QEMU is followed to the end with no
// instruction named; a planted model bug that changes data only (FDIV's result one ulp off,
// no exception or branch changed at once) and one that changes an integer result are each
// named at their instruction, with the register that differs and both values.
import { dir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { withIdProbe } from '../id-probe.ts';
import { buildScenarios } from '../scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { formatPin, pinFirstDifference, type PinResult } from './gdb-pin.ts';
import { isFdivDouble, plantFdivOneUlpOff } from './planted-fdiv.ts';
import { bootCase, modelCheckpoints, startedCount, type MachinePatch } from './model-side.ts';
import { symbolizer } from './symbols.ts';

async function pin(scenario: string, patch?: MachinePatch): Promise<{ r: PinResult; image: string }> {
  const [image] = await buildScenarios([scenario]);
  const { opts } = await withIdProbe({ ...DEFAULT_RUN_OPTIONS, cpu: 'max', cpuProps: 'sve=off,sme=off', icount: 4 });
  const { entries, end } = await modelCheckpoints(image!, opts, patch);
  const work = await dir({ unsafeCleanup: true });
  try {
    return { r: await pinFirstDifference(image!, opts, work.path, entries, end, patch), image: image! };
  } finally {
    await work.cleanup();
  }
}

describe('pinFirstDifference', () => {
  it('follows a model that agrees to the end of the run, naming nothing', async () => {
    const { r } = await pin('icount-exceptions');
    expect(r.instruction, JSON.stringify(r.differences)).toBeUndefined();
    expect(r.unresolved).toMatch(/agree to the end/);
    expect(r.rounds[0]!.points).toBeGreaterThanOrEqual(8); // every exception entry compared
  }, 180_000);

  it('names a planted FDIV bug that changes only data, with the register and both values', async () => {
    const { r, image } = await pin('fp-lazy-switch', plantFdivOneUlpOff);
    expect(r.instruction, r.unresolved).toBeDefined();
    expect(isFdivDouble(r.instruction!.word!)).toBe(true);
    const rd = r.instruction!.word! & 31;
    expect(r.differences).toHaveLength(1);
    const d = r.differences![0]!;
    expect(d.name).toBe(`v${rd}`);
    expect(BigInt(d.qemu.replace('_', '')) ^ BigInt(d.model.replace('_', ''))).toBe(1n);
    const text = await formatPin(r, symbolizer(image));
    expect(text).toMatch(/fdiv\s+d\d+/);
  }, 180_000);

  it('names a planted integer bug at its count and PC', async () => {
    const ADD_X27_X28_1 = 0x9100079b, ADD_X27_X28_2 = 0x91000b9b;
    let plantedAt = -1;
    let countAt = -1;
    const plant: MachinePatch = (m) => {
      const i = m.mem.ram32.findIndex((w) => w >>> 0 === ADD_X27_X28_1);
      expect(i).toBeGreaterThan(0);
      plantedAt = m.mem.ramBase + 4 * i;
      m.mem.ram32[i] = ADD_X27_X28_2;
    };
    const { r, image } = await pin('icount-exceptions', plant);
    // The count the model executes the planted word at, found independently by stepping it.
    const [img] = await buildScenarios(['icount-exceptions']);
    const { opts } = await withIdProbe({ ...DEFAULT_RUN_OPTIONS, cpu: 'max', cpuProps: 'sve=off,sme=off', icount: 4 });
    const m = await bootCase(img!, opts, plant);
    while (Number(m.cpu.pc) !== plantedAt && m.step());
    countAt = startedCount(m);
    expect(r.instruction).toMatchObject({ pc: BigInt(plantedAt), count: countAt, word: ADD_X27_X28_2 });
    expect(r.differences!.map((d) => d.name)).toEqual(['x27']);
    expect(BigInt(r.differences![0]!.model) - BigInt(r.differences![0]!.qemu)).toBe(1n);
    expect(image).toBe(img);
  }, 180_000);
});
