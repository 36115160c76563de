// `s2diff bench`: the alu workload on both sides (harness/bench.ts): model MIPS and QEMU
// wall time, medians of --repeat runs.

import { runBench, type ExtraWorkload } from '../bench.ts';
import { UsageError } from '../errors.ts';
import { withIdProbe } from '../id-probe.ts';
import { initramfsFile, kernelImage } from '../linux/linux-files.ts';
import { DEFAULT_LINUX_APPEND, LINUX_MAX_STEPS, LINUX_TIMEOUT_SEC } from './linux.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../types.ts';

/** --linux: Debian's boot to userspace on cortex-a57 under --icount 0, run once (a minute on the model). */
async function linuxWorkload(): Promise<ExtraWorkload> {
  const { opts } = await withIdProbe({
    ...DEFAULT_RUN_OPTIONS, cpu: 'cortex-a57', append: DEFAULT_LINUX_APPEND, initrd: initramfsFile({}),
    icount: 0, timeoutSec: LINUX_TIMEOUT_SEC, maxSteps: LINUX_MAX_STEPS,
  });
  return { name: 'linux-a57', image: kernelImage(), opts, repeat: 1 };
}

/** `options` is called after the arguments are checked: it may run the ID probe on QEMU. */
export async function benchCommand(a: { json?: string; repeat: number; linux?: boolean; lockstep?: boolean }, options: () => Promise<RunOptions>): Promise<number> {
  if (!Number.isInteger(a.repeat) || a.repeat < 1) throw new UsageError(`--repeat ${a.repeat}: must be a positive integer`);
  const extra = a.linux ? [await linuxWorkload()] : [];
  return runBench(await options(), a.json, a.repeat, extra, a.lockstep === true);
}
