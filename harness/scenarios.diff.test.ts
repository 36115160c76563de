// Differential tests: every scenario runs on QEMU and on the model and must match.
// These are the proof that the model behaves as QEMU does for each feature a scenario uses.

import { describe, expect, it } from 'vitest';
import { runCase } from './run-case.ts';
import { buildScenarios, discoverScenarios, scenarioRunOptions } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

const scenarios = (await discoverScenarios()).filter((s) => s.suite);
const images = await buildScenarios(scenarios.map((s) => s.name));

describe('scenarios match QEMU', () => {
  it('there are scenarios to compare', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  it.each(scenarios.map((s, i) => [s.name, images[i], s] as const))('%s', async (name, image, s) => {
    const r = await runCase({ name, image }, { ...DEFAULT_RUN_OPTIONS, timeoutSec: 60, ...scenarioRunOptions(s) });
    const why = r.divergences.map((d) => `${d.kind}: ${d.summary}\n  qemu:  ${d.qemu}\n  model: ${d.model}`).join('\n');
    expect(r.verdict, `${name}: ${why}${r.error ?? ''}`).toBe('match');
    expect(r.qemu?.end).toBe('poweroff');
    expect(r.qemu?.exitStatus).toBe(0);
  });
});
