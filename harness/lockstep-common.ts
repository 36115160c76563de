// What the two lockstep engines share (lockstep-engine.ts for one PE, lockstep-smp.ts for
// several): the result types, the model prepared to follow QEMU's catalogued deviations, QEMU
// started with its state log going into a FIFO, and the description of a divergence.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { bootMachine } from '../emulator/index.ts';
import type { Machine } from '../emulator/machine.ts';
import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import { disassembleWords, sourceLine, symbolFile } from './disasm.ts';
import { UsageError } from './errors.ts';
import { modelConfig } from './model-config.ts';
import { buildQemuArgv, QEMU_LOG_ITEMS } from './qemu-command.ts';
import type { RunOptions } from './types.ts';

export interface ContextEntry {
  index: number;
  /** With several PEs: the PE that executed it. */
  cpu?: number;
  pc: string;
  word: string;
  disasm: string;
}

export interface LockstepDivergence {
  /** Instructions both sides executed identically before the difference. */
  index: number;
  /** With several PEs: the PE whose state differs (QEMU's; a `pe` row when the two ran different PEs). */
  cpu?: number;
  pc: string;
  /** The instruction executed just before the differing state (the likely culprit). */
  instruction: ContextEntry & { source?: string };
  registers: { name: string; qemu: string; model: string }[];
  /** The last instructions before the difference, oldest first. */
  context: ContextEntry[];
}

export interface LockstepResult {
  instructions: number;
  /** With several PEs: the instructions compared on each (index = PE). */
  perPe?: number[];
  divergence?: LockstepDivergence;
  /** How it ended when there was no difference, or why it stopped early. */
  end: 'both-ended' | 'qemu-ended-first' | 'model-ended-first' | 'limit';
  qemuArgv: string[];
  /** QEMU deviations the model imitated so the comparison could continue past them. */
  quirks: string[];
  /**
   * Compared by blocks: how many block entries were compared, and, when they differed, the last
   * instruction index at which they agreed (the result is then the single-stepped rerun's).
   */
  blocks?: { compared: number; differedAfter?: number };
  /** Catalogued QEMU deviations the model met without imitating them (each is a place the two differ). */
  deviationsMet?: QemuDeviationId[];
  /**
   * Catalogued deviations an earlier comparison stopped at, imitated in the comparison
   * reported: `index` is where that earlier one found its divergence.
   */
  continuedPast?: { id: QemuDeviationId; index: number }[];
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
  /**
   * `blocks` (the default with one PE): compare at every translation-block entry, and on a
   * difference run again single-stepped to name the instruction (lockstep-engine.ts);
   * `instructions`: single-step and compare at every instruction from the start.
   */
  granularity?: 'blocks' | 'instructions';
  /** Called as the comparison goes (after each chunk of QEMU's log) with the instructions compared so far. */
  onProgress?: (p: { instructions: number; singleStep: boolean }) => void;
}

/** One executed instruction remembered for the context of a divergence. */
export interface RingEntry { index: number; cpu?: number; pc: bigint; word?: number }

export const CONTEXT = 10;

/**
 * The catalogued QEMU deviations lockstep always imitates: each would otherwise stop a
 * comparison (a risu stream) at its first occurrence. The first is recognised in every report;
 * the others are listed in the result when the run met them.
 */
export const LOCKSTEP_FOLLOWED: readonly QemuDeviationId[] = [
  'nzcv-cleared-on-exception-entry', 'stxr-narrower-than-ldxr-stores-on-failure', 'fjcvtzs-flushed-denormal-z',
  'fcvtzs-h-fixed-sign-extended', 'xpac-nop-while-keys-disabled', 'addpac-extension-from-own-range-tbi',
];

/** The model booted as the case runs (ELF or raw, then the --load files), following LOCKSTEP_FOLLOWED on every PE. */
export async function lockstepModel(image: string, lo: LockstepOptions): Promise<Machine> {
  const m = bootMachine(image, await modelConfig(image, lo.opts));
  for (const c of m.cpus) for (const id of LOCKSTEP_FOLLOWED) c.followQemu.add(id);
  lo.patchModel?.(m);
  return m;
}

/** The deviations the run imitated, for the result (the first is always listed). */
export function quirksMet(m: Machine): string[] {
  const met = new Set<QemuDeviationId>();
  for (const c of m.cpus) for (const id of c.qemuDeviations) if (c.followQemu.has(id)) met.add(id);
  met.delete(LOCKSTEP_FOLLOWED[0]);
  return [LOCKSTEP_FOLLOWED[0], ...met];
}

/** The catalogued deviations the run met and did not imitate. */
export function deviationsMet(m: Machine): QemuDeviationId[] {
  const met = new Set<QemuDeviationId>();
  for (const c of m.cpus) for (const id of c.qemuDeviations) if (!c.followQemu.has(id)) met.add(id);
  return [...met];
}

export interface TracingQemu {
  /** The command as the report shows it. */
  argv: string[];
  fifo: string;
  process: ResultPromise;
  kill(): void;
  /** Throws a UsageError when the QEMU binary was not found; call once the run is over. */
  finished(): Promise<void>;
}

/**
 * QEMU running the image with its state logged into a FIFO in the work folder: single-stepping
 * with every instruction's state (`blocks` false), or by translation blocks with each block's
 * entry state and instructions (`blocks` true: qemu-block-trace.ts). `wrap` goes before the
 * command (a watchdog such as `timeout`), not shown in `argv`.
 */
export async function startTracingQemu(image: string, lo: LockstepOptions, wrap: string[] = [], blocks = false): Promise<TracingQemu> {
  const fifo = join(lo.workDir, blocks ? 'qemu-block-trace.fifo' : 'qemu-trace.fifo');
  rmSync(fifo, { force: true }); // a comparison before this one in the same folder left it
  await execa('mkfifo', [fifo]);
  const items = `cpu,${lo.vector ? 'fpu,' : ''}nochain,exec,int${blocks ? ',in_asm' : ''}`;
  const argv = buildQemuArgv(image, lo.opts, fifo).map((a) => (a === QEMU_LOG_ITEMS ? items : a));
  if (!blocks) argv.splice(argv.indexOf('-d'), 0, '-singlestep');
  const [bin, ...args] = [...wrap, ...argv];
  const qemu = execa(bin, args, { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false });
  qemu.catch(() => undefined);
  const kill = (): void => {
    try { if (qemu.pid) process.kill(-qemu.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  const finished = async (): Promise<void> => {
    const r = await qemu;
    // `timeout` answers 127 for a command it cannot find.
    const missing = (r as { code?: string }).code === 'ENOENT' || (wrap.length > 0 && r.exitCode === 127);
    if (missing) throw new UsageError(`${argv[0]} not found on PATH`, './scripts/setup.sh');
  };
  return { argv, fifo, process: qemu, kill, finished };
}

export async function describeDivergence(image: string, index: number, pc: bigint, registers: LockstepDivergence['registers'],
  ring: RingEntry[], cpu?: number): Promise<LockstepDivergence> {
  const dis = await disassembleWords(ring.map((r) => ({ addr: r.pc, word: r.word ?? 0 })));
  const context: ContextEntry[] = ring.map((r, i) => ({
    index: r.index, ...(r.cpu !== undefined ? { cpu: r.cpu } : {}), pc: '0x' + r.pc.toString(16),
    word: r.word === undefined ? '?' : '0x' + (r.word >>> 0).toString(16).padStart(8, '0'),
    disasm: r.word === undefined ? '(not fetchable)' : dis[i],
  }));
  const last = context[context.length - 1] ?? { index: 0, pc: '0x' + pc.toString(16), word: '?', disasm: '(first instruction)' };
  const sym = symbolFile(image);
  const src = ring.length > 0 && sym ? await sourceLine(sym.elf, ring[ring.length - 1].pc - sym.bias) : undefined;
  return { index, ...(cpu !== undefined ? { cpu } : {}), pc: '0x' + pc.toString(16), instruction: { ...last, source: src }, registers, context };
}
