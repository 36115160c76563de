// `s2diff bench`: the model's speed on the alu workload (instructions retired, MIPS) next to
// QEMU's wall time for the same image, in one run. Figures go to stdout and, with --json,
// to a file in the shape of design.md §3.

import { writeFileSync } from 'node:fs';
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
}

export const BENCH_WORKLOADS = ['alu'];

export async function runBench(opts: RunOptions, json?: string): Promise<number> {
  const images = await buildScenarios(BENCH_WORKLOADS);
  const workloads: BenchWorkload[] = [];
  let ok = true;
  for (const [i, name] of BENCH_WORKLOADS.entries()) {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-bench-' });
    try {
      const q = await runQemu(images[i], opts, { workDir: work.path });
      const m = await runModel(images[i], opts);
      if (m.end !== 'poweroff' || q.end !== 'poweroff') ok = false;
      const instructions = m.instructions ?? 0;
      const w: BenchWorkload = {
        name, instructions, modelMs: m.durationMs,
        modelMips: m.durationMs > 0 ? Math.round((instructions / m.durationMs / 1000) * 10) / 10 : 0,
        qemuMs: q.durationMs,
      };
      workloads.push(w);
      process.stdout.write(`${name}: model ${instructions} instructions in ${w.modelMs} ms = ${w.modelMips} MIPS; ` +
        `QEMU ${w.qemuMs} ms wall${m.end !== 'poweroff' ? ` (model ended: ${m.end})` : ''}` +
        `${q.end !== 'poweroff' ? ` (QEMU ended: ${q.end})` : ''}\n`);
    } finally {
      await work.cleanup();
    }
  }
  if (json) writeFileSync(json, JSON.stringify({ workloads }, null, 2) + '\n');
  return ok ? 0 : 1;
}
