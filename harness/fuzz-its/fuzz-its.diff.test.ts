// s2diff fuzz --its against QEMU: 1000 random sequences of ITS commands, MSIs, configuration
// changes and acknowledgements agree, tables included; bugs planted in the model's ITS or
// LPI state are each found and shrunk to a short sequence.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../emulator/machine.ts';
import { GITS_BASE, type GicIts } from '../../emulator/gic-its.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { runFuzzIts } from './fuzz.ts';

const base = { batchSize: 200, opts: DEFAULT_RUN_OPTIONS, log: () => {} };
const out = (): string => mkdtempSync(join(tmpdir(), 's2diff-fzi-'));

/** MOVI and MOVALL leave the pending state where it was. */
function noPendingMove(m: Machine): void {
  for (const pe of m.dist.pes) { pe.lpis.moveTo = () => {}; pe.lpis.moveAllTo = () => {}; }
}
/** INV and INVALL keep the cached highest-priority pending LPI. */
function noInvalidate(m: Machine): void {
  for (const pe of m.dist.pes) pe.lpis.invalidate = () => {};
}
/** DISCARD clears the pending LPI but leaves its translation mapped. */
function discardKeepsMapping(m: Machine): void {
  const its = m.mem.deviceAt(GITS_BASE) as GicIts;
  const translate = its.translate.bind(its);
  its.translate = (devid, eventid, how) => translate(devid, eventid, how === 'discard' ? 'clear' : how);
}

describe('s2diff fuzz --its', () => {
  it('finds no disagreement in 1000 sequences', async () => {
    const r = await runFuzzIts({ ...base, runs: 1000, seed: 2026, outDir: out() });
    expect(r.failures.map((f) => f.summary)).toEqual([]);
    expect(r.runs).toBe(1000);
    expect(r.steps).toBeGreaterThan(20_000);
  }, 300_000);

  it.each([
    ['MOVI/MOVALL not moving the pending state', noPendingMove],
    ['INV/INVALL keeping a stale cached LPI', noInvalidate],
    ['DISCARD leaving the translation mapped', discardKeepsMapping],
  ] as const)('finds a planted bug (%s) and shrinks it', async (_n, plant) => {
    const r = await runFuzzIts({ ...base, runs: 1000, seed: 1, outDir: out(), patchModel: plant });
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0]!;
    expect(f.steps).toBeLessThan(f.originalSteps);
    expect(f.readable).toMatch(/^ {2}> /m);
  }, 600_000);
});
