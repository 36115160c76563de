// The catalogue cannot rot silently: every mutant's search text occurs exactly once in its
// file, and its replacement changes the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from './catalogue.ts';
import { applyMutant } from './apply.ts';

// Skipped inside a mutation run (S2DIFF_MUTANT is set): there the planted mutant's search
// text is gone by design, and this test would "kill" every mutant.
describe.skipIf(!!process.env.S2DIFF_MUTANT)('mutation catalogue', () => {
  it('has at least 40 mutants with unique ids across every room', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
    const rooms = new Set(MUTANTS.map((m) => m.room));
    for (const r of ['walk', 'fault', 'tlb-strict', 'vhe', 'trap', 'exception', 'timer', 'gic', 'isa', 'translated']) expect(rooms).toContain(r);
  });
  it.each(MUTANTS.map((m) => [m.id, m] as const))('%s applies to exactly one place', (_id, m) => {
    const src = readFileSync(m.file, 'utf8');
    const out = applyMutant(src, m);
    expect(out).not.toBe(src);
  });
});
