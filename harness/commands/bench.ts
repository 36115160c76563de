// `s2diff bench`: the alu workload on both sides (harness/bench.ts): model MIPS and QEMU
// wall time, medians of --repeat runs.

import { runBench } from '../bench.ts';
import { UsageError } from '../errors.ts';
import type { RunOptions } from '../types.ts';

/** `options` is called after the arguments are checked: it may run the ID probe on QEMU. */
export async function benchCommand(a: { json?: string; repeat: number }, options: () => Promise<RunOptions>): Promise<number> {
  if (!Number.isInteger(a.repeat) || a.repeat < 1) throw new UsageError(`--repeat ${a.repeat}: must be a positive integer`);
  return runBench(await options(), a.json, a.repeat);
}
