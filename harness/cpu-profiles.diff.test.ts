// CPU profiles (-cpu max, -cpu cortex-a57): every ID register the id-registers scenario prints
// must equal QEMU's, and what the profile lacks must behave as on QEMU: a granule the CPU does
// not implement acts as one it does (16K on the A57), HCR_EL2 bits of absent features are RES0
// (E2H, FWB), and registers of absent features are UNDEFINED (TTBR1_EL2 without VHE).
import { describe, expect, it } from 'vitest';
import { runCase } from './run-case.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';

const A57: RunOptions = { ...DEFAULT_RUN_OPTIONS, cpu: 'cortex-a57', timeoutSec: 60 };

async function run(name: string, opts: RunOptions) {
  const [image] = await buildScenarios([name]);
  return runCase({ name, image: image! }, opts);
}

describe('CPU profiles match QEMU', () => {
  it.each(['max', 'cortex-a57'] as const)('id-registers on -cpu %s', async (cpu) => {
    const r = await run('id-registers', { ...DEFAULT_RUN_OPTIONS, cpu });
    expect(r.verdict, r.divergences.map((d) => `${d.summary}\n${d.qemu}\n${d.model}`).join('\n')).toBe('match');
  });

  it.each(['hello', 's2-identity', 's2-walk-16k-l2', 's1-walk-16k-l1', 's1-el2-regimes', 's2-abort-matrix'])(
    '%s on -cpu cortex-a57', async (name) => {
      const r = await run(name, A57);
      expect(r.verdict, r.divergences.map((d) => `${d.summary}\n${d.qemu}\n${d.model}`).join('\n')).toBe('match');
      expect(r.qemu?.exitStatus).toBe(r.model?.exitStatus);
    });

  it('par-attrs on -cpu cortex-a57 differs only where QEMU combines Device with Normal against the Arm ARM', async () => {
    const r = await run('par-attrs', A57);
    expect(r.verdict).toBe('diverge');
    expect(r.divergences).toHaveLength(1);
    expect(r.divergences[0]!.summary).toContain('device-type-from-normal-attributes');
    expect(r.divergences[0]!.qemu).toContain('ATTR=0x04');
    expect(r.divergences[0]!.model).toContain('ATTR=0x0c');
  });

  it('s1-table-controls on -cpu cortex-a57: QEMU honours TCR_EL1.HPD without FEAT_HPDS; imitating that, everything else agrees', async () => {
    const r = await run('s1-table-controls', A57);
    expect(r.verdict).toBe('diverge');
    expect(r.divergences[0]!.summary).toContain('hpd-honoured-without-feat-hpds');
    expect(r.divergences[0]!.model).toContain('S1E1W  fault FST=0x0f'); // APTable read-only applies
    const followed = await run('s1-table-controls', { ...A57, followQemu: ['hpd-honoured-without-feat-hpds'] });
    expect(followed.divergences).toEqual([]);
    expect(followed.verdict).toBe('known');
  });
});
