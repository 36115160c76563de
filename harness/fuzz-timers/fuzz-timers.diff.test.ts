// The timer and interrupt fuzzer against QEMU under -icount: 1,000 cases of CNTVOFF, CVAL/TVAL,
// CTL, PPI priorities and PMR agree on every ISTATUS read, interrupt and counter (a fixed seed;
// the nightly draws its own), and a model whose virtual timer compares CVAL with the physical
// count (CNTVOFF forgotten) is caught and the case shrunk to the virtual timer.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../emulator/machine.ts';
import { NS_PER_TICK } from '../../emulator/generic-timer.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { DEFAULT_TIMER_RUNS, fuzzTimers } from './run.ts';

const env = (patchModel?: (m: Machine) => void) => ({ opts: DEFAULT_RUN_OPTIONS, workDir: mkdtempSync(join(tmpdir(), 's2diff-fuzz-timers-')), patchModel });

interface TimerInternals {
  countFor(id: string): bigint;
  armedNs(id: string): number | undefined;
  status(id: string): boolean;
  t: Record<string, { ctl: number; cval: bigint }>;
}

/** The EL1 virtual timer's condition and expiry without CNTVOFF: CVAL against the physical count. */
function forgetCntvoff(m: Machine): void {
  const t = m.cpu.timer as unknown as TimerInternals;
  const countFor = t.countFor.bind(t), armedNs = t.armedNs.bind(t);
  t.countFor = (id) => countFor(id === 'v' ? 'p' : id);
  t.armedNs = (id) => {
    if (id !== 'v') return armedNs(id);
    return (t.t.v!.ctl & 1) === 0 || t.status('v') ? undefined : Number(t.t.v!.cval) * NS_PER_TICK;
  };
}

describe('timer and interrupt fuzzing', () => {
  it(`agrees with QEMU on ${DEFAULT_TIMER_RUNS} cases`, async () => {
    const r = await fuzzTimers({ runs: DEFAULT_TIMER_RUNS, seed: 1, env: env(), log: () => {} });
    expect(r.failure?.text).toBeUndefined();
    expect(r.runs).toBe(DEFAULT_TIMER_RUNS);
  }, 300_000);

  it('catches a virtual timer that forgets CNTVOFF and shrinks the case to that timer', async () => {
    const r = await fuzzTimers({ runs: DEFAULT_TIMER_RUNS, seed: 1, env: env(forgetCntvoff), log: () => {} });
    const f = r.failure;
    expect(f, 'planted CNTVOFF bug not found').toBeDefined();
    expect(f!.shrunk.cntvoff).not.toBe(0n);
    expect(f!.shrunk.ctl[0] & 1).toBe(1); // the virtual timer enabled
    expect(f!.shrunk.ctl[1] & 1).toBe(0); // the physical timers off: not needed
    expect(f!.shrunk.ctl[2] & 1).toBe(0);
    expect(f!.model).not.toBe(f!.qemu);
  }, 300_000);
});
