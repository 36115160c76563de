// Pinning the first instruction whose result differs (a register, the PC) in a run too long to
// trace, data differences included: QEMU under its gdbstub is stopped at exact instruction
// counts (qemu-gdb.ts), the model run to the same counts, and each side's registers (X, SP,
// PC, PSTATE, V, FPSR, FPCR) compared there. The first points are the exception entries;
// between the last entry that agrees and the first that does not, ~1000 points spread evenly;
// again inside the first differing stretch, until it is short enough to compare instruction
// by instruction. Each round reboots both sides (neither runs backwards) and passes the points
// that led there. A Linux boot: ~4 QEMU runs (-singlestep: ~30 s each) and ~4 model runs.
// A difference in memory alone shows at the first instruction that loads it; one that lives in
// a register only between two points of a round is found later, where it shows again, or not.

import { disassembleWords } from '../disasm.ts';
import { diffStates, type ArchState } from '../qemu-trace.ts';
import type { RunOptions } from '../types.ts';
import {
  bootCase, chooseTargets, modelRunTo, statesTo,
  type MachinePatch, type ModelCheckpoint, type PinTarget, type RunPoint,
} from './model-side.ts';
import { GdbProtocolError } from './gdb-remote.ts';
import { QemuGdbSession } from './qemu-gdb.ts';
import type { Symbolizer } from './symbols.ts';

/** Points per round; a stretch this short is single-stepped. */
const TARGETS_PER_ROUND = 1000;
const STEPPED_STRETCH = 3000;
/** Never stepped (every state is kept, ~4 KB each). */
const MAX_STEPPED = 100_000;

export interface PinRound { from: number; to: number; points: number }

export interface PinResult {
  rounds: PinRound[];
  /** The instruction after which the states first differ, and how they differ after it. */
  instruction?: { count: number; pc: bigint; word?: number };
  differences?: { name: string; qemu: string; model: string }[];
  /** Why no instruction was named (QEMU ended, a point was not reached, ...). */
  unresolved?: string;
}

type Diff = PinResult['differences'];

const differs = (q: ArchState, m: ArchState): Diff => {
  const d = diffStates(q, m);
  return d.length > 0 ? d : undefined;
};

/** Compares QEMU with the model at each of the model's exception entries: the last that agrees and the first that does not. */
async function entriesRound(q: QemuGdbSession, entries: ModelCheckpoint[], end: number, onAgreed: (p: RunPoint) => void):
  Promise<{ agreed?: RunPoint; differing?: number }> {
  let agreed: RunPoint | undefined;
  for (const e of entries) {
    // Past the entries whose state was kept: the rounds of evenly spread points go on from here.
    if (e.count > end || e.state === undefined) return { agreed, differing: Math.min(e.count, end) };
    const r = await q.runTo(e.count, e.vector);
    if (r === 'ended') return { agreed, differing: e.count };
    // Stopped before the entry, where it came from: no verdict here (ModelCheckpoint.elr).
    if (r === 'passed' && q.count() === e.count && (await q.pc()) === e.elr) continue;
    if (r !== 'arrived' || differs(await q.state(), e.state) !== undefined) return { agreed, differing: e.count };
    agreed = { count: e.count, pc: e.vector };
    onAgreed(agreed);
  }
  return { agreed };
}

/** QEMU replayed to `path`'s last point (each reached in turn; false when one is not). */
async function replay(q: QemuGdbSession, path: RunPoint[]): Promise<boolean> {
  for (const p of path) if ((await q.runTo(p.count, p.pc)) !== 'arrived') return false;
  return true;
}

/** Runs `f` on a fresh QEMU; `ended` answers when QEMU goes away under it (it powered off at a stop). */
async function withQemu<T>(image: string, opts: RunOptions, workDir: string, f: (q: QemuGdbSession) => Promise<T>, ended: () => T): Promise<T> {
  const q = await QemuGdbSession.start(image, opts, workDir);
  try {
    return await f(q);
  } catch (e) {
    if (e instanceof GdbProtocolError) return ended();
    throw e;
  } finally {
    await q.close();
  }
}

/**
 * The first instruction after which QEMU's and the model's registers differ, at or before
 * count `end` (where the run is known to differ: a control-flow divergence, an exception
 * entry, or its end). `entries`: the model's exception entries with their states.
 */
export async function pinFirstDifference(image: string, opts: RunOptions, workDir: string, entries: ModelCheckpoint[],
  end: number, patch?: MachinePatch): Promise<PinResult> {
  const rounds: PinRound[] = [];
  const start = await bootCase(image, opts, patch);
  const path: RunPoint[] = [{ count: 0, pc: start.cpu.pc }];
  let to = end;
  let lastAgreed: RunPoint | undefined;
  const first = await withQemu<{ agreed?: RunPoint; differing?: number }>(image, opts, workDir, (q) => entriesRound(q, entries, end, (p) => { lastAgreed = p; }),
    () => ({ agreed: lastAgreed }));
  rounds.push({ from: 0, to: end, points: entries.filter((e) => e.count <= end).length });
  if (first.agreed) path.push(first.agreed);
  if (first.differing !== undefined) to = first.differing;

  // Rounds of points chosen by the model, until the stretch is short.
  while (to - path[path.length - 1]!.count > STEPPED_STRETCH) {
    const from = path[path.length - 1]!;
    const m = await bootCase(image, opts, patch);
    if (modelRunTo(m, from) !== 'arrived') return { rounds, unresolved: `the model did not reach count ${from.count} at 0x${from.pc.toString(16)} again` };
    const targets = chooseTargets(m, to, TARGETS_PER_ROUND);
    rounds.push({ from: from.count, to, points: targets.length });
    let agreedSoFar: PinTarget | undefined;
    let current: PinTarget | undefined;
    const r = await withQemu(image, opts, workDir, async (q): Promise<{ agreed?: PinTarget; differing?: number } | { unresolved: string }> => {
      if (!(await replay(q, path))) return { unresolved: `QEMU did not reach count ${from.count} at 0x${from.pc.toString(16)} again` };
      for (const t of targets) {
        current = t;
        const got = await q.runTo(t.count, t.pc);
        if (got !== 'arrived' || differs(await q.state(), t.state) !== undefined) return { agreed: agreedSoFar, differing: t.count };
        agreedSoFar = t;
      }
      return { agreed: agreedSoFar };
    }, () => ({ agreed: agreedSoFar, differing: current?.count ?? to }));
    if ('unresolved' in r) return { rounds, unresolved: r.unresolved };
    if (r.agreed) path.push({ count: r.agreed.count, pc: r.agreed.pc });
    const shrunk = r.differing !== undefined && r.differing < to;
    if (r.differing !== undefined) to = r.differing;
    if (!r.agreed && !shrunk) break; // no point narrowed it: step what is left
  }

  // The last stretch, instruction by instruction on both sides.
  const from = path[path.length - 1]!;
  if (to - from.count > MAX_STEPPED) {
    return { rounds, unresolved: `no round narrowed counts ${from.count}..${to} below ${MAX_STEPPED} instructions to step` };
  }
  const m = await bootCase(image, opts, patch);
  if (modelRunTo(m, from) !== 'arrived') return { rounds, unresolved: `the model did not reach count ${from.count} again` };
  const states = statesTo(m, to);
  rounds.push({ from: from.count, to, points: states.length });
  const byPoint = new Map(states.map((s) => [`${s.count}:${s.pc}`, s]));
  const byCount = new Map<number, PinTarget[]>();
  for (const s of states) byCount.set(s.count, [...(byCount.get(s.count) ?? []), s]);
  return withQemu<PinResult>(image, opts, workDir, async (q) => {
    if (!(await replay(q, path))) return { rounds, unresolved: `QEMU did not reach count ${from.count} at 0x${from.pc.toString(16)} again` };
    let prev: { count: number; pc: bigint } | undefined;
    for (;;) {
      const count = q.count();
      if (count > to) {
        return { rounds, unresolved: `the registers agree at every point compared up to count ${to}: the difference is outside them ` +
          '(memory, a system register) or lived in a register only between two points' };
      }
      const qs = await q.state();
      const ms = byPoint.get(`${count}:${qs.pc}`);
      // QEMU may stop before an exception entry the model makes at this count, where the
      // exception comes from (an interrupt its timers raise after the stop; a device access
      // restarted under -icount, in the state of one count earlier).
      const before = ms === undefined ? byPoint.get(`${count - 1}:${qs.pc}`) : undefined;
      const atCount = byCount.get(count) ?? [];
      const between = ms === undefined && (atCount.some((s) => s.entryFrom === qs.pc) ||
        (before !== undefined && differs(qs, before.state) === undefined));
      if (!between) {
        const d = ms === undefined
          ? [{ name: 'pc', qemu: `0x${qs.pc.toString(16)}`, model: atCount.map((s) => `0x${s.pc.toString(16)}`).join(' or ') || '-' }]
          : differs(qs, ms.state);
        if (d !== undefined) {
          const at = prev ?? from;
          const word = byPoint.get(`${at.count}:${at.pc}`)?.word;
          return { rounds, instruction: { count: at.count, pc: at.pc, word }, differences: d };
        }
        prev = { count, pc: qs.pc };
      }
      if (!(await q.step())) return { rounds, unresolved: `the states agree to the end of QEMU's run (count ${q.count()})` };
    }
  }, () => ({ rounds, unresolved: 'the states agree to the end of QEMU\'s run' }));
}

/** The pin as report lines: the instruction (disassembled, its function), the registers after it. */
export async function formatPin(p: PinResult, symbolize: Symbolizer): Promise<string> {
  const lines = [`  searched by stopping QEMU's gdbstub: ${p.rounds.map((r) => `${r.points} points in ${r.from}..${r.to}`).join(', then ')}`];
  if (p.instruction === undefined) {
    lines.push(`  no instruction named: ${p.unresolved ?? 'no difference found'}`);
    return lines.join('\n');
  }
  const i = p.instruction;
  const dis = i.word !== undefined ? (await disassembleWords([{ addr: i.pc, word: i.word }]))[0] : undefined;
  const fn = await symbolize(i.pc);
  lines.push(`  first instruction whose result differs: #${i.count} at 0x${i.pc.toString(16)}` +
    `${dis !== undefined ? `  ${dis}` : ''}${fn !== undefined ? `  in ${fn}` : ''}`);
  for (const d of p.differences ?? []) lines.push(`    ${d.name.padEnd(6)} qemu ${d.qemu}  model ${d.model}`);
  return lines.join('\n');
}
