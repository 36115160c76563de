// The lockstep comparison for one PE. QEMU logs its state at every translation-block entry and
// each block's instructions when it translates it (qemu-block-trace.ts); the model executes
// exactly that many instructions between two entries and is compared at every entry.
//
// By blocks (the default), QEMU runs at its normal block granularity: one state per ~5
// instructions, over ten times the speed of single-stepping. Where the two differ, lockstep.ts
// runs again single-stepped (QEMU -singlestep: every block one instruction) to name the first
// instruction after which any compared register differs. That rerun compares from the start:
// a difference can hide inside a block (a register written, stored and overwritten before the
// block ends) and show at a block entry only later, and QEMU single-steps the whole run anyway
// (-singlestep is global), so comparing earlier costs nothing but a few integer compares. Both
// sides are deterministic, so the rerun meets the same difference; runs that agree never pay
// for single-stepping. QEMU single-stepped with `-d cpu` produces about 110,000 states a
// second here; the reader keeps up with it, decoding a state without BigInts.

import { createReadStream } from 'node:fs';
import type { Cpu } from '../emulator/cpu.ts';
import type { Machine } from '../emulator/machine.ts';
import {
  CONTEXT, describeDivergence, deviationsMet, lockstepModel, quirksMet, startTracingQemu,
  type LockstepDivergence, type LockstepOptions, type LockstepResult, type RingEntry,
} from './lockstep-common.ts';
import { modelState } from './model-state.ts';
import { QemuBlockTraceParser, STATE_PC, type BlockRecord } from './qemu-block-trace.ts';
import { diffStates, type ArchState } from './qemu-trace.ts';

/** The model's state equals the record's (X0-X30, SP, PC, PSTATE; V, FPCR, FPSR when logged). */
function sameState(c: Cpu, r: BlockRecord): boolean {
  const g = r.gpr, x = c.x;
  for (let i = 0; i < 64; i++) if (g[i] !== x[i]) return false;
  if (g[STATE_PC] !== c.pcLo || g[STATE_PC + 1] !== c.pcHi || r.pstate !== c.getPstate()) return false;
  if (!r.v) return true;
  const v = c.vreg;
  for (let i = 0; i < 128; i++) if (r.v[i] !== v[i]) return false;
  return r.fpcr === Number(c.sr.get('FPCR')) && r.fpsr === Number(c.sr.get('FPSR'));
}

const pair = (g: Int32Array, i: number): bigint => (BigInt(g[i + 1] >>> 0) << 32n) | BigInt(g[i] >>> 0);

/** A record as the state the divergence report compares. */
function recordState(r: BlockRecord): ArchState {
  const x: bigint[] = [];
  for (let i = 0; i < 31; i++) x.push(pair(r.gpr, 2 * i));
  const s: ArchState = { cpu: r.cpu, pc: pair(r.gpr, STATE_PC), x, sp: pair(r.gpr, 62), pstate: r.pstate };
  if (r.v) {
    s.v = [];
    for (let k = 0; k < 64; k++) s.v.push(pair(r.v, 2 * k));
    s.fpcr = r.fpcr;
    s.fpsr = r.fpsr;
  }
  return s;
}

/**
 * A fetch that faults is not logged by QEMU (it goes straight to the vector): take it in the
 * model too. A misaligned PC and PSTATE.IL are the exceptions: QEMU logs that state, then takes
 * the PC alignment fault / the Illegal Execution state exception.
 */
function takeFetchFaults(m: Machine, r: BlockRecord): void {
  if ((r.gpr[STATE_PC] & 3) !== 0 || (r.pstate & (1 << 20)) !== 0) return;
  for (let n = 0; n < 4 && !m.cpu.stopped && m.peekInsn() === undefined; n++) m.step();
}

/** A comparison by blocks that stopped at a difference: the single-stepped rerun says which instruction. */
export interface BlocksDiffered { differedAfter: number; compared: number }

/**
 * One comparison: `singleStep` (QEMU -singlestep, a difference names its instruction) always
 * returns a result; by blocks it returns `BlocksDiffered` when the two differed, with the last
 * instruction index at which they agreed.
 */
export async function compareRun(image: string, lo: LockstepOptions, singleStep: boolean): Promise<LockstepResult | BlocksDiffered> {
  const m = await lockstepModel(image, lo);
  const c = m.cpu;
  let exceptionsTaken = 0;
  const onEvent = c.onEvent;
  c.onEvent = (e) => {
    if (e.event === 'exception-taken') exceptionsTaken++;
    onEvent?.(e);
  };
  const qemu = await startTracingQemu(image, lo, [], !singleStep);
  const timer = setTimeout(qemu.kill, lo.opts.timeoutSec * 1000 * 20);
  const limit = lo.limit ?? lo.opts.maxSteps;
  const parser = new QemuBlockTraceParser();
  const ring: RingEntry[] = [];
  let done = 0, agreedAt = 0, compared = 0;
  let prev: BlockRecord | undefined;
  let end: LockstepResult['end'] | 'differ' | undefined;
  let divergence: LockstepDivergence | undefined;
  let modelError: { pc: bigint; message: string } | undefined;

  /**
   * Executes the block QEMU entered at `r` in the model: its instructions, or fewer when the
   * model takes an exception (QEMU leaves a block at an exception) or, for a block QEMU cut
   * before an MMIO access, until the model reaches the next block's PC.
   */
  const executeBlock = (r: BlockRecord, count: number, next: BlockRecord | undefined): 'done' | 'stopped' | 'error' => {
    const before = exceptionsTaken;
    for (let k = 0; k < count; k++) {
      if (r.partial && next && c.pcLo === next.gpr[STATE_PC] && c.pcHi === next.gpr[STATE_PC + 1]) return 'done';
      if (singleStep) {
        ring.push({ index: done, pc: c.pc, word: m.peekInsn() });
        if (ring.length > CONTEXT) ring.shift();
      }
      try {
        if (!m.step()) { done++; return 'stopped'; }
      } catch (e) {
        modelError = { pc: c.pc, message: (e as Error).message };
        return 'error';
      }
      done++;
      if (exceptionsTaken !== before) return 'done';
    }
    return 'done';
  };

  // One step of the comparison: execute the previous block, then compare the model with `r`.
  const advance = (r: BlockRecord | undefined): void => {
    if (prev) {
      // A block whose translation was not logged: single-stepped it is one instruction.
      const count = prev.count ?? (singleStep ? 1 : undefined);
      if (count === undefined) { end = 'differ'; return; }
      const e = executeBlock(prev, count, r);
      if (e === 'error') { end = 'differ'; return; }
      if (e === 'stopped' || c.stopped) { end = r ? (singleStep ? 'model-ended-first' : 'differ') : 'both-ended'; return; }
    }
    if (!r) { end = 'qemu-ended-first'; return; }
    takeFetchFaults(m, r);
    if (!sameState(c, r)) { end = 'differ'; return; }
    agreedAt = done;
    compared++;
    prev = r;
    // By blocks the limit is met at the first block entry at or after it.
    if (done >= limit) end = 'limit';
  };

  try {
    const stream = createReadStream(qemu.fifo, { encoding: 'latin1', highWaterMark: 1 << 22 });
    let next: BlockRecord | undefined;
    for await (const chunk of stream) {
      parser.feed(chunk as string);
      const ready = parser.ready;
      let i = 0;
      while (i < ready.length && end === undefined) advance(next = ready[i++]);
      ready.length = 0;
      if (end !== undefined) break;
      lo.onProgress?.({ instructions: done, singleStep });
    }
    if (end === undefined) {
      parser.end();
      for (const r of parser.ready) if (end === undefined) advance(next = r);
      if (end === undefined) advance(next = undefined);
    }
    stream.destroy();
    if (end === 'differ' && singleStep) {
      // The record compared last (`next`) differs, or the model failed executing toward it.
      if (modelError) {
        divergence = await describeDivergence(image, done + 1, modelError.pc, [{ name: 'model error', qemu: '(executed)', model: modelError.message }], ring);
      } else {
        const ms = modelState(c, lo.vector === true);
        const regs = next ? diffStates(recordState(next), ms) : [];
        divergence = await describeDivergence(image, done, ms.pc, regs.length > 0 ? regs : [{ name: 'state', qemu: '(logged)', model: '(not comparable)' }], ring);
      }
    }
  } finally {
    clearTimeout(timer);
    qemu.kill();
  }
  await qemu.finished();
  if (end === 'differ' && !singleStep) return { differedAfter: agreedAt, compared };
  const ended = end === 'differ' || end === undefined ? 'both-ended' : end;
  return {
    instructions: ended === 'limit' ? agreedAt : done, divergence, end: ended, qemuArgv: qemu.argv,
    quirks: quirksMet(m), deviationsMet: deviationsMet(m), ...(singleStep ? {} : { blocks: { compared } }),
  };
}
