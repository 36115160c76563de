// What the two lockstep engines share (lockstep.ts for one PE, lockstep-smp.ts for several):
// the result types, the model prepared to follow QEMU's catalogued deviations, QEMU started
// single-stepping into a FIFO, and the description of a divergence.

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

/** The deviations the run met, for the result (the first is always listed). */
export function quirksMet(m: Machine): string[] {
  return [LOCKSTEP_FOLLOWED[0], ...LOCKSTEP_FOLLOWED.slice(1).filter((id) => m.cpus.some((c) => c.qemuDeviations.has(id)))];
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
 * QEMU single-stepping the image with every instruction's state logged into a FIFO in the
 * work folder. `wrap` goes before the command (a watchdog such as `timeout`), not shown in `argv`.
 */
export async function startTracingQemu(image: string, lo: LockstepOptions, wrap: string[] = []): Promise<TracingQemu> {
  const fifo = join(lo.workDir, 'qemu-trace.fifo');
  await execa('mkfifo', [fifo]);
  const argv = buildQemuArgv(image, lo.opts, fifo).map((a) => (a === QEMU_LOG_ITEMS ? (lo.vector ? 'cpu,fpu,nochain,exec,int' : 'cpu,nochain,exec,int') : a));
  argv.splice(argv.indexOf('-d'), 0, '-singlestep');
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
