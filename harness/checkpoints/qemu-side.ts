// QEMU's side of a checkpointed run: the case's own command line plus the checkpoint plugin,
// which logs the instructions executed before each entry to the given vectors, or every PC
// in a window of instruction counts. QEMU runs at its own speed (seconds for a Linux boot).

import { execa } from 'execa';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { RunOptions } from '../types.ts';
import { qemuArgvWithPlugin } from './plugin.ts';

export interface QemuCheckpoint { pc: bigint; count: number }

/** Runs QEMU with the plugin; the lines it logged with `tag`, parsed (streamed: a window is millions of lines). */
async function runWithPlugin(image: string, opts: RunOptions, workDir: string, args: string[], tag: string): Promise<QemuCheckpoint[]> {
  const out = join(workDir, `checkpoints-${args.length}-${Date.now()}.txt`);
  const [bin, ...argv] = await qemuArgvWithPlugin(image, opts, join(workDir, 'qemu-int.log'), [`out=${out}`, ...args]);
  await execa(bin!, argv, { timeout: opts.timeoutSec * 1000, reject: false, stdin: 'ignore', detached: true });
  const found: QemuCheckpoint[] = [];
  for await (const l of createInterface({ input: createReadStream(out), crlfDelay: Infinity })) {
    if (!l.startsWith(tag)) continue;
    const [, pc, count] = l.split(' ');
    found.push({ pc: BigInt('0x' + pc), count: Number(count) });
  }
  return found;
}

/** Instructions executed before each entry to one of `vectors`, in order. */
export async function qemuCheckpoints(image: string, opts: RunOptions, workDir: string, vectors: bigint[]): Promise<QemuCheckpoint[]> {
  return runWithPlugin(image, opts, workDir, vectors.map((v) => `pc=0x${v.toString(16)}`), 'at ');
}

/** Every executed PC whose count is in [from, to). */
export async function qemuWindow(image: string, opts: RunOptions, workDir: string, from: number, to: number): Promise<QemuCheckpoint[]> {
  return runWithPlugin(image, opts, workDir, [`from=${from}`, `to=${to}`], 'pc ');
}
