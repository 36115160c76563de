// Shared result types: what one side (QEMU or the model) produced for one image.
// Field names follow the JSON report contract in ../shared/design.md §4.

import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import type { StrictFinding } from '../emulator/strict-checker.ts';
import type { FpStats } from '../emulator/fp-stats.ts';
import type { ExceptionStorm } from './storm-report.ts';
import type { CaseOptions } from './case-options.ts';

/** One exception entry or return, with the fields QEMU's `-d int` log prints. */
export interface ExceptionRecord {
  /** QEMU's exception name ("Data Abort", "Hypervisor Call", ...) or "eret". */
  type: string;
  fromEl?: number;
  toEl?: number;
  /** Syndrome, hex with 0x prefix, lower case, no leading zeros (as QEMU prints). */
  esr?: string;
  far?: string;
  elr?: string;
  /** Vector address (entry) or return address (eret). */
  pc?: string;
  pstate?: string;
  /** True when QEMU handled an SMC/HVC as a PSCI call instead of taking it. */
  psci?: boolean;
  /**
   * The PE that took it, on a board of several PEs (QEMU's "on CPU n"). QEMU 7.2 does not
   * name the PE of an exception return, so erets carry none on either side.
   */
  cpu?: number;
}

/** How a side's run ended. */
export type SideEnd =
  | 'poweroff' // PSCI SYSTEM_OFF
  | 'reset' // PSCI SYSTEM_RESET
  | 'timeout' // wall-clock timeout or step limit
  | 'uart-cap' // UART output exceeded the cap; run stopped
  | 'crash' // QEMU died from a signal / non-zero exit, or the model threw
  | 'halt'; // ran to completion some other way (e.g. model hit a stop condition)

export interface SideResult {
  /** Status from the final `EXIT: STATUS=<n>` line, or null when absent. */
  exitStatus: number | null;
  end: SideEnd;
  uart: string;
  exceptions: ExceptionRecord[];
  durationMs: number;
  /** Instructions retired (model only). */
  instructions?: number;
  /** Why the run ended abnormally (crash message, step limit, cap). */
  detail?: string;
  /** Model only: where it applied an Arm ARM rule on which QEMU 7.2 is known to differ, etc. */
  notes?: string[];
  /** Model only: ids of known QEMU deviations (qemu-deviations.ts) on paths the run took. */
  qemuDeviations?: QemuDeviationId[];
  /** Model only, with --follow-qemu: how often it imitated each followed deviation. */
  qemuImitations?: Partial<Record<QemuDeviationId, number>>;
  /** Model only, with --strict: places the image relies on UNPREDICTABLE behaviour. */
  strictFindings?: StrictFinding[];
  /** Model only, with --coverage: translation walk outcome counts. */
  coverage?: Record<string, number>;
  /** Model only, with fpStats: what its FP/SIMD instructions met (emulator/fp-stats.ts). */
  fpStats?: FpStats;
  /** The run was stopped as an exception storm (end 'timeout'; emulator/exception-storm.ts, storm-report.ts). */
  storm?: ExceptionStorm;
}

export type DivergenceKind = 'uart' | 'register' | 'exception' | 'exit' | 'timeout';

export interface Divergence {
  kind: DivergenceKind;
  summary: string;
  qemu: string;
  model: string;
}

export type Verdict = 'match' | 'diverge' | 'known' | 'flaky' | 'timeout' | 'skip' | 'error';

/** A difference explained by a known QEMU deviation from the Arm ARM (see qemu-deviations.ts). */
export interface DeviationNote {
  id: QemuDeviationId;
  summary: string;
  reference: string;
  /** How many times it showed up in this case. */
  count: number;
  /** The first occurrence, both sides (exception records; absent for output differences). */
  example?: { qemu: string; model: string };
}

export interface CaseResult {
  name: string;
  image: string;
  verdict: Verdict;
  /** Differences that are QEMU 7.2 deviating from the Arm ARM, not model bugs. */
  qemuDeviations?: DeviationNote[];
  /** --follow-qemu: the deviations the model imitated in this case, and how often. */
  qemuImitated?: Partial<Record<QemuDeviationId, number>>;
  qemu?: SideResult;
  model?: SideResult;
  divergences: Divergence[];
  error?: string;
  /** The options the case ran with (design.md §4; case-options.ts): what repro needs to rerun it. */
  options?: CaseOptions;
  /** What this case's comparison left out, and why (e.g. the order between PEs without --icount). */
  notCompared?: string[];
  /** A case that did not match and met something the model does not implement: what (feature-met.ts). */
  unimplementedFeature?: string;
}

/** What every run (QEMU or model) of an image is given. */
export interface RunOptions {
  cpu: 'max' | 'cortex-a57';
  /**
   * QEMU CPU properties after the model (`--cpu max,sve=off,pauth=off`: "sve=off,pauth=off").
   * QEMU gets them on -cpu; the model presents the ID registers QEMU then presents (probed
   * per property string), so a feature turned off is off on both sides.
   */
  cpuProps?: string;
  memMiB: number;
  append?: string;
  initrd?: string;
  timeoutSec: number;
  /** Model step limit. */
  maxSteps: number;
  /** UART bytes after which a side is stopped (flood guard). */
  uartCapBytes: number;
  /** Model: report reliance on UNPREDICTABLE TLB/BBM/ISB behaviour (strict-checker.ts). */
  strict?: boolean;
  /** Model: count translation walk outcomes (coverage.ts). */
  coverage?: boolean;
  /** Model: count FP flags raised and NaN operands met (s2diff risu's figures). */
  fpStats?: boolean;
  /** Raw files placed in guest-physical memory before start (QEMU: -device loader). */
  loads?: RawLoad[];
  /** QEMU -icount shift: both sides count 2^shift ns of virtual time per instruction. */
  icount?: number;
  /** PEs on both sides (QEMU -smp; default 1). */
  smp?: number;
  /** The GIC on both sides (QEMU gic-version): 3 (default) or 4, GICv4.0 with virtual LPIs (needs EL2). */
  gic?: 3 | 4;
  /** ID register values learned from the QEMU in use (harness/id-probe.ts), as hex strings. */
  idRegisters?: Record<string, string>;
  /**
   * Model: executions of an address before the straight-line block there is translated
   * (emulator/block-translator.ts; default BLOCK_THRESHOLD). 0 interprets every instruction.
   */
  blockThreshold?: number;
  /** Model: catalogued QEMU deviations to imitate so the comparison continues past them (--follow-qemu). */
  followQemu?: QemuDeviationId[];
  /**
   * Both sides without EL2, entered at EL1: QEMU's virt without virtualization=on (how most
   * users run kvm-unit-tests under TCG), the model likewise (--el1).
   */
  el1?: boolean;
}

export interface RawLoad {
  file: string;
  addr: number;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  cpu: 'max',
  memMiB: 256,
  timeoutSec: 30,
  maxSteps: 500_000_000,
  uartCapBytes: 1 << 20,
};
