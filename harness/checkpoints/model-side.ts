// The model's side of a checkpointed run: the instruction count at every exception entry,
// and every PC in a window of instruction counts, from the same machine `s2diff run` boots.

import { bootMachine } from '../../emulator/index.ts';
import type { Machine } from '../../emulator/machine.ts';
import { modelConfig } from '../model-config.ts';
import type { RunOptions } from '../types.ts';

export interface ModelCheckpoint {
  vector: bigint;
  /** Instructions the model's clock counted before the exception. */
  instret: number;
}

/** A change to the freshly booted machine (tests plant a model bug with it). */
export type MachinePatch = (m: Machine) => void;

async function boot(image: string, opts: RunOptions, patch?: MachinePatch): Promise<Machine> {
  const m = bootMachine(image, await modelConfig(image, opts));
  patch?.(m);
  return m;
}

export async function modelCheckpoints(image: string, opts: RunOptions, patch?: MachinePatch): Promise<ModelCheckpoint[]> {
  const m = await boot(image, opts, patch);
  const out: ModelCheckpoint[] = [];
  const prev = m.cpu.onEvent;
  m.cpu.onEvent = (e) => {
    if (e.event === 'exception-taken') out.push({ vector: e.vector, instret: m.cpu.instret });
    prev(e);
  };
  m.run(opts.maxSteps, Date.now() + opts.timeoutSec * 1000);
  return out;
}

export interface ModelStep { pc: bigint; instret: number }

/** Every PC the model starts in [from, to) of its clock (a fetch that faults is left out, as QEMU never starts it). */
export async function modelWindow(image: string, opts: RunOptions, from: number, to: number, patch?: MachinePatch): Promise<ModelStep[]> {
  const m = await boot(image, opts, patch);
  m.run(from, Date.now() + opts.timeoutSec * 1000);
  const out: ModelStep[] = [];
  let fetchFaulted = false;
  const prev = m.cpu.onEvent;
  let atPc = 0n;
  m.cpu.onEvent = (e) => {
    if (e.event === 'exception-taken' && (e.ec === 0x20 || e.ec === 0x21) && e.elr === atPc) fetchFaulted = true;
    prev(e);
  };
  while (m.cpu.instret < to) {
    atPc = m.cpu.pc;
    const instret = m.cpu.instret;
    fetchFaulted = false;
    const going = m.step();
    if (!fetchFaulted) out.push({ pc: atPc, instret });
    if (!going) break;
  }
  return out;
}
