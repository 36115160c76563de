// Lockstep with several PEs. Under -icount QEMU 7.2 runs every vCPU in one thread, in turns
// (accel/tcg/tcg-accel-ops-rr.c), so its single-step log is one stream in execution order,
// each state headed "Trace n:" with the vCPU's index. The model runs its own round robin
// (emulator/machine.ts, built to QEMU's) with a hook before every instruction; the hook
// takes QEMU's next state and compares both the PE and its registers. A different PE is a
// scheduling divergence: the two sides switched PEs at different instructions.
//
// The hook cannot await, so QEMU's log is read with blocking reads (sync-trace-reader.ts),
// and QEMU runs under `timeout` so that a QEMU which stops writing cannot block them forever.

import { closeSync, constants, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Cpu } from '../emulator/cpu.ts';
import { UsageError } from './errors.ts';
import {
  CONTEXT, describeDivergence, lockstepModel, quirksMet, startTracingQemu,
  type LockstepDivergence, type LockstepOptions, type LockstepResult, type RingEntry,
} from './lockstep-common.ts';
import { modelState } from './model-state.ts';
import { diffStates } from './qemu-trace.ts';
import { SyncTraceReader } from './sync-trace-reader.ts';

/** Thrown from the hook to end the model's run: the comparison has its answer. */
class LockstepStop {
  constructor(readonly end: LockstepResult['end'], readonly regs?: LockstepDivergence['registers'], readonly pc?: bigint, readonly cpu?: number) {}
}

const hex = (v: bigint): string => '0x' + v.toString(16).padStart(16, '0');

export async function runLockstepSmp(image: string, lo: LockstepOptions): Promise<LockstepResult> {
  if (lo.opts.icount === undefined) {
    throw new UsageError(`lockstep with ${lo.opts.smp} PEs needs --icount: without it QEMU runs a thread per vCPU and the host decides their interleaving`,
      'rerun with --icount 4 (the SMP scenarios set it in scenario.json), or compare with s2diff run, which compares each PE\'s exceptions and the output');
  }
  const m = await lockstepModel(image, lo);
  const wallSec = lo.opts.timeoutSec * 20;
  const qemu = await startTracingQemu(image, lo, ['timeout', '-s', 'KILL', String(wallSec)]);
  const limit = lo.limit ?? lo.opts.maxSteps;
  const ring: RingEntry[] = [];
  const perPe = m.cpus.map(() => 0);
  let index = 0;
  let stop: LockstepStop | undefined;
  let modelError: { message: string; pc: bigint } | undefined;
  let last: { pc: bigint; cpu: number } | undefined;
  // The FIFO opens once QEMU opens it for writing; a QEMU that exits first never does.
  const opening = open(qemu.fifo, 'r');
  const fh = await Promise.race([opening, qemu.process.then(() => undefined)]);
  if (fh === undefined) {
    // Let the pending open complete (it holds a thread of Node's pool) and close it.
    try { closeSync(openSync(qemu.fifo, constants.O_WRONLY | constants.O_NONBLOCK)); } catch { /* it had completed */ }
    await opening.then((h) => h.close(), () => undefined);
  }
  try {
    if (fh !== undefined) {
      const reader = new SyncTraceReader(fh.fd);
      m.beforeInstruction = (c: Cpu): void => {
        // QEMU logs no state for a fetch that faults: it goes straight to the vector (see lockstep.ts).
        if ((c.pcLo & 3) === 0 && c.il === 0 && m.peekInsn(c) === undefined) return;
        const q = reader.next();
        if (q === undefined) throw new LockstepStop('qemu-ended-first');
        const cpu = m.cpus.indexOf(c);
        const ms = modelState(c, lo.vector === true);
        const regs = q.cpu !== cpu
          ? [{ name: 'pe', qemu: String(q.cpu), model: String(cpu) }, { name: 'pc', qemu: hex(q.pc), model: hex(ms.pc) }]
          : diffStates(q, ms);
        if (regs.length > 0) throw new LockstepStop('both-ended', regs, ms.pc, q.cpu);
        if (index >= limit) throw new LockstepStop('limit');
        last = { pc: ms.pc, cpu };
        ring.push({ index, cpu, pc: ms.pc, word: m.peekInsn(c) });
        if (ring.length > CONTEXT) ring.shift();
        index++;
        perPe[cpu]++;
      };
      try {
        m.run(Number.MAX_SAFE_INTEGER, Date.now() + wallSec * 1000);
        // The model ended: so must QEMU's log.
        stop = new LockstepStop(reader.next() === undefined ? 'both-ended' : 'model-ended-first');
      } catch (e) {
        if (e instanceof LockstepStop) stop = e;
        // The model failed on the instruction last compared (e.g. not implemented): that is the divergence.
        else modelError = { message: (e as Error).message, pc: last?.pc ?? m.cpu.pc };
      }
    }
  } finally {
    m.beforeInstruction = undefined;
    qemu.kill();
    await fh?.close();
  }
  await qemu.finished();
  let divergence: LockstepDivergence | undefined;
  if (modelError) {
    divergence = await describeDivergence(image, index, modelError.pc, [{ name: 'model error', qemu: '(executed)', model: modelError.message }], ring, last?.cpu);
  } else if (stop?.regs) {
    divergence = await describeDivergence(image, index, stop.pc!, stop.regs, ring, stop.cpu);
  }
  const end = stop?.end ?? 'qemu-ended-first';
  return { instructions: index, perPe, divergence, end: divergence ? 'both-ended' : end, qemuArgv: qemu.argv, quirks: quirksMet(m) };
}
