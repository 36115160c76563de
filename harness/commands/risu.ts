// `s2diff risu`: random instruction streams of every class in lockstep on both sides
// (harness/random-stream/), reported like `s2diff repro` at the first differing state.

import { dir } from 'tmp-promise';
import { UsageError } from '../errors.ts';
import type { StreamClass } from '../random-stream/generate.ts';
import { runRisu } from '../random-stream/run.ts';
import type { RunOptions } from '../types.ts';

export async function risuCommand(instructions: number, seed: number, perStream: number, classes: StreamClass[] | undefined,
  opts: RunOptions): Promise<number> {
  if (!Number.isInteger(instructions) || instructions < 1) throw new UsageError(`--instructions ${instructions}: must be a positive integer`);
  if (!Number.isInteger(perStream) || perStream < 1 || perStream > 1_000_000) throw new UsageError(`--per-stream ${perStream}: must be 1..1000000`);
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-risu-' });
  try {
    const t0 = performance.now();
    const r = await runRisu({ seed, instructions, perStream, classes, opts, workDir: work.path, log: (l) => process.stderr.write(l + '\n') });
    process.stdout.write(`risu: ${r.instructions} random instructions in ${r.streams} stream(s) (${JSON.stringify(r.counts)}), ` +
      `${r.lockstepInstructions} instructions compared in lockstep, ${Math.round((performance.now() - t0) / 1000)} s: ` +
      `${r.divergence ? '1 divergence' : '0 divergences'}\n`);
    if (r.divergence) process.stdout.write(r.divergence.text + '\n');
    return r.divergence ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}
