// Lockstep comparison: QEMU single-steps and logs every instruction's state into a FIFO;
// the model executes the same image one instruction at a time; the two streams are compared
// as they are produced and the run stops at the first difference. Nothing but the last few
// states is held in memory, so runs of tens of millions of instructions are fine.

import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { bootMachine } from '../emulator/index.ts';
import type { Machine } from '../emulator/machine.ts';
import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import { modelConfig } from './model-config.ts';
import { disassembleWords, sourceLine, symbolFile } from './disasm.ts';
import { UsageError } from './errors.ts';
import { buildQemuArgv, QEMU_LOG_ITEMS } from './qemu-command.ts';
import { modelState } from './model-state.ts';
import { diffStates, parseQemuTrace, type ArchState } from './qemu-trace.ts';
import type { RunOptions } from './types.ts';

export interface ContextEntry {
  index: number;
  pc: string;
  word: string;
  disasm: string;
}

export interface LockstepDivergence {
  /** Instructions both sides executed identically before the difference. */
  index: number;
  pc: string;
  /** The instruction executed just before the differing state (the likely culprit). */
  instruction: ContextEntry & { source?: string };
  registers: { name: string; qemu: string; model: string }[];
  /** The last instructions before the difference, oldest first. */
  context: ContextEntry[];
}

export interface LockstepResult {
  instructions: number;
  divergence?: LockstepDivergence;
  /** How it ended when there was no difference, or why it stopped early. */
  end: 'both-ended' | 'qemu-ended-first' | 'model-ended-first' | 'limit';
  qemuArgv: string[];
  /** QEMU deviations the model imitated so the comparison could continue past them. */
  quirks: string[];
}

const CONTEXT = 10;

/**
 * The catalogued QEMU deviations lockstep always imitates: each would otherwise stop a
 * comparison (a risu stream) at its first occurrence. The first is recognised in every report;
 * the others are listed in the result when the run met them.
 */
export const LOCKSTEP_FOLLOWED: readonly QemuDeviationId[] = [
  'nzcv-cleared-on-exception-entry', 'stxr-narrower-than-ldxr-stores-on-failure', 'fjcvtzs-flushed-denormal-z',
  'fcvtzs-h-fixed-sign-extended', 'xpac-nop-while-keys-disabled', 'addpac-extension-from-own-range-tbi',
];

/** The instruction word at the model's current PC (through its MMU, side-effect free). */
function wordAt(m: Machine): number | undefined {
  return m.peekInsn();
}

export interface LockstepOptions {
  opts: RunOptions;
  workDir: string;
  /** Stop after this many instructions (default: opts.maxSteps). */
  limit?: number;
  /** Test hook: lets a test plant a model bug. */
  patchModel?: (m: Machine) => void;
  /**
   * Also compare V0-V31, FPCR and FPSR at every instruction (QEMU's `-d fpu`; about 2.5x the
   * log volume, so only for streams and images that use FP/SIMD).
   */
  vector?: boolean;
}

export async function runLockstep(image: string, lo: LockstepOptions): Promise<LockstepResult> {
  if ((lo.opts.smp ?? 1) > 1) {
    throw new UsageError(`lockstep compares one PE; this case runs ${lo.opts.smp}`, 'compare it with s2diff run (which compares every PE\'s exceptions and the output), or repro it with --smp 1 where the test allows');
  }
  const m = bootMachine(image, await modelConfig(image, lo.opts)); // ELF or raw (QEMU's boot), then the --load files
  // QEMU 7.2 clears NZCV on exception entry (see qemu-deviations.ts); imitate it here so one
  // known deviation does not hide every later difference.
  for (const id of LOCKSTEP_FOLLOWED) m.cpu.followQemu.add(id);
  const quirks = ['nzcv-cleared-on-exception-entry'];
  lo.patchModel?.(m);

  const fifo = join(lo.workDir, 'qemu-trace.fifo');
  await execa('mkfifo', [fifo]);
  const argv = buildQemuArgv(image, lo.opts, fifo).map((a) => (a === QEMU_LOG_ITEMS ? (lo.vector ? 'cpu,fpu,nochain,exec,int' : 'cpu,nochain,exec,int') : a));
  argv.splice(argv.indexOf('-d'), 0, '-singlestep');
  const [bin, ...args] = argv;
  const qemu = execa(bin, args, { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false });
  qemu.catch(() => undefined);
  const kill = (): void => {
    try { if (qemu.pid) process.kill(-qemu.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  const timer = setTimeout(kill, lo.opts.timeoutSec * 1000 * 20);
  const limit = lo.limit ?? lo.opts.maxSteps;
  const ring: { index: number; pc: bigint; word?: number }[] = [];
  let index = 0;
  let end: LockstepResult['end'] = 'both-ended';
  let divergence: LockstepDivergence | undefined;
  let prevStopped = false;
  try {
    const stream = createReadStream(fifo);
    let prevQ: ArchState | undefined;
    for await (const q of parseQemuTrace(stream)) {
      if (prevStopped) { end = 'model-ended-first'; break; }
      // With -icount, QEMU stops a translation block at an I/O access and executes the
      // instruction again (cpu_io_recompile): the log shows the same state twice. Skip it.
      const repeated = lo.opts.icount !== undefined && prevQ !== undefined && prevQ.pc === q.pc &&
        prevQ.sp === q.sp && prevQ.pstate === q.pstate && prevQ.x.every((v, i) => v === q.x[i]);
      prevQ = q;
      if (repeated) continue;
      // QEMU logs a state only for instructions it executes: a fetch that faults (abort,
      // illegal state) goes straight to the vector. Take it in the model too. A misaligned PC
      // and PSTATE.IL are the exceptions: QEMU logs that state, then takes the PC alignment
      // fault / the Illegal Execution state exception.
      if ((q.pc & 3n) === 0n && (Number(q.pstate) & (1 << 20)) === 0) for (let n = 0; n < 4 && !m.cpu.stopped && wordAt(m) === undefined; n++) m.step();
      const ms = modelState(m, lo.vector === true);
      const regs = diffStates(q, ms);
      if (regs.length > 0) {
        divergence = await describe(image, index, ms.pc, regs, ring);
        break;
      }
      if (index >= limit) { end = 'limit'; break; }
      ring.push({ index, pc: ms.pc, word: wordAt(m) });
      if (ring.length > CONTEXT) ring.shift();
      try {
        prevStopped = !m.step();
      } catch (e) {
        // The model failed on this instruction (e.g. not implemented): that is the divergence.
        divergence = await describe(image, index + 1, ms.pc, [{ name: 'model error', qemu: '(executed)', model: (e as Error).message }], ring);
        break;
      }
      index++;
    }
    if (!divergence && end === 'both-ended' && !prevStopped) end = 'qemu-ended-first';
    stream.destroy();
  } finally {
    clearTimeout(timer);
    kill();
  }
  const r = await qemu;
  if ((r as { code?: string }).code === 'ENOENT') throw new UsageError(`${bin} not found on PATH`, './scripts/setup.sh');
  for (const id of LOCKSTEP_FOLLOWED.slice(1)) if (m.cpu.qemuDeviations.has(id)) quirks.push(id);
  return { instructions: index, divergence, end, qemuArgv: argv, quirks };
}

async function describe(image: string, index: number, pc: bigint, registers: LockstepDivergence['registers'],
  ring: { index: number; pc: bigint; word?: number }[]): Promise<LockstepDivergence> {
  const dis = await disassembleWords(ring.map((r) => ({ addr: r.pc, word: r.word ?? 0 })));
  const context: ContextEntry[] = ring.map((r, i) => ({
    index: r.index, pc: '0x' + r.pc.toString(16), word: r.word === undefined ? '?' : '0x' + (r.word >>> 0).toString(16).padStart(8, '0'),
    disasm: r.word === undefined ? '(not fetchable)' : dis[i],
  }));
  const last = context[context.length - 1] ?? { index: 0, pc: '0x' + pc.toString(16), word: '?', disasm: '(first instruction)' };
  const sym = symbolFile(image);
  const src = ring.length > 0 && sym ? await sourceLine(sym.elf, ring[ring.length - 1].pc - sym.bias) : undefined;
  return { index, pc: '0x' + pc.toString(16), instruction: { ...last, source: src }, registers, context };
}

/** A lockstep run the two sides agreed on: both ended together, or they agreed up to --limit. */
export const lockstepAgreed = (r: LockstepResult): boolean => !r.divergence && (r.end === 'both-ended' || r.end === 'limit');

export function formatLockstep(r: LockstepResult, name: string): string {
  if (!r.divergence) {
    if (r.end === 'limit') return `repro ${name}: agreed for ${r.instructions} instructions, limit reached`;
    return `repro ${name}: no divergence in ${r.instructions} instructions (${r.end})` +
      (r.end === 'both-ended' ? '' : ' — the two sides did not end together');
  }
  const d = r.divergence;
  const lines = [
    `repro ${name}: first divergence after ${d.index} identical instructions`,
    `  instruction: ${d.instruction.pc}: ${d.instruction.word} ${d.instruction.disasm}`,
    `  source:      ${d.instruction.source ?? '(no debug info)'}`,
    '  differing state after it:',
    ...d.registers.map((x) => `    ${x.name.padEnd(6)} qemu=${x.qemu} model=${x.model}`),
    `  last ${d.context.length} instructions:`,
    ...d.context.map((c) => `    #${c.index} ${c.pc}: ${c.word} ${c.disasm}`),
  ];
  if (r.quirks.length > 0) lines.push(`  (model imitated QEMU deviations to stay in lockstep: ${r.quirks.join(', ')})`);
  return lines.join('\n');
}
