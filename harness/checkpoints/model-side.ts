// The model's side of a checkpointed run, from the same machine `s2diff run` boots: the
// instruction count and state at every exception entry, every PC in a window of instruction
// counts, and the positioning gdb-pin.ts needs (run to a count, states along the way).
// Counts here are a QEMU plugin's (instructions started: retired + restarted after a
// faulting access), so that a position means the same instruction on both sides.

import { bootMachine } from '../../emulator/index.ts';
import { EC } from '../../emulator/exceptions.ts';
import type { Machine } from '../../emulator/machine.ts';
import type { QemuDeviationId } from '../../emulator/qemu-deviation-ids.ts';
import { LOCKSTEP_FOLLOWED } from '../lockstep.ts';
import { modelConfig } from '../model-config.ts';
import { modelState } from '../model-state.ts';
import type { ArchState } from '../qemu-trace.ts';
import type { RunOptions } from '../types.ts';

export interface ModelCheckpoint {
  vector: bigint;
  /** Instructions the model's clock counted before the exception. */
  instret: number;
  /** The plugin's count at the vector (instructions started before it). */
  count: number;
  /**
   * The state at the vector's first instruction (the interrupted context's registers, the new
   * PSTATE); kept for the first MAX_ENTRY_STATES entries only (an exception storm has millions).
   */
  state?: ArchState;
  /**
   * Where the exception came from (ELR): QEMU can stop there at the entry's count, before the
   * entry (an interrupt its timers raise after the stop, a device access restarted under -icount).
   */
  elr: bigint;
}

/** A change to the freshly booted machine (tests plant a model bug with it). */
export type MachinePatch = (m: Machine) => void;

/**
 * The machine of the case, imitating the QEMU deviations lockstep imitates (they would
 * otherwise show in every state compared: NZCV after each exception entry), and patched.
 */
export async function bootCase(image: string, opts: RunOptions, patch?: MachinePatch): Promise<Machine> {
  const m = bootMachine(image, await modelConfig(image, opts));
  for (const id of LOCKSTEP_FOLLOWED) m.cpu.followQemu.add(id);
  patch?.(m);
  return m;
}

/** Instructions started so far, as QEMU's checkpoint plugin counts them. */
export const startedCount = (m: Machine): number => m.cpu.instret + m.cpu.restarted;

/** Synchronous exceptions taken before their instruction started: a fetch fault, a step, a breakpoint. */
const TAKEN_BEFORE_START: ReadonlySet<number> = new Set([
  EC.IABT_LOWER, EC.IABT_CURRENT, EC.SOFTWARE_STEP_LOWER, EC.SOFTWARE_STEP_CURRENT, EC.BREAKPOINT_LOWER, EC.BREAKPOINT_CURRENT,
]);

/** Entries whose state is kept (~4 KB each). */
const MAX_ENTRY_STATES = 50_000;

/**
 * Every exception entry of the model's run, the count at its end, and the catalogued QEMU
 * deviations it imitated (bootCase: a difference that is one of them is not searched for).
 */
export async function modelCheckpoints(image: string, opts: RunOptions, patch?: MachinePatch):
  Promise<{ entries: ModelCheckpoint[]; end: number; imitated: QemuDeviationId[] }> {
  const m = await bootCase(image, opts, patch);
  const out: ModelCheckpoint[] = [];
  const prev = m.cpu.onEvent;
  m.cpu.onEvent = (e) => {
    if (e.event === 'exception-taken') {
      // The event comes while the instruction that raised it is being unwound: it counts once
      // started (every synchronous exception but those taken before the instruction starts).
      const started = e.kind === 'synchronous' && !TAKEN_BEFORE_START.has(e.ec ?? -1) ? 1 : 0;
      out.push({
        vector: e.vector, instret: m.cpu.instret, count: startedCount(m) + started, elr: e.elr,
        ...(out.length < MAX_ENTRY_STATES ? { state: modelState(m.cpu, true) } : {}),
      });
    }
    prev(e);
  };
  m.run(opts.maxSteps, Date.now() + opts.timeoutSec * 1000);
  return { entries: out, end: startedCount(m), imitated: [...m.cpu.qemuImitations.keys()] };
}

export interface ModelStep { pc: bigint; instret: number }

/** Every PC the model starts in [from, to) of its clock (a fetch that faults is left out, as QEMU never starts it). */
export async function modelWindow(image: string, opts: RunOptions, from: number, to: number, patch?: MachinePatch): Promise<ModelStep[]> {
  const m = await bootCase(image, opts, patch);
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

/** A position of a run: before the instruction at `pc`, `count` instructions started. */
export interface RunPoint { count: number; pc: bigint }

/**
 * Runs the machine until `count` instructions have started (fast, then stepping the last
 * ones, so that an interrupt due there is taken as QEMU takes it). False when the run ended.
 */
export function modelRunToCount(m: Machine, count: number): boolean {
  const deadline = Date.now() + 3600_000;
  for (;;) {
    const n = startedCount(m);
    if (n >= count) return true;
    if (m.cpu.stopped) return false;
    const gap = count - n;
    // run() retires exactly what it is asked; restarts add to the count, so ask for half the gap.
    if (gap > 64) m.run(Math.floor(gap / 2), deadline);
    else if (!m.step()) return startedCount(m) >= count;
  }
}

/** Runs the machine to `p`: 'passed' when it is elsewhere there (the sides' control flow differs). */
export function modelRunTo(m: Machine, p: RunPoint): 'arrived' | 'passed' | 'ended' {
  if (!modelRunToCount(m, p.count)) return 'ended';
  return startedCount(m) === p.count && m.cpu.pc === p.pc ? 'arrived' : 'passed';
}

/**
 * A point to stop QEMU at, with the model's state there; stepping, also the instruction word,
 * and for the state at an exception's vector where the exception came from (ELR).
 */
export interface PinTarget extends RunPoint { state: ArchState; word?: number; entryFrom?: bigint }

/**
 * About `k` points spread evenly over the model's run from where it is to count `to`: at each,
 * the first instruction that starts at or after the ideal count (where an interrupt is taken
 * first, the state before the vector's first instruction).
 */
export function chooseTargets(m: Machine, to: number, k: number): PinTarget[] {
  const from = startedCount(m);
  const spacing = Math.max(1, Math.floor((to - from) / k));
  const out: PinTarget[] = [];
  let next = from + spacing;
  // Not just after an exception entry: QEMU can stop before it at that count (see ModelCheckpoint.elr).
  let entered = false;
  const prev = m.cpu.onEvent;
  m.cpu.onEvent = (e) => {
    if (e.event === 'exception-taken') entered = true;
    prev(e);
  };
  while (next < to && !m.cpu.stopped) {
    entered = false;
    if (!modelRunToCount(m, next)) break;
    if (entered) {
      next++;
      continue;
    }
    const count = startedCount(m);
    out.push({ count, pc: m.cpu.pc, state: modelState(m.cpu, true) });
    next = Math.max(next, count) + spacing;
  }
  m.cpu.onEvent = prev;
  return out;
}

/** Every state of the model's run from where it is to count `to` (each before its instruction). */
export function statesTo(m: Machine, to: number): PinTarget[] {
  const out: PinTarget[] = [];
  let entryFrom: bigint | undefined;
  const prev = m.cpu.onEvent;
  m.cpu.onEvent = (e) => {
    if (e.event === 'exception-taken') entryFrom = e.elr;
    prev(e);
  };
  while (startedCount(m) <= to && !m.cpu.stopped) {
    out.push({ count: startedCount(m), pc: m.cpu.pc, state: modelState(m.cpu, true), word: m.peekInsn(), ...(entryFrom !== undefined ? { entryFrom } : {}) });
    entryFrom = undefined;
    if (!m.step()) break;
  }
  m.cpu.onEvent = prev;
  return out;
}
