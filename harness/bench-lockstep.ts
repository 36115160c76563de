// `s2diff bench --lockstep`: lockstep's speed (s2diff repro), in instructions compared per
// second of wall time, by translation blocks (the default) and single-stepped throughout,
// on scenarios that agree. Start-up (QEMU, the model's boot) is included, as a user waits for it.

import { dir } from 'tmp-promise';
import { runLockstep } from './lockstep.ts';
import { buildScenarios } from './scenarios.ts';
import type { RunOptions } from './types.ts';

export interface LockstepBench {
  name: string;
  granularity: 'blocks' | 'instructions';
  instructions: number;
  ms: number;
  instructionsPerSecond: number;
  /** How the comparison ended ('both-ended' for a clean figure). */
  end: string;
}

export const LOCKSTEP_BENCH_WORKLOADS = ['s2-demand-fault', 'fp-scalar-c'];

export async function benchLockstep(opts: RunOptions): Promise<LockstepBench[]> {
  const images = await buildScenarios(LOCKSTEP_BENCH_WORKLOADS);
  const out: LockstepBench[] = [];
  for (const [i, name] of LOCKSTEP_BENCH_WORKLOADS.entries()) {
    for (const granularity of ['blocks', 'instructions'] as const) {
      const work = await dir({ unsafeCleanup: true, prefix: 's2diff-bench-ls-' });
      try {
        const t0 = performance.now();
        const r = await runLockstep(images[i]!, { opts: { ...opts, timeoutSec: Math.max(opts.timeoutSec, 120) }, workDir: work.path, granularity });
        const ms = Math.round(performance.now() - t0);
        const b: LockstepBench = {
          name, granularity, instructions: r.instructions, ms, end: r.divergence ? 'diverged' : r.end,
          instructionsPerSecond: Math.round(r.instructions / (ms / 1000)),
        };
        out.push(b);
        process.stdout.write(`lockstep ${name} (${granularity === 'blocks' ? 'by blocks' : 'single-stepped'}): ` +
          `${b.instructions} instructions in ${ms} ms = ${b.instructionsPerSecond} instructions/s${b.end === 'both-ended' ? '' : ` (${b.end})`}\n`);
      } finally {
        await work.cleanup();
      }
    }
  }
  return out;
}
