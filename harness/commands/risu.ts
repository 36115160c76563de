// `s2diff risu`: random instruction streams of every class on both sides
// (harness/random-stream/), compared after every item by a state signature (or in lockstep
// with --mode lockstep), reported like `s2diff repro` at the first differing instruction.

import { dir } from 'tmp-promise';
import type { FpStats } from '../../emulator/fp-stats.ts';
import { UsageError } from '../errors.ts';
import type { StreamClass } from '../random-stream/generate.ts';
import { runRisu, type RisuMode } from '../random-stream/run.ts';
import type { RunOptions } from '../types.ts';

export interface RisuCommandArgs {
  instructions: number;
  seed: number;
  perStream?: number;
  mode: RisuMode;
  classes?: StreamClass[];
}

/** "FP instructions 123: IOC 4, ..., NaN operands 9" */
export function formatFpStats(s: FpStats): string {
  return `FP/SIMD instructions ${s.instructions}: IOC ${s.IOC}, DZC ${s.DZC}, OFC ${s.OFC}, UFC ${s.UFC}, IXC ${s.IXC}, ` +
    `IDC ${s.IDC}, QC ${s.QC}, with a NaN operand ${s.nanOperands}`;
}

export async function risuCommand(a: RisuCommandArgs, opts: RunOptions): Promise<number> {
  const perStream = a.perStream ?? (a.mode === 'signature' ? 20_000 : 50_000);
  if (!Number.isInteger(a.instructions) || a.instructions < 1) throw new UsageError(`--instructions ${a.instructions}: must be a positive integer`);
  if (!Number.isInteger(perStream) || perStream < 1 || perStream > 1_000_000) throw new UsageError(`--per-stream ${perStream}: must be 1..1000000`);
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-risu-' });
  try {
    const t0 = performance.now();
    const r = await runRisu({ seed: a.seed, instructions: a.instructions, perStream, classes: a.classes, mode: a.mode, opts, workDir: work.path,
      log: (l) => process.stderr.write(l + '\n') });
    const compared = a.mode === 'signature'
      ? `${r.freeInstructions} instructions run freely with a state signature after every item` +
        (r.lockstepInstructions > 0 ? `, ${r.lockstepInstructions} in lockstep` : '')
      : `${r.lockstepInstructions} instructions compared in lockstep`;
    process.stdout.write(`risu: ${r.instructions} random instructions in ${r.streams} stream(s) (${JSON.stringify(r.counts)}), ` +
      `${compared}, ${Math.round((performance.now() - t0) / 1000)} s: ${r.divergence ? '1 divergence' : '0 divergences'}\n`);
    if (r.fpStats && r.fpStats.instructions + r.fpStats.QC > 0) process.stdout.write(`risu: ${formatFpStats(r.fpStats)}\n`);
    const imitated = Object.entries(r.imitated);
    if (imitated.length > 0) process.stdout.write(`risu: the model imitated QEMU deviations (as lockstep does): ${imitated.map(([id, n]) => `${id} ${n}x`).join(', ')}\n`);
    if (r.divergence) process.stdout.write(r.divergence.text + '\n');
    return r.divergence ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}
