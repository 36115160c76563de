import { describe, expect, it } from 'vitest';
import { coverageReport, formatCoverage, granulesFor, mergeCounts, reachable } from './coverage-report.ts';
import { runModel } from './model-runner.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

describe('translation coverage', () => {
  it('knows which cells the architecture makes reachable', () => {
    expect(reachable(12, 1, 'ok')).toBe(true); // 4K level-1 block
    expect(reachable(12, 0, 'ok')).toBe(false); // no level-0 block with 4K
    expect(reachable(16, 1, 'access-flag', false)).toBe(false); // 64K: level-1 blocks need FEAT_LPA
    expect(reachable(16, 1, 'access-flag', true)).toBe(true);
    expect(reachable(14, 3, 'permission')).toBe(true);
    expect(reachable(14, 0, 'translation')).toBe(true); // out-of-range input address reports level 0
  });

  it('takes the granules from the profile: cortex-a57 has no 16K granule', () => {
    expect(granulesFor('max', 2)).toEqual([12, 14, 16]);
    expect(granulesFor('cortex-a57', 2)).toEqual([12, 16]);
  });

  it('counts the walks of a real run and lists what it did not hit', async () => {
    const [image] = await buildScenarios(['s2-demand-fault']);
    const side = await runModel(image, { ...DEFAULT_RUN_OPTIONS, coverage: true });
    expect(side.end).toBe('poweroff');
    const counts = mergeCounts([side.coverage, side.coverage]);
    // s2-demand-fault takes stage-2 translation faults at levels 1, 2 and 3 (4K granule).
    for (const level of [1, 2, 3]) expect(counts[`2:12:${level}:translation`]).toBeGreaterThan(0);
    expect(counts['2:12:3:ok']).toBe(2 * side.coverage!['2:12:3:ok']);
    const rep = coverageReport(counts, 'max');
    expect(rep.missing).not.toContain('stage-2 4K level 3 translation');
    expect(rep.missing).toContain('stage-2 64K level 2 access-flag');
    expect(formatCoverage(rep, 'max')).toMatch(/stage 2, 4K granule/);
  });
});
