// Lockstep comparison: QEMU single-steps and logs every instruction's state into a FIFO;
// the model executes the same image one instruction at a time; the two streams are compared
// as they are produced and the run stops at the first difference. Nothing but the last few
// states is held in memory, so runs of tens of millions of instructions are fine. This file
// is the engine for one PE; lockstep-smp.ts compares several under -icount.

import { createReadStream } from 'node:fs';
import type { Machine } from '../emulator/machine.ts';
import {
  CONTEXT, describeDivergence, lockstepModel, quirksMet, startTracingQemu,
  type ContextEntry, type LockstepDivergence, type LockstepOptions, type LockstepResult, type RingEntry,
} from './lockstep-common.ts';
import { runLockstepSmp } from './lockstep-smp.ts';
import { modelState } from './model-state.ts';
import { diffStates, parseQemuTrace } from './qemu-trace.ts';

export { LOCKSTEP_FOLLOWED, type ContextEntry, type LockstepDivergence, type LockstepOptions, type LockstepResult } from './lockstep-common.ts';

/** The instruction word at the model's current PC (through its MMU, side-effect free). */
function wordAt(m: Machine): number | undefined {
  return m.peekInsn();
}

export async function runLockstep(image: string, lo: LockstepOptions): Promise<LockstepResult> {
  if ((lo.opts.smp ?? 1) > 1) return runLockstepSmp(image, lo);
  const m = await lockstepModel(image, lo);
  const qemu = await startTracingQemu(image, lo);
  const timer = setTimeout(qemu.kill, lo.opts.timeoutSec * 1000 * 20);
  const limit = lo.limit ?? lo.opts.maxSteps;
  const ring: RingEntry[] = [];
  let index = 0;
  let end: LockstepResult['end'] = 'both-ended';
  let divergence: LockstepDivergence | undefined;
  let prevStopped = false;
  try {
    const stream = createReadStream(qemu.fifo);
    for await (const q of parseQemuTrace(stream)) {
      if (prevStopped) { end = 'model-ended-first'; break; }
      // QEMU logs a state only for instructions it executes: a fetch that faults (abort,
      // illegal state) goes straight to the vector. Take it in the model too. A misaligned PC
      // and PSTATE.IL are the exceptions: QEMU logs that state, then takes the PC alignment
      // fault / the Illegal Execution state exception.
      if ((q.pc & 3n) === 0n && (Number(q.pstate) & (1 << 20)) === 0) for (let n = 0; n < 4 && !m.cpu.stopped && wordAt(m) === undefined; n++) m.step();
      const ms = modelState(m.cpu, lo.vector === true);
      const regs = diffStates(q, ms);
      if (regs.length > 0) {
        divergence = await describeDivergence(image, index, ms.pc, regs, ring);
        break;
      }
      if (index >= limit) { end = 'limit'; break; }
      ring.push({ index, pc: ms.pc, word: wordAt(m) });
      if (ring.length > CONTEXT) ring.shift();
      try {
        prevStopped = !m.step();
      } catch (e) {
        // The model failed on this instruction (e.g. not implemented): that is the divergence.
        divergence = await describeDivergence(image, index + 1, ms.pc, [{ name: 'model error', qemu: '(executed)', model: (e as Error).message }], ring);
        break;
      }
      index++;
    }
    if (!divergence && end === 'both-ended' && !prevStopped) end = 'qemu-ended-first';
    stream.destroy();
  } finally {
    clearTimeout(timer);
    qemu.kill();
  }
  await qemu.finished();
  return { instructions: index, divergence, end, qemuArgv: qemu.argv, quirks: quirksMet(m) };
}

/** A lockstep run the two sides agreed on: both ended together, or they agreed up to --limit. */
export const lockstepAgreed = (r: LockstepResult): boolean => !r.divergence && (r.end === 'both-ended' || r.end === 'limit');

/** "PE n " before an instruction when the run had several PEs. */
const pe = (c: ContextEntry): string => (c.cpu !== undefined ? `PE ${c.cpu} ` : '');

export function formatLockstep(r: LockstepResult, name: string): string {
  if (!r.divergence) {
    if (r.end === 'limit') return `repro ${name}: agreed for ${r.instructions} instructions, limit reached`;
    const pes = r.perPe ? `, ${r.perPe.map((n, i) => `PE ${i}: ${n}`).join(', ')}` : '';
    return `repro ${name}: no divergence in ${r.instructions} instructions (${r.end}${pes})` +
      (r.end === 'both-ended' ? '' : ' — the two sides did not end together');
  }
  const d = r.divergence;
  const lines = [
    `repro ${name}: first divergence after ${d.index} identical instructions${d.cpu !== undefined ? `, on PE ${d.cpu}` : ''}`,
    `  instruction: ${pe(d.instruction)}${d.instruction.pc}: ${d.instruction.word} ${d.instruction.disasm}`,
    `  source:      ${d.instruction.source ?? '(no debug info)'}`,
    '  differing state after it:',
    ...d.registers.map((x) => `    ${x.name.padEnd(6)} qemu=${x.qemu} model=${x.model}`),
    `  last ${d.context.length} instructions:`,
    ...d.context.map((c) => `    #${c.index} ${pe(c)}${c.pc}: ${c.word} ${c.disasm}`),
  ];
  if (r.quirks.length > 0) lines.push(`  (model imitated QEMU deviations to stay in lockstep: ${r.quirks.join(', ')})`);
  return lines.join('\n');
}
