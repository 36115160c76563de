// Finding the first divergent instruction of a run too long to trace whole (a Linux boot:
// ~10^9 instructions, where QEMU's -d cpu trace would take hours). Cheap checkpoints first:
// the instruction count at every exception entry on both sides (QEMU through a TCG plugin,
// at full speed); the last checkpoint where vector and count agree bounds a window; then
// every PC of that window on both sides, compared in order. The first PC where they part is
// the first control-flow divergence; when the window's control flow agrees, the difference
// is in data. Either way gdb-pin.ts then names the first instruction after which a register
// differs (QEMU stopped by its gdbstub at points the model chooses), data differences included.

import { UsageError } from '../errors.ts';
import type { RunOptions } from '../types.ts';
import { pinFirstDifference, type PinResult } from './gdb-pin.ts';
import { modelCheckpoints, modelWindow, type MachinePatch, type ModelCheckpoint } from './model-side.ts';
import { qemuCheckpoints, qemuWindow } from './qemu-side.ts';

export interface NarrowResult {
  checkpoints: { qemu: number; model: number };
  /** Checkpoints (exception entries) on which both sides agree, from the start. */
  agreed: number;
  /** The first checkpoint that differs, as each side saw it (absent on a side that has no more). */
  qemuAt?: { vector: bigint; count: number };
  modelAt?: { vector: bigint; count: number };
  /** The window compared instruction by instruction, in QEMU's counts. */
  window?: { from: number; to: number };
  /** The first instruction after which the PCs differ; undefined when the window agrees. */
  divergence?: { count: number; lastCommonPc?: bigint; qemuPc?: bigint; modelPc?: bigint };
  /** The first instruction after which the registers differ (absent with pin: false). */
  pinned?: PinResult;
  /** Catalogued QEMU deviations the model imitated here (as lockstep does), so not searched for. */
  imitated: string[];
}

export interface NarrowOptions {
  /** A change to the model (tests plant a bug with it). */
  patch?: MachinePatch;
  /** Name the first instruction whose result differs (gdb-pin.ts; default true). */
  pin?: boolean;
}

/** Window instructions at most: both sides log every PC in it. */
const MAX_WINDOW = 5_000_000;

export async function narrowDivergence(image: string, opts: RunOptions, workDir: string, options: NarrowOptions = {}): Promise<NarrowResult> {
  if ((opts.smp ?? 1) > 1) throw new UsageError(`--checkpoints follows one PE; this case runs ${opts.smp}`, 'compare it with s2diff run');
  const patch = options.patch;
  const r = await compareCheckpoints(image, opts, workDir, patch);
  if (options.pin === false) return r.result;
  // Where the run is known to differ: after the branch where the sides part, at the entry
  // that differs, else (a difference in data alone) at the end.
  const { divergence: d, qemuAt, modelAt } = r.result;
  const end = d !== undefined ? d.count + 1
    : qemuAt !== undefined || modelAt !== undefined ? Math.max(qemuAt?.count ?? 0, modelAt?.count ?? 0) + 1 : r.end;
  r.result.pinned = await pinFirstDifference(image, opts, workDir, r.entries, end, patch);
  return r.result;
}

async function compareCheckpoints(image: string, opts: RunOptions, workDir: string, patch?: MachinePatch):
  Promise<{ result: NarrowResult; entries: ModelCheckpoint[]; end: number }> {
  const { entries: model, end: modelEnd, imitated } = await modelCheckpoints(image, opts, patch);
  const done = (result: NarrowResult): { result: NarrowResult; entries: ModelCheckpoint[]; end: number } => ({ result, entries: model, end: modelEnd });
  const vectors = [...new Set(model.map((c) => c.vector))];
  const qemu = await qemuCheckpoints(image, opts, workDir, vectors);
  // Compared: the instructions between consecutive entries, the plugin's count against the
  // model's clock, allowed to be one apart (the plugin counts an instruction each time it
  // starts, so a load or store that faulted and is restarted counts twice there, not in the
  // model's clock; an interrupt may fall one count apart). The instruction an exception came
  // from is compared by the exception records.
  const span = (c: (k: number) => number, k: number): number => c(k) - (k === 0 ? 0 : c(k - 1));
  const agrees = (k: number): boolean => qemu[k]!.pc === model[k]!.vector &&
    Math.abs(span((j) => qemu[j]!.count, k) - span((j) => model[j]!.instret, k)) <= 1;
  let i = 0;
  while (i < model.length && i < qemu.length && agrees(i)) i++;
  const result: NarrowResult = { checkpoints: { qemu: qemu.length, model: model.length }, agreed: i, imitated };
  if (i === model.length && i === qemu.length) return done(result);
  if (i < qemu.length) result.qemuAt = { vector: qemu[i]!.pc, count: qemu[i]!.count };
  if (i < model.length) result.modelAt = { vector: model[i]!.vector, count: model[i]!.instret };
  // The window: from the last agreeing checkpoint to the first differing one (either side's).
  const from = i === 0 ? 0 : qemu[i - 1]!.count;
  const modelFrom = i === 0 ? 0 : model[i - 1]!.instret;
  const end = Math.max(result.qemuAt?.count ?? 0, result.modelAt?.count ?? 0, from) + 2;
  const to = Math.min(end, from + MAX_WINDOW);
  result.window = { from, to };
  const q = await qemuWindow(image, opts, workDir, from, to);
  // The model's window starts a little early: an interrupt's count may be one apart.
  const mAll = await modelWindow(image, opts, Math.max(0, modelFrom - 2), modelFrom + (to - from) + 2, patch);
  const start = q.length > 0 ? mAll.findIndex((s) => s.pc === q[0]!.pc) : 0;
  const m = start > 0 ? mAll.slice(start) : mAll;
  for (let k = 0; k < q.length && k < m.length; k++) {
    if (q[k]!.pc !== m[k]!.pc) {
      result.divergence = { count: q[k]!.count, lastCommonPc: k > 0 ? q[k - 1]!.pc : undefined, qemuPc: q[k]!.pc, modelPc: m[k]!.pc };
      return done(result);
    }
  }
  return done(result);
}

const hex = (v: bigint | undefined): string => (v === undefined ? '-' : `0x${v.toString(16)}`);

export function formatNarrow(name: string, r: NarrowResult): string {
  const lines = [`${name}: ${r.checkpoints.qemu} exception entries on QEMU, ${r.checkpoints.model} on the model; ` +
    `the first ${r.agreed} agree in vector and instruction count`];
  if (r.imitated.length > 0) {
    lines.push(`  the model imitated QEMU's catalogued deviation${r.imitated.length > 1 ? 's' : ''} ${r.imitated.join(', ')} here, ` +
      'as lockstep does: a difference that is one of them is QEMU\'s (s2diff run --follow-qemu ID matches it)');
  }
  if (r.qemuAt === undefined && r.modelAt === undefined) {
    lines.push('  the exception stream and the instruction counts between entries agree: the difference is in data');
    return lines.join('\n');
  }
  lines.push(`  first differing entry #${r.agreed}: qemu ${hex(r.qemuAt?.vector)} after ${r.qemuAt?.count ?? '-'} instructions, ` +
    `model ${hex(r.modelAt?.vector)} after ${r.modelAt?.count ?? '-'}`);
  if (r.window) lines.push(`  window compared instruction by instruction: QEMU counts ${r.window.from}..${r.window.to}`);
  if (r.divergence) {
    const d = r.divergence;
    lines.push(`  first control-flow divergence after instruction ${d.count} (QEMU's count): after ${hex(d.lastCommonPc)} ` +
      `QEMU runs ${hex(d.qemuPc)}, the model ${hex(d.modelPc)}`);
  } else {
    lines.push('  the window\'s control flow agrees: the sides differ in data (a register or memory value) before the differing entry');
  }
  return lines.join('\n');
}
