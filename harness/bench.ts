// `s2diff bench`: the model's speed on the alu workload (integer) and the fp-scalar-c one (scalar
// floating point: the FP core's exact and fast paths; instructions retired, MIPS) next to
// QEMU's wall time for the same image, in one run. Figures go to stdout and, with --json,
// to a file in the shape of design.md §3. With --lockstep, lockstep's own speed too
// (bench-lockstep.ts).

import { writeFileSync } from 'node:fs';
import { benchLockstep } from './bench-lockstep.ts';
import { runModel } from './model-runner.ts';
import { runQemu } from './qemu-runner.ts';
import { buildScenarios } from './scenarios.ts';
import type { RunOptions } from './types.ts';
import { dir } from 'tmp-promise';

export interface BenchWorkload {
  name: string;
  instructions: number;
  modelMs: number;
  modelMips: number;
  qemuMs: number;
  /** Model MIPS of every repetition (the figure above is their median). */
  modelMipsRuns: number[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const BENCH_WORKLOADS = ['alu', 'fp-scalar-c'];

/** A workload beyond the scenarios: its image and the options it runs with (the Linux boot). */
export interface ExtraWorkload { name: string; image: string; opts: RunOptions; repeat: number }

/**
 * Each workload runs `repeat` times on each side (each model run in a fresh worker, as in
 * `s2diff run`); the figures are medians, so one slow run on a busy machine does not skew them.
 */
export async function runBench(opts: RunOptions, json?: string, repeat = 5, extra: ExtraWorkload[] = [], lockstep = false): Promise<number> {
  const images = await buildScenarios(BENCH_WORKLOADS);
  const runs: ExtraWorkload[] = [
    ...BENCH_WORKLOADS.map((name, i) => ({ name, image: images[i]!, opts, repeat })),
    ...extra,
  ];
  const workloads: BenchWorkload[] = [];
  let ok = true;
  for (const { name, image, opts, repeat } of runs) {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-bench-' });
    try {
      const qemuMs: number[] = [], modelMs: number[] = [], mips: number[] = [];
      let q, m;
      for (let r = 0; r < repeat; r++) {
        q = await runQemu(image, opts, { workDir: work.path });
        m = await runModel(image, opts);
        qemuMs.push(q.durationMs);
        modelMs.push(m.durationMs);
        mips.push(m.durationMs > 0 ? Math.round(((m.instructions ?? 0) / m.durationMs / 1000) * 10) / 10 : 0);
        if (m.end !== 'poweroff' || q.end !== 'poweroff') { ok = false; break; }
      }
      if (!q || !m) throw new Error('bench: --repeat must be at least 1');
      const instructions = m.instructions ?? 0;
      const w: BenchWorkload = {
        name, instructions, modelMs: median(modelMs), modelMips: median(mips), qemuMs: median(qemuMs), modelMipsRuns: mips,
      };
      workloads.push(w);
      process.stdout.write(`${name}: model ${instructions} instructions in ${w.modelMs} ms = ${w.modelMips} MIPS ` +
        `(median of ${mips.length}: ${mips.join(', ')}); ` +
        `QEMU ${w.qemuMs} ms wall${m.end !== 'poweroff' ? ` (model ended: ${m.end})` : ''}` +
        `${q.end !== 'poweroff' ? ` (QEMU ended: ${q.end})` : ''}\n`);
    } finally {
      await work.cleanup();
    }
  }
  const ls = lockstep ? await benchLockstep(opts) : undefined;
  if (json) writeFileSync(json, JSON.stringify({ workloads, ...(ls ? { lockstep: ls } : {}) }, null, 2) + '\n');
  return ok ? 0 : 1;
}
