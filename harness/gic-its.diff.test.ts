// The ITS, LPIs and GICv4.0 against QEMU beyond "the scenario matches" (scenarios.diff.test.ts
// runs each once): the physical-LPI scenarios on a GICv4 board too (--gic 4), every ITS and
// GICv4 scenario in lockstep under --icount (every instruction of every PE), and a bug
// planted in the model's LPI caching caught by them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLockstep, runLockstep } from './lockstep.ts';
import { runCase } from './run-case.ts';
import { buildScenarios, discoverScenarios, scenarioRunOptions } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';

const NAMES = ['its-lpi', 'its-lpi-smp', 'its-errors', 'gicv4-vlpi', 'gicv4-doorbell', 'gicv4-vmovp'];
const infos = await discoverScenarios();
const images = new Map((await buildScenarios(NAMES)).map((img, i) => [NAMES[i]!, img]));
const optsOf = (name: string): RunOptions => ({ ...DEFAULT_RUN_OPTIONS, timeoutSec: 60, ...scenarioRunOptions(infos.find((s) => s.name === name)) });
const work = (): string => mkdtempSync(join(tmpdir(), 's2diff-its-'));

describe('ITS, LPIs and GICv4.0 against QEMU', () => {
  it('the GICv4 scenarios ask for --gic 4, the physical ones run on the default GICv3', () => {
    for (const n of NAMES) expect(optsOf(n).gic, n).toBe(n.startsWith('gicv4') ? 4 : undefined);
  });

  it.each(['its-lpi', 'its-errors'])('%s (physical LPIs) matches on a GICv4 board too', async (name) => {
    const r = await runCase({ name, image: images.get(name)! }, { ...optsOf(name), gic: 4 });
    expect(r.verdict, r.divergences.map((d) => `${d.summary}\n  qemu:  ${d.qemu}\n  model: ${d.model}`).join('\n')).toBe('match');
    expect(r.qemu?.uart).toMatch(/GITS_TYPER(: .*Virtual 1| 0x0000003f0001efb3)/); // the board is a GICv4
  });

  it.each(NAMES)('%s agrees with QEMU on every instruction', async (name) => {
    const r = await runLockstep(images.get(name)!, { opts: optsOf(name), workDir: work() });
    expect(r.divergence, formatLockstep(r, name)).toBeUndefined();
    expect(r.end).toBe('both-ended');
  });

  it('a redistributor that ignores INV (a stale cached LPI) is caught by its-lpi', async () => {
    const r = await runLockstep(images.get('its-lpi')!, {
      opts: optsOf('its-lpi'), workDir: work(),
      patchModel: (m) => { for (const pe of m.dist.pes) pe.lpis.invalidate = () => {}; },
    });
    expect(r.divergence).toBeDefined();
  });
});
