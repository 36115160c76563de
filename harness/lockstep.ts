// Lockstep comparison: QEMU logs its state as it runs, the model executes the same image, and
// the two are compared as they are produced; the run stops at the first difference and names
// the instruction. With one PE the engine is lockstep-engine.ts (by translation blocks, then
// single-stepped where they differ); lockstep-smp.ts compares several PEs under -icount.
// Nothing but the last few states is held in memory, so runs of 10^8 instructions are fine.

import { FOLLOWABLE } from './follow-qemu.ts';
import type { ContextEntry, LockstepOptions, LockstepResult } from './lockstep-common.ts';
import { compareRun } from './lockstep-engine.ts';
import { runLockstepSmp } from './lockstep-smp.ts';

export { LOCKSTEP_FOLLOWED, type ContextEntry, type LockstepDivergence, type LockstepOptions, type LockstepResult } from './lockstep-common.ts';

/**
 * Lockstep: by blocks, then single-stepped from the last agreeing block where they differed;
 * single-stepped throughout with `granularity: 'instructions'`; several PEs always single-step.
 */
export async function runLockstep(image: string, lo: LockstepOptions): Promise<LockstepResult> {
  if ((lo.opts.smp ?? 1) > 1) return runLockstepSmp(image, lo);
  return continuePastDeviations(image, lo);
}

/**
 * A divergence where the model met a catalogued QEMU deviation it can imitate is QEMU's side
 * deviating from the Arm ARM, as `run` reports it: compare again imitating it, so the
 * comparison reports what comes after (`continuedPast` names it; `--follow-qemu` does the
 * same from the start). A second comparison that stops no later keeps the first result.
 */
async function continuePastDeviations(image: string, lo: LockstepOptions): Promise<LockstepResult> {
  let r = await compareOnce(image, lo);
  const continuedPast: NonNullable<LockstepResult['continuedPast']> = [];
  for (let round = 0; round < 4 && r.divergence; round++) {
    const met = (r.deviationsMet ?? []).filter((id) => FOLLOWABLE.includes(id));
    if (met.length === 0) break;
    const next: LockstepOptions = { ...lo, opts: { ...lo.opts, followQemu: [...(lo.opts.followQemu ?? []), ...met] } };
    const again = await compareOnce(image, next);
    if (again.divergence && again.divergence.index <= r.divergence.index) break;
    continuedPast.push(...met.map((id) => ({ id, index: r.divergence!.index })));
    r = again;
    lo = next;
  }
  return continuedPast.length > 0 ? { ...r, continuedPast } : r;
}

/** By blocks, then single-stepped where they differed (lockstep-engine.ts); or single-stepped throughout. */
async function compareOnce(image: string, lo: LockstepOptions): Promise<LockstepResult> {
  const stepped = async (): Promise<LockstepResult> => (await compareRun(image, lo, true)) as LockstepResult;
  if (lo.granularity === 'instructions') return stepped();
  const b = await compareRun(image, lo, false);
  if ('differedAfter' in b) return { ...(await stepped()), blocks: { compared: b.compared, differedAfter: b.differedAfter } };
  return b;
}

/** A lockstep run the two sides agreed on: both ended together, or they agreed up to --limit. */
export const lockstepAgreed = (r: LockstepResult): boolean => !r.divergence && (r.end === 'both-ended' || r.end === 'limit');

/** "PE n " before an instruction when the run had several PEs. */
const pe = (c: ContextEntry): string => (c.cpu !== undefined ? `PE ${c.cpu} ` : '');

export function formatLockstep(r: LockstepResult, name: string): string {
  const past = (r.continuedPast ?? []).map((p) => `\n  continued past catalogued QEMU deviation ${p.id} (QEMU deviates from the Arm ARM; s2diff list --deviations), met by instruction ${p.index}: the model imitated it`).join('');
  const how = r.blocks === undefined ? '' : r.blocks.differedAfter === undefined
    ? `, compared at ${r.blocks.compared} block entries`
    : `; block entries agreed up to instruction ${r.blocks.differedAfter}, then single-stepped from the start`;
  if (!r.divergence) {
    if (r.end === 'limit') return `repro ${name}: agreed for ${r.instructions} instructions, limit reached${how ? ` (${how.replace(/^[,;] /, '')})` : ''}${past}`;
    const pes = r.perPe ? `, ${r.perPe.map((n, i) => `PE ${i}: ${n}`).join(', ')}` : '';
    return `repro ${name}: no divergence in ${r.instructions} instructions (${r.end}${pes}${how})` +
      (r.end === 'both-ended' ? '' : ' — the two sides did not end together') + past;
  }
  const d = r.divergence;
  const lines = [
    `repro ${name}: first divergence after ${d.index} identical instructions${d.cpu !== undefined ? `, on PE ${d.cpu}` : ''}${how}`,
    `  instruction: ${pe(d.instruction)}${d.instruction.pc}: ${d.instruction.word} ${d.instruction.disasm}`,
    `  source:      ${d.instruction.source ?? '(no debug info)'}`,
    '  differing state after it:',
    ...d.registers.map((x) => `    ${x.name.padEnd(6)} qemu=${x.qemu} model=${x.model}`),
    `  last ${d.context.length} instructions:`,
    ...d.context.map((c) => `    #${c.index} ${pe(c)}${c.pc}: ${c.word} ${c.disasm}`),
  ];
  if (r.quirks.length > 0) lines.push(`  (model imitated QEMU deviations to stay in lockstep: ${r.quirks.join(', ')})`);
  if (past) lines.push(past.slice(1));
  return lines.join('\n');
}
