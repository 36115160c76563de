// Public entry point of the model: load an image, run it to the end, return what it did.

import { Unimplemented } from './isa/unimplemented.ts';
import { readFileSync } from 'node:fs';
import type { ArchEvent } from './events.ts';
import type { QemuDeviationId } from './qemu-deviation-ids.ts';
import { ImageError, isElf, parseElf } from './elf.ts';
import { Machine } from './machine.ts';
import { idRegistersFromHex } from './profiles.ts';
import type { CoverageCounts } from './coverage.ts';
import { newFpStats, sumFpStats, type FpStats } from './fp-stats.ts';
import type { StrictFinding } from './strict-checker.ts';
import { describeModelStorm, type ModelStorm } from './exception-storm.ts';

export { ImageError } from './elf.ts';

export interface ModelConfig {
  cpu: 'max' | 'cortex-a57';
  memMiB: number;
  maxSteps: number;
  /** Wall-clock limit; checked every 65536 instructions. */
  timeoutMs: number;
  uartCapBytes: number;
  append?: string;
  initrd?: string;
  /** Called with UART bytes as they are written (e.g. `s2diff model` streams to stdout). */
  onUart?: (bytes: Uint8Array) => void;
  strict?: boolean;
  coverage?: boolean;
  /** Count what the FP/SIMD instructions met (flags raised, NaN operands; s2diff risu). */
  fpStats?: boolean;
  /** Raw images: the DTB QEMU generates for the same command line (-machine dumpdtb=). */
  dtb?: string;
  /** Raw files placed in RAM before start, as QEMU's -device loader,force-raw=on does. */
  loads?: { file: string; addr: number }[];
  /** Virtual time per instruction, 2^icount ns (QEMU's -icount shift; default 0). */
  icount?: number;
  /** PEs (QEMU's -smp; default 1). */
  smp?: number;
  /** The GIC version (QEMU's gic-version): 3 (default) or 4 (GICv4.0 virtual LPIs). */
  gic?: 3 | 4;
  /** ID register values learned from the QEMU in use (hex strings; default: the profile's table). */
  idRegisters?: Record<string, string>;
  /** Executions of an address before its block is translated (default BLOCK_THRESHOLD; 0: never). */
  blockThreshold?: number;
  /** Catalogued QEMU 7.2 deviations the model imitates instead of the Arm ARM (--follow-qemu). */
  followQemu?: QemuDeviationId[];
  /** --el1: a board without EL2, entered at EL1 (QEMU's virt without virtualization=on). */
  el1?: boolean;
}

export type ModelEnd = 'poweroff' | 'reset' | 'timeout' | 'uart-cap' | 'crash';

export interface ModelResult {
  uart: string;
  /** Exceptions taken and returned from, firmware calls, in order (events.ts). */
  events: ArchEvent[];
  instructions: number;
  /** Blocks the run translated (0 with blockThreshold 0: everything was interpreted). */
  blocksTranslated: number;
  end: ModelEnd;
  /** Why it ended abnormally: step limit, wall-clock, cap, or the error's message+stack. */
  detail?: string;
  /** Where the model applied an Arm ARM rule on which QEMU 7.2 is known to differ, etc. */
  notes: string[];
  /** The known QEMU deviations from the Arm ARM on paths this run took. */
  qemuDeviations: QemuDeviationId[];
  /** How often the model imitated each followed deviation (--follow-qemu), when it did. */
  qemuImitations?: Partial<Record<QemuDeviationId, number>>;
  /** --strict findings (reliance on UNPREDICTABLE behaviour). */
  strictFindings?: StrictFinding[];
  /** --coverage counts. */
  coverage?: CoverageCounts;
  /** With cfg.fpStats: every PE's FP/SIMD figures, summed. */
  fpStats?: FpStats;
  /** Set when the run was stopped as an exception storm (end 'timeout': it would never have ended). */
  storm?: ModelStorm;
  durationMs: number;
}

/** Reads and checks an image file; throws ImageError with a readable message. */
export function loadImageFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(e)})`);
  }
  if (/\.elf$/i.test(path) && !isElf(bytes)) {
    throw new ImageError(`${path}: named .elf but is not an ELF file (no \\x7fELF magic)`);
  }
  return bytes;
}

/**
 * Puts an image into a fresh machine: an ELF's segments, or a raw image booted the way QEMU
 * boots one (needs cfg.dtb), then the --load files. Throws ImageError for a bad image.
 */
export function loadImage(m: Machine, imagePath: string, cfg: Pick<ModelConfig, 'dtb' | 'initrd' | 'loads' | 'memMiB'>): void {
  const bytes = loadImageFile(imagePath);
  try {
    if (isElf(bytes)) m.loadElf(parseElf(bytes, imagePath));
    else {
      if (cfg.dtb === undefined) {
        throw new ImageError(`${imagePath}: a raw image needs the DTB QEMU generates for it (s2diff gets it with -machine dumpdtb=)`);
      }
      m.loadRaw(bytes, loadImageFile(cfg.dtb), cfg.initrd !== undefined ? loadImageFile(cfg.initrd) : undefined);
    }
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw new ImageError(`${imagePath}: ${(e as Error).message}`);
  }
  for (const l of cfg.loads ?? []) {
    const data = loadImageFile(l.file);
    if (!m.mem.isRam(l.addr, data.length)) {
      throw new ImageError(`${l.file}: ${data.length} bytes at 0x${l.addr.toString(16)} do not fit in RAM (-m ${cfg.memMiB})`);
    }
    m.mem.load(l.addr, data);
  }
}

/**
 * A fresh machine configured by `cfg` with the image loaded, ready to run or to step (the
 * harness's lockstep and trace step it one instruction at a time). Throws ImageError.
 */
export function bootMachine(imagePath: string, cfg: ModelConfig): Machine {
  const m = new Machine({ profile: cfg.cpu, memMiB: cfg.memMiB, uartCapBytes: cfg.uartCapBytes, onUart: cfg.onUart,
    strict: cfg.strict, coverage: cfg.coverage, learnedIdRegs: idRegistersFromHex(cfg.idRegisters),
    icountShift: cfg.icount, blockThreshold: cfg.blockThreshold, withoutEl2: cfg.el1, smp: cfg.smp, gicVersion: cfg.gic });
  for (const c of m.cpus) for (const id of cfg.followQemu ?? []) c.followQemu.add(id);
  if (cfg.fpStats) for (const c of m.cpus) c.fpStats = newFpStats();
  loadImage(m, imagePath, cfg);
  return m;
}

/** Runs an image on the model. Throws ImageError for a malformed or unsupported image. */
export function runModelImage(imagePath: string, cfg: ModelConfig, patch?: (m: Machine) => void): ModelResult {
  const m = bootMachine(imagePath, cfg);
  patch?.(m);
  const t0 = performance.now();
  let end: ModelEnd;
  let detail: string | undefined;
  try {
    const r = m.run(cfg.maxSteps, Date.now() + cfg.timeoutMs);
    switch (r) {
      case 'step-limit': end = 'timeout'; detail = `step limit of ${cfg.maxSteps} instructions reached`; break;
      case 'wall-clock': end = 'timeout'; detail = `wall-clock timeout of ${cfg.timeoutMs} ms reached`; break;
      case 'cpu-off': end = 'timeout'; detail = m.cpus.length > 1 ? 'PSCI CPU_OFF on every PE: nothing left running' : 'PSCI CPU_OFF on the only CPU: nothing left running'; break;
      case 'uart-cap': end = 'uart-cap'; detail = `UART output capped at ${cfg.uartCapBytes} bytes`; break;
      case 'exception-storm': end = 'timeout'; detail = describeModelStorm(m.storm!); break;
      default: end = r;
    }
  } catch (e) {
    end = 'crash';
    const err = e as Error;
    // Something the model does not implement is a message, not a stack (it names the gap).
    const what = err instanceof Unimplemented ? err.message : err.stack ?? String(e);
    const pe = m.cpus.length > 1 ? ` on PE ${m.cpus.indexOf(m.current)}` : '';
    detail = `model error${pe} at PC ${'0x' + m.current.pc.toString(16)} after ${m.retired()} instructions: ${what}`;
  }
  if (m.droppedEvents > 0) {
    // Each event is one exception record in the harness's reports, hence the wording.
    m.cpu.note(`${m.droppedEvents} exception records beyond the first ${m.events.length} were not kept`);
  }
  // Every PE's account, summed (PE 0's alone with one PE).
  const imitations = new Map<string, number>();
  for (const c of m.cpus) for (const [id, n] of c.qemuImitations) imitations.set(id, (imitations.get(id) ?? 0) + n);
  return {
    uart: m.uart,
    events: m.events,
    instructions: m.retired(),
    blocksTranslated: m.cpus.reduce((n, c) => n + c.blocksTranslated, 0),
    end,
    detail,
    notes: [...new Set(m.cpus.flatMap((c) => c.notes))],
    qemuDeviations: [...new Set(m.cpus.flatMap((c) => [...c.qemuDeviations]))],
    ...(imitations.size > 0 ? { qemuImitations: Object.fromEntries(imitations) } : {}),
    strictFindings: m.strictChecker?.findings,
    coverage: m.coverage?.counts,
    ...(cfg.fpStats ? { fpStats: sumFpStats(m.cpus.map((c) => c.fpStats!)) } : {}),
    ...(m.storm ? { storm: m.storm } : {}),
    durationMs: performance.now() - t0,
  };
}
