// The one place where a command's RunOptions become the model's configuration. Every
// command that runs the model (run, model, bench, sweep, fuzz, repro, risu, the trace) goes
// through here, so an option the model understands reaches it from every command alike.

import { ImageError, type ModelConfig } from '../emulator/index.ts';
import { UsageError } from './errors.ts';
import { isRawImage, qemuDtb } from './qemu-dtb.ts';
import type { RunOptions } from './types.ts';

/**
 * The model's configuration for running `image` with `opts`. A raw image gets the DTB QEMU
 * generates for the same command line (design.md §2), so this needs QEMU for raw images.
 * Throws UsageError (exit 2) when the image cannot be read.
 */
export async function modelConfig(image: string, opts: RunOptions, onUart?: (bytes: Uint8Array) => void): Promise<ModelConfig> {
  let dtb: string | undefined;
  try {
    dtb = isRawImage(image) ? await qemuDtb(image, opts) : undefined;
  } catch (e) {
    if (e instanceof ImageError) throw new UsageError(e.message, 'pass an existing image');
    throw e;
  }
  return {
    cpu: opts.cpu,
    memMiB: opts.memMiB,
    maxSteps: opts.maxSteps,
    timeoutMs: opts.timeoutSec * 1000,
    uartCapBytes: opts.uartCapBytes,
    append: opts.append,
    initrd: opts.initrd,
    strict: opts.strict,
    coverage: opts.coverage,
    fpStats: opts.fpStats,
    loads: opts.loads,
    dtb,
    idRegisters: opts.idRegisters,
    icount: opts.icount,
    ...(opts.smp !== undefined && opts.smp > 1 ? { smp: opts.smp } : {}),
    ...(opts.gic === 4 ? { gic: 4 as const } : {}),
    blockThreshold: opts.blockThreshold,
    followQemu: opts.followQemu,
    el1: opts.el1,
    ...(onUart ? { onUart } : {}),
  };
}
