// The board: QEMU's virt machine as the model presents it (design.md §1): RAM at
// 0x4000_0000, PL011 at 0x0900_0000, PSCI over SMC, one CPU starting at EL2.

import { ACC_EXEC, ACC_UNPRIV, ACC_WRITE, Cpu, EXCEPTION_TAKEN } from './cpu.ts';
import { checkBreakpoints, checkWatchpoints } from './hw-debug.ts';
import { addressTranslate } from './at.ts';
import { decode } from './decode.ts';
import { translateBlock } from './block-translator.ts';
import type { ElfImage } from './elf.ts';
import { EC, raise, syncTargetFromLowEl } from './exceptions.ts';
import { PhysicalMemory } from './memory.ts';
import { Mmu, type MmuObserver } from './mmu.ts';
import { fanOut, TranslationCoverage } from './coverage.ts';
import { StrictChecker } from './strict-checker.ts';
import './sysreg-rooms.ts';
import { ExceptionStormGuard, sameExceptionTaken, type ModelStorm } from './exception-storm.ts';
import { PMU_INTID, pmuElChange, pmuTimerPoll, wirePmu } from './pmu.ts';
import { GenericTimer } from './generic-timer.ts';
import { GicIts } from './gic-its.ts';
import { PcieEcam } from './pcie-ecam.ts';
import { FwCfg } from './fw-cfg.ts';
import { GicV3, redistributorRegion } from './gicv3.ts';
import { GicDistributor } from './gic-distributor.ts';
import { VirtualClock } from './virtual-clock.ts';
import { RET_ALREADY_ON, RET_INVALID_PARAMS, RET_SUCCESS, type PowerController } from './psci.ts';
import { isSet } from './arch/field.ts';
import { HCR_EL2 } from './arch/registers.ts';
import { takePendingInterrupt, wakeUpPending } from './interrupts.ts';
import { softwareStepActive } from './debug-state.ts';
import { softwareStepPoll } from './software-step.ts';
import { featuresFrom, pstateValidMask } from './features.ts';
import { Flash } from './flash.ts';
import { Pl011, PL011_INTID } from './pl011.ts';
import { Pl031, PL031_INTID } from './pl031.ts';
import { Pl061, PL061_INTID } from './pl061.ts';
import { VirtioMmioTransports } from './virtio-mmio.ts';
import { rawBootLayout, type RawBootLayout } from './raw-boot.ts';
import { fdtRegions, parseFdt, propStrings, type FdtRegion } from './fdt.ts';
import { Unimplemented } from './isa/unimplemented.ts';
import { idRegisterValues, withoutEl2Ids, type CpuProfile, type IdRegisters } from './profiles.ts';
import { SysRegFile } from './sysreg-file.ts';
import { guestRandom, type MersenneTwister } from './rng.ts';
import type { SysInsnDef } from './sys-instructions.ts';
import type { ArchEvent, ExceptionTaken } from './events.ts';

export const RAM_BASE = 0x4000_0000;
export const UART_BASE = 0x0900_0000;
/** PEs the model's board can have (the harness's --smp 1..8). */
export const MAX_SMP = 8;
/** Events kept per run; an exception storm beyond this is counted, not stored. */
export const MAX_EVENTS = 100_000;

export interface MachineOptions {
  profile: CpuProfile;
  /** ID register values the harness learned from the QEMU in use; default: the profile's. */
  learnedIdRegs?: IdRegisters;
  memMiB: number;
  uartCapBytes: number;
  onUart?: (bytes: Uint8Array) => void;
  /** --strict: report reliance on UNPREDICTABLE TLB / break-before-make / ISB behaviour. */
  strict?: boolean;
  /** --coverage: count (stage, granule, level, outcome) of every walk. */
  coverage?: boolean;
  /** Virtual time per instruction, 2^icountShift ns, as QEMU's -icount shift (default DEFAULT_ICOUNT_SHIFT). */
  icountShift?: number;
  /**
   * Executions of an address before the straight-line block starting there runs translated
   * (block-translator.ts; default BLOCK_THRESHOLD); 0: every instruction is interpreted.
   */
  blockThreshold?: number;
  /** FEAT_RNG's seed: QEMU's -seed (rng.ts; default DEFAULT_RNG_SEED, what the harness passes). */
  rngSeed?: bigint;
  /** No EL2 (QEMU's virt without virtualization=on): the CPU starts at EL1h (startWithoutEl2). */
  withoutEl2?: boolean;
  /** PEs (QEMU's -smp; default 1): PE 0 boots, the others wait for PSCI CPU_ON. */
  smp?: number;
  /** The GIC's architecture version (QEMU's gic-version): 3, or 4 for GICv4.0 virtual LPIs (default 3). */
  gicVersion?: 3 | 4;
}

/**
 * Without --icount, QEMU's counter follows the host's clock; the model's runs at 2^5 = 32 ns
 * per instruction, about the model's own speed, so a delay loop (kvm-unit-tests' mdelay)
 * takes about as long on both sides instead of 30 times longer on the model.
 */
export const DEFAULT_ICOUNT_SHIFT = 5;

export type RunEnd = 'poweroff' | 'reset' | 'step-limit' | 'wall-clock' | 'uart-cap' | 'cpu-off' | 'exception-storm';

/**
 * A CPU without EL2, as QEMU's virt board runs one without virtualization=on: reset into
 * EL1h (DAIF masked, as QEMU's reset), and the EL2 controls the model consults set to what
 * the Arm ARM says their effect is when EL2 is not implemented (D1.4: HCR_EL2 behaves as 0
 * except RW, which is 1 for an AArch64 EL1; CNTHCTL_EL2.EL1PCTEN/EL1PCEN as 1; no traps).
 * EL1 cannot reach these registers, so they only stand for the absent EL2's effect.
 */
function startWithoutEl2(c: Cpu): void {
  c.el2Implemented = false;
  c.el = 1;
  c.sr.set('HCR_EL2', 1n << 31n);
  c.sr.set('CNTHCTL_EL2', 3n);
  c.sr.set('CPTR_EL2', 0n);
}

/**
 * The interpreter's hot loop, kept apart from the rare paths (limits, polling, exceptions)
 * so that V8 optimizes it once with complete type feedback instead of deoptimizing the
 * whole run loop each time a rare path is first taken. Returns when `until` is reached, an
 * event is due (c.eventAt) or the run stopped; a synchronous exception unwinds through it.
 */
function runUntil(c: Cpu, until: number): void {
  while (c.instret < until && c.instret < c.eventAt && !c.stopped) {
    // A translated block when every instruction in it would run here anyway (block-translator.ts):
    // no BTYPE to hand over, no instruction being stepped (its step exception reads c.op).
    if (c.blockThreshold !== 0 && (c.btype | c.btypeNext) === 0 && !c.stepping) {
      const blk = c.fetchBlock();
      if (blk !== null && c.instret + blk.n <= until && c.instret + blk.n <= c.eventAt) {
        blk.run(c, blk.os);
        continue;
      }
    }
    const op = c.fetch();
    c.op = op;
    c.branched = false;
    op.h(c, op);
    if (!c.branched) {
      const lo = (c.pcLo + 4) | 0;
      if (lo === 0) c.pcHi = (c.pcHi + 1) | 0;
      c.pcLo = lo;
    }
    // PSTATE.BTYPE takes the value the instruction set (0 unless an indirect branch).
    if ((c.btype | c.btypeNext) !== 0) { c.btype = c.btypeNext; c.btypeNext = 0; }
    c.instret++;
  }
}

/**
 * The exception-storm guard's view of one PE (exception-storm.ts): instructions retired
 * between its events, and whether an ERET returned to the same faulting word.
 */
class PeStormWatch {
  private readonly guard = new ExceptionStormGuard<ExceptionTaken>(sameExceptionTaken);
  private instretAtLastEvent = -1;
  /** An ERET since the last entry, and the faulting instruction's word then. */
  private afterReturn = false;
  private word: number | undefined;

  /** One event of the PE; returns the storm once the event completes one. */
  observe(c: Cpu, e: ArchEvent, peek: () => number | undefined): ModelStorm | undefined {
    // Retired since the previous event: at most the faulting instruction itself (counted on unwinding).
    const noProgress = c.instret - this.instretAtLastEvent <= 1;
    this.instretAtLastEvent = c.instret;
    // A handler that returns to the faulting instruction unchanged is no progress either:
    // an ERET does not end a run of entries when the same instruction word takes the same
    // synchronous exception again at once (exception-storm.ts). A handler that rewrites
    // the instruction before returning to it (a sweep harness) does make progress.
    if (e.event === 'exception-return') { this.afterReturn = true; return undefined; }
    if (e.event === 'exception-taken') {
      const word = c.op?.raw;
      if (this.afterReturn && (e.async || word !== this.word)) this.guard.observe(undefined, false);
      this.word = word;
    }
    this.afterReturn = false;
    if (!this.guard.observe(e.event === 'exception-taken' ? e : undefined, noProgress)) return undefined;
    // In a storm the faulting instruction is the vector's first (ELR = vector): name it.
    const entry = this.guard.storm!.entry;
    return { ...this.guard.storm!, ...(entry.elr === entry.vector ? { insn: peek() } : {}) };
  }
}

/** A TLBI to the Inner or Outer Shareable domain, or one HCR_EL2.FB forces there at EL1. */
function isBroadcastTlbi(c: Cpu, d: SysInsnDef): boolean {
  return /(IS|OS)$/.test(d.name) || (c.el === 1 && isSet(c.sr.get('HCR_EL2'), HCR_EL2.FB));
}

/**
 * The TLBIs QEMU 7.2 carries out on every vCPU (target/arm/helper.c: *_all_cpus_synced,
 * which queues work on the others and kicks them all): the broadcast ones, except the OS
 * forms of the IPAS2 family, which it implements as NOPs, and VMALLS12E1, which it
 * implements as VMALLS12E1IS (an over-invalidation the architecture allows).
 */
const QEMU_NOP_TLBI = new Set(['TLBI IPAS2E1OS', 'TLBI IPAS2LE1OS', 'TLBI RIPAS2E1OS', 'TLBI RIPAS2LE1OS']);
const QEMU_BROADCAST_LOCAL_TLBI = new Set(['TLBI VMALLS12E1']);
function qemuBroadcastsTlbi(c: Cpu, d: SysInsnDef): boolean {
  return !QEMU_NOP_TLBI.has(d.name) && (isBroadcastTlbi(c, d) || QEMU_BROADCAST_LOCAL_TLBI.has(d.name));
}

/**
 * TLBI by IPA: QEMU 7.2 drops only its stage-2 entries (those its page-table walks use) and
 * keeps the combined stage 1+2 translations of guest accesses, which the architecture allows
 * until a TLBI by VMID (VMALLE1, VMALLS12E1) follows, as break-before-make does.
 */
const STAGE2_ONLY_TLBI = /^TLBI R?IPAS2L?E1/;

/**
 * PSCI power state of a PE (AFFINITY_INFO's values: 0 ON, 1 OFF). QEMU 7.2 never reports
 * ON_PENDING (2): a PE stays OFF until its CPU_ON work has run (smp-psci).
 */
type PePower = 'on' | 'off';
const AFFINITY_INFO: Record<PePower, bigint> = { on: 0n, off: 1n };
/** QEMU 7.2's round robin re-arms its kick timer every TCG_KICK_PERIOD (100 ms of virtual time). */
const RR_KICK_PERIOD_NS = 100_000_000;
/**
 * Without --icount QEMU runs a thread per vCPU, all at once; the model's turns are then this
 * short (instructions), so that PEs waiting on each other progress as on parallel PEs rather
 * than in QEMU's round-robin shares of up to INT32_MAX ns (the interleaving is not compared).
 */
const HOST_CLOCK_TURN = 4096;
/** icount_get_limit caps the deadline at INT32_MAX ns. */
const ICOUNT_MAX_DEADLINE_NS = 0x7fffffff;

export class Machine implements PowerController {
  readonly mem: PhysicalMemory;
  /** The PEs, in MPIDR order; cpus[0] boots, the others wait for PSCI CPU_ON. */
  readonly cpus: Cpu[];
  /** PE 0. */
  readonly cpu: Cpu;
  /** The PE running now: the one poll(), WFI and the run loop act on. */
  current: Cpu;
  readonly clock: VirtualClock;
  readonly dist: GicDistributor;
  readonly mmu: Mmu;
  private readonly ids: IdRegisters;
  /** Exceptions taken and returned from, firmware calls: in order, at most MAX_EVENTS. */
  readonly events: ArchEvent[] = [];
  droppedEvents = 0;
  /** Set when the run was stopped as an exception storm (exception-storm.ts). */
  storm: ModelStorm | undefined;
  /** Sees every TLBI (the --strict checker). */
  tlbiObserver?: (c: Cpu, d: SysInsnDef, lo: number, hi: number) => void;
  private readonly flash = new Flash();
  private uartBytes: number[] = [];
  private uartCapped = false;
  /** Each PE's power state, and the CPU_ON / CPU_OFF work QEMU runs between rounds. */
  private readonly peOn: PePower[];
  private readonly powerWork = new Map<number, { entry: bigint; context: bigint } | 'off'>();
  /** Where the next round robin round starts, and the kick timer's deadline (ns; undefined while stopped). */
  private rrNext = 0;
  /** Each PE's exit_request: set by kicks; a round stops before a PE that has one. PE 0 starts with one, as in QEMU. */
  private readonly exitRequest: boolean[] = [];
  private kickAtNs: number | undefined = RR_KICK_PERIOD_NS;

  constructor(readonly opts: MachineOptions) {
    this.mem = new PhysicalMemory(RAM_BASE, opts.memMiB * 1024 * 1024);
    this.dist = new GicDistributor(this.mem, opts.gicVersion ?? 3);
    const all = idRegisterValues(opts.profile, opts.learnedIdRegs);
    this.ids = opts.withoutEl2 ? withoutEl2Ids(all) : all;
    this.mmu = new Mmu(this.ids);
    const smp = opts.smp ?? 1;
    if (!Number.isInteger(smp) || smp < 1 || smp > MAX_SMP) throw new RangeError(`smp ${smp}: the model's virt board has 1 to ${MAX_SMP} PEs`);
    // One generator for all PEs: QEMU's -seed generator is per thread, and round robin runs
    // every vCPU in one thread.
    const rng = opts.rngSeed !== undefined ? guestRandom(opts.rngSeed) : undefined;
    this.cpus = Array.from({ length: smp }, (_, i) => this.buildPe(i, rng));
    this.cpu = this.current = this.cpus[0]!;
    this.clock = new VirtualClock(opts.icountShift ?? DEFAULT_ICOUNT_SHIFT, this.cpu);
    this.peOn = this.cpus.map((_, i) => (i === 0 ? 'on' : 'off'));
    this.exitRequest.push(...this.cpus.map((_, i) => i === 0));
    for (const c of this.cpus) {
      const gic = c.gic!;
      const timer = c.timer = new GenericTimer(c, gic, this.clock);
      if (smp > 1) timer.onRearm = (ns) => this.timerRearmed(c, ns);
      c.waitForInterrupt = () => this.waitForInterrupt(c);
      c.powerController = this;
      c.turns = smp > 1;
      c.yieldEndsTurn = smp > 1 && opts.icountShift !== undefined;
      // The PMU: INST_RETIRED only with --icount (as QEMU), overflow interrupt on PPI 23, its
      // overflow timer on the virtual clock.
      wirePmu(c, { icount: opts.icountShift !== undefined, setIrq: (level) => gic.setLevel(PMU_INTID, level) });
      timer.others.push((ns) => pmuTimerPoll(c, ns));
      if (c !== this.cpu) c.halted = true; // powered off until CPU_ON
    }
    this.gic = this.cpu.gic!;
    this.timer = this.cpu.timer!;
    const dist = this.dist;
    this.mem.addDevice(new Pl011(UART_BASE, (b) => this.uartTx(b), (level) => dist.setLevel(PL011_INTID, level)));
    this.mem.addDevice(new Pl061((level) => dist.setLevel(PL061_INTID, level)));
    this.mem.addDevice(this.flash);
    this.mem.addDevice(new VirtioMmioTransports());
    this.mem.addDevice(dist.mmio);
    this.mem.addDevice(redistributorRegion(dist.pes, dist.revision));
    this.mem.addDevice(new GicIts(this.mem, dist.pes.map((pe) => pe.lpis), dist.revision, (id) => this.current.qemuDeviation(id)));
    this.mem.addDevice(new PcieEcam());
    this.mem.addDevice(new FwCfg(this.mem));
    // The RTC's clock as its registers see it (the accessing instruction counted).
    const rtc = new Pl031(() => this.timer.accessNs(), (level) => dist.setLevel(PL031_INTID, level), () => { this.current.eventAt = 0; this.timer.stale = true; });
    this.mem.addDevice(rtc);
    this.timer.others.push(rtc.poll);
    const observers: MmuObserver[] = [];
    if (opts.coverage) observers.push(this.coverage = new TranslationCoverage());
    if (opts.strict) {
      if (smp === 1) {
        const checker = this.strictChecker = new StrictChecker(this.cpu, this.mmu);
        observers.push(checker);
        this.cpu.strict = checker;
        this.tlbiObserver = (_c, d, lo, hi) => checker.tlbi(d, lo, hi);
      } else {
        observers.push(this.strictCheckersOfPes());
      }
    }
    if (observers.length > 0) this.mmu.observer = fanOut(observers);
  }

  /**
   * --strict with several PEs: a checker (a shadow TLB) per PE, one list of findings. Walks
   * are the running PE's; a descriptor write makes entries stale in every PE's TLB; a TLBI
   * reaches every PE's only when it is broadcast (IS/OS, or HCR_EL2.FB).
   */
  private strictCheckersOfPes(): MmuObserver {
    const shared = { findings: [], seen: new Set<string>() };
    const checkers = this.cpus.map((c, i) => {
      const k = new StrictChecker(c, this.mmu, shared);
      k.cpuIndex = i;
      c.strict = k;
      return k;
    });
    this.strictChecker = checkers[0];
    this.mem.onWatchedWrite = (off) => {
      for (const k of checkers) k.descriptorWritten(this.mem.ramBase + (off & ~7), this.current);
    };
    const of = (c: Cpu): StrictChecker => checkers[this.cpus.indexOf(c)]!;
    this.tlbiObserver = (c, d, lo, hi) => {
      if (isBroadcastTlbi(c, d)) for (const k of checkers) k.tlbi(d, lo, hi);
      else of(c).tlbi(d, lo, hi);
    };
    return {
      begin: () => of(this.current).begin(),
      descriptor: (stage, pa, lo, hi) => of(this.current).descriptor(stage, pa, lo, hi),
      walk: (stage, granule, level, outcome, addr) => of(this.current).walk(stage, granule, level, outcome, addr),
      translated: (c, lo, hi, acc, el) => of(c).translated(c, lo, hi, acc, el),
    };
  }

  /** One PE in its reset state: registers, system registers (MPIDR_EL1 naming it), its GIC redistributor and CPU interface. */
  private buildPe(index: number, rng: MersenneTwister | undefined): Cpu {
    const opts = this.opts, mmu = this.mmu;
    const sr = new SysRegFile();
    const c: Cpu = new Cpu(this.mem, sr, {
      translate: (c, lo, hi, acc, size) => mmu.translate(c, lo, hi, acc, size),
      decode,
      translateBlock,
      alignmentFault: (c, lo, hi, acc) => mmu.alignmentFault(c, lo, hi, acc),
      externalAbort: (c, lo, hi, acc, pa): never => {
        this.checkUnmodelledDevice(pa, acc);
        return mmu.externalAbort(c, lo, hi, acc, pa);
      },
      pcAlignmentFault: (c) => raise(c, {
        ec: EC.PC_ALIGN, iss: 0, targetEl: syncTargetFromLowEl(c), far: c.pc,
      }),
      addressTranslate: (c, at, lo, hi) => addressTranslate(c, mmu, at, lo, hi),
      tlbi: (c, d, lo, hi) => {
        if (this.cpus.length > 1) this.broadcastTlbi(c, d);
        this.tlbiObserver?.(c, d, lo, hi);
      },
      watchpoint: (c, lo, hi, size, acc) => checkWatchpoints(c, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0), size,
        (acc & 3) === ACC_WRITE, (acc & ACC_UNPRIV) !== 0 && c.el === 1 ? 0 : c.el, false),
      illegalState: (c) => raise(c, {
        ec: EC.ILLEGAL_STATE, iss: 0, targetEl: syncTargetFromLowEl(c),
      }),
    });
    this.resetPeState(c, index);
    if (opts.blockThreshold !== undefined) c.blockThreshold = opts.blockThreshold;
    if (rng !== undefined) c.rng = rng;
    const storm = new PeStormWatch();
    c.onEvent = (e) => {
      // QEMU's EL-change hooks: the PMU stops counting under the old EL and restarts.
      if (e.event === 'exception-taken') pmuElChange(c, e.fromEl, e.async);
      else if (e.event === 'exception-return') pmuElChange(c, e.fromEl, false);
      c.timer!.stale = true; // the PMU's counters follow the EL: its overflow timer may move
      if (this.events.length < MAX_EVENTS) this.events.push((this.opts.smp ?? 1) > 1 ? { ...e, cpu: c.affinity & 0xff } : e);
      else this.droppedEvents++;
      const s = storm.observe(c, e, () => this.peekInsn(c));
      if (s !== undefined && !this.storm) {
        this.storm = s;
        c.stopped = true;
      }
    };
    c.gic = new GicV3(c, this.dist, index, c.affinity);
    this.dist.pes.push(c.gic);
    return c;
  }

  /**
   * A PE's reset state (and CPU_ON's cpu_reset in QEMU 7.2): registers 0, the system
   * registers' reset values with MPIDR_EL1.Aff0 = the PE's index (QEMU virt with a GICv3:
   * 16 PEs per cluster), the reset PSTATE.
   */
  private resetPeState(c: Cpu, index: number): void {
    c.x.fill(0);
    c.vreg.fill(0);
    c.spBank.fill(0);
    c.sr.reset(this.ids);
    const mpidr = (c.sr.get('MPIDR_EL1') & ~0xff_00ff_ffffn) | BigInt((index >> 4) << 8 | (index & 15));
    c.sr.set('MPIDR_EL1', mpidr);
    c.sr.set('VMPIDR_EL2', mpidr);
    c.affinity = Number(mpidr & 0xffffffn);
    c.features = featuresFrom(c.sr);
    c.pstateMask = pstateValidMask(c.features);
    c.hasBti = c.features.bti;
    c.exclAddr = -1;
    if (this.opts.withoutEl2) startWithoutEl2(c);
    c.setPstate(this.resetPstate(c));
    c.contextChanged();
  }

  readonly gic: GicV3;
  readonly timer: GenericTimer;

  /**
   * Timers and interrupt lines, between two instructions: drives the timer PPIs, schedules
   * the next timer deadline, and takes a pending unmasked interrupt.
   */
  poll(includeStep = true): boolean {
    const c = this.current;
    const next = c.timer!.update();
    c.eventAt = next;
    // Interrupts before a Software Step exception: both are between instructions, and QEMU 7.2
    // checks interrupts first (they are taken at the translation-block boundary).
    if (takePendingInterrupt(c)) { c.eventAt = 0; return false; }
    if (!includeStep) {
      if (c.stepping || softwareStepActive(c)) {
        c.eventAt = c.instret; // due before the next instruction
        return false;
      }
      return this.pollBreakpoints();
    }
    const s = softwareStepPoll(c);
    if (s === 'taken') { c.eventAt = 0; return true; }
    if (s === 'again') c.eventAt = c.instret + 1;
    return this.pollBreakpoints();
  }

  /**
   * Armed breakpoints: every instruction is looked at before it runs, after a Software Step
   * exception due first (which has priority, D1.3.5). QEMU takes the Breakpoint exception
   * before the instruction's translation block starts, so its trace shows no state at the
   * breakpointed instruction: lockstep takes it at the end of the step before.
   */
  private pollBreakpoints(): boolean {
    const c = this.current;
    if (!c.breakpointsArmed) return false;
    c.eventAt = Math.min(c.eventAt, c.instret + 1);
    if (!checkBreakpoints(c)) return false;
    c.eventAt = 0;
    return true;
  }

  /**
   * WFI: completes at once when an interrupt is pending; otherwise virtual time jumps to the
   * next timer deadline (as QEMU's -icount sleep=off does). With nothing that could wake it,
   * it completes too (a spurious wake-up, which the architecture allows). With several PEs
   * the PE halts instead and its turn ends (QEMU's EXCP_HLT); the round robin resumes it
   * when an interrupt would wake it, and moves the clock on when every PE waits.
   */
  private waitForInterrupt(c: Cpu): void {
    // Timers and lines only: the interrupt itself is taken after the WFI completes (ELR = next).
    const deadline = c.timer!.nextDeadlineNs();
    c.eventAt = 0;
    if (wakeUpPending(c)) return;
    if (c.turns) {
      c.halted = true;
      c.endTurn();
      return;
    }
    if (deadline === undefined) return;
    // QEMU's sleep=off warp puts the clock at the deadline once the WFI has retired: the
    // instruction after it starts exactly there.
    const afterWfi = this.clock.nowNs() + 2 ** this.clock.icountShift;
    if (deadline > afterWfi) this.clock.idleNs += deadline - afterWfi;
  }

  /** Set with opts.coverage. */
  coverage?: TranslationCoverage;
  /** Set with opts.strict. */
  strictChecker?: StrictChecker;

  private uartTx(b: number): void {
    if (this.uartBytes.length >= this.opts.uartCapBytes) {
      this.uartCapped = true;
      this.current.stopped = true;
      return;
    }
    this.uartBytes.push(b);
    this.opts.onUart?.(Uint8Array.of(b));
  }

  get uart(): string {
    return Buffer.from(this.uartBytes).toString('latin1');
  }

  /** Loads an ELF and sets the entry state QEMU 7.2 gives an ELF image at EL2. */
  loadElf(img: ElfImage): void {
    for (const s of img.segments) {
      const bytes = new Uint8Array(s.memsz);
      bytes.set(s.data);
      if (this.mem.isRam(s.paddr, s.memsz)) this.mem.load(s.paddr, bytes);
      else if (s.paddr + s.memsz <= this.flash.size) this.flash.load(s.paddr, bytes);
      else {
        throw new RangeError(`segment at 0x${s.paddr.toString(16)}+0x${s.memsz.toString(16)} is neither in RAM ` +
          `(0x${RAM_BASE.toString(16)}, ${this.opts.memMiB} MiB) nor in flash (0x0-0x8000000)`);
      }
    }
    const c = this.cpu;
    c.setPC(img.entry);
    c.setPstate(this.resetPstate());
  }

  /**
   * QEMU's reset state: EL2h (EL1h without EL2), DAIF masked, NZCV = 0b0100 (the
   * architecture leaves it UNKNOWN).
   */
  private resetPstate(c: Cpu = this.cpu): number {
    return c.el2Implemented ? 0x400003c9 : 0x400003c5;
  }

  /** The DTB's device regions (raw boots): an access to one the model lacks is named, not aborted. */
  private dtbRegions: FdtRegion[] = [];

  /**
   * An access where the DTB QEMU generated places a device the model does not have: QEMU would
   * answer it, so taking an External abort here would only hide the gap; the run stops naming it.
   */
  private checkUnmodelledDevice(pa: number, acc: number): void {
    const r = this.dtbRegions.find((d) => pa >= d.base && pa < d.base + d.size);
    if (r === undefined) return;
    const compatible = propStrings(r.node, 'compatible')[0];
    throw new Unimplemented(`the device ${r.node.path}${compatible ? ` (${compatible})` : ''} of the DTB: a ` +
      `${(acc & 3) === ACC_WRITE ? 'write' : 'read'} at PA 0x${pa.toString(16)} (offset 0x${(pa - r.base).toString(16)})`);
  }

  /**
   * Loads a raw image as QEMU 7.2 boots an AArch64 kernel (raw-boot.ts): image, initrd, the
   * DTB QEMU generated for the same command line, and QEMU's bootloader, where execution
   * starts (EL2h, or EL1h without EL2; DAIF masked, as for an ELF).
   */
  loadRaw(image: Uint8Array, dtb: Uint8Array, initrd?: Uint8Array): RawBootLayout {
    const l = rawBootLayout(image, this.opts.memMiB, initrd?.length ?? 0);
    const put = (what: string, pa: number, bytes: Uint8Array): void => {
      if (!this.mem.isRam(pa, bytes.length)) {
        throw new RangeError(`the ${what} (${bytes.length} bytes at 0x${pa.toString(16)}) does not fit in ${this.opts.memMiB} MiB of RAM`);
      }
      this.mem.load(pa, bytes);
    };
    put('image', l.entry, image);
    if (initrd) put('initrd', l.initrdStart, initrd);
    put('DTB', l.dtbStart, dtb);
    try {
      this.dtbRegions = fdtRegions(parseFdt(dtb)).filter((r) => r.node.name.split('@')[0] !== 'memory');
    } catch {
      this.dtbRegions = []; // not a DTB the model can read: unmodelled devices abort as holes do
    }
    put('bootloader', RAM_BASE, new Uint8Array(l.bootloader.buffer));
    this.cpu.setPC(BigInt(RAM_BASE));
    this.cpu.setPstate(this.resetPstate());
    return l;
  }

  /**
   * Executes one instruction (or takes the exception it raises). Used by lockstep tracing,
   * which compares the state before every instruction with QEMU's.
   * Returns false once the run has stopped (power-off, UART cap).
   */
  /**
   * The instruction word at PC as the next fetch would see it, without taking any exception
   * (undefined when the fetch would fault, PC is misaligned or PSTATE.IL is set).
   */
  peekInsn(c: Cpu = this.current): number | undefined {
    if (c.il !== 0 || (c.pcLo & 3) !== 0) return undefined;
    const pa = this.mmu.probe(c, c.pcLo, c.pcHi, ACC_EXEC);
    // Fetches come from RAM only (cpu.fetchSlow raises an external abort elsewhere).
    if (pa === undefined || !this.mem.isRam(pa, 4)) return undefined;
    return this.mem.ram32[(pa - RAM_BASE) >>> 2] >>> 0;
  }

  step(): boolean {
    const c = this.cpu;
    if (c.stopped) return false;
    // A pending Software Step exception is a step of its own: QEMU's trace shows the state at
    // the instruction it is taken before (its translation block raises it), then the vector.
    if (c.instret >= c.eventAt && this.poll()) return !c.stopped;
    try {
      const op = c.fetch();
      c.op = op;
      c.branched = false;
      op.h(c, op);
      if (!c.branched) c.nextPc();
      if ((c.btype | c.btypeNext) !== 0) { c.btype = c.btypeNext; c.btypeNext = 0; }
    } catch (e) {
      if (e !== EXCEPTION_TAKEN) throw e;
    }
    c.instret++;
    // An interrupt due now is taken before the next instruction: do it here, so the state a
    // caller sees after step() is the one before that instruction (as QEMU's trace shows it).
    // (the step exception after a stepped instruction belongs to that instruction in QEMU's
    // trace; one pending without a stepped instruction is taken at the next step() call).
    if (!c.stopped && c.instret >= c.eventAt) this.poll(c.stepping);
    return !c.stopped;
  }

  /**
   * Lockstep with several PEs (harness/lockstep-smp.ts): called with the PE about to execute
   * an instruction, in the state QEMU's trace shows before it; the PEs then run one
   * instruction at a time, in the same round robin.
   */
  beforeInstruction: ((c: Cpu) => void) | undefined;

  /** Called between chunks of a run (every 65,536 instructions) with the count so far: progress lines. */
  onProgress: ((instructions: number) => void) | undefined;

  /** Runs until power-off, a limit, or the UART cap (several PEs: in QEMU's round-robin turns). */
  run(maxSteps: number, deadlineMs: number): RunEnd {
    if (this.cpus.length > 1) return this.runRoundRobin(maxSteps, deadlineMs);
    const c = this.cpu;
    const limit = c.instret + maxSteps;
    while (!c.stopped) {
      this.onProgress?.(c.instret);
      if (c.instret >= limit) return 'step-limit';
      if (Date.now() > deadlineMs) return 'wall-clock';
      this.runTo(c, Math.min(limit, c.instret + (1 << 16)));
    }
    return this.runEnd(c);
  }

  private runEnd(c: Cpu): RunEnd {
    if (this.uartCapped) return 'uart-cap';
    if (this.storm) return 'exception-storm';
    if (c.power === 'reset') return 'reset';
    if (c.power === 'cpu-off') return 'cpu-off';
    return 'poweroff';
  }

  /** Instructions retired by all PEs. */
  retired(): number {
    let n = 0;
    for (const c of this.cpus) n += c.instret;
    return n;
  }

  // ---- several PEs: QEMU 7.2's round robin under -icount (accel/tcg/tcg-accel-ops-rr.c) ----
  //
  // Each round, every PE in index order from where the last round stopped gets, when its turn
  // starts, every instruction up to the next deadline on the virtual clock (icount_get_limit,
  // re-read per PE; QEMU 7.2 has no per-PE share of it: the 100 ms kick timer bounds a turn);
  // due timers run before a turn. A turn ends early at WFI (halt), WFE, YIELD, PSCI
  // CPU_ON/CPU_OFF, a broadcast TLBI, or a timer write that makes that timer the next to fire
  // (each a kick of the running vCPU). A round stops before a PE with CPU_ON work queued; the
  // work is done between rounds and the next round starts at that PE (QEMU stops at the PE
  // after the caller, which every kick flags, and reaches the same order). When every PE
  // waits, the clock jumps to the next deadline (sleep=off), the kick timer stopped meanwhile.
  // The facts and QEMU's evidence for each: the smp-* scenarios and their README rows.

  private runRoundRobin(maxSteps: number, deadlineMs: number): RunEnd {
    const n = this.cpus.length;
    const limit = this.retired() + maxSteps;
    let reported = -Infinity;
    for (;;) {
      const total = this.retired();
      if (total - reported >= 1 << 16) { this.onProgress?.(total); reported = total; }
      if (total >= limit) return 'step-limit';
      if (Date.now() > deadlineMs) return 'wall-clock';
      this.runDueTimers(undefined);
      let toDeadline = this.instructionsToDeadline();
      const turnCap = this.opts.icountShift === undefined ? HOST_CLOCK_TURN : Infinity;
      let i = this.rrNext;
      // The round goes on while the next PE has no queued work and no exit request.
      for (; i < n && !this.exitRequest[i] && !(this.powerWork.size > 0 && this.powerWork.has(i)); i++) {
        const c = this.cpus[i]!;
        // A PE that cannot run executes nothing; a deadline reached meanwhile still runs its
        // timers before the turn (icount_prepare_for_run with a budget of 0).
        if (this.idle(c, i)) {
          if (toDeadline > 0) continue;
          this.runDueTimers(i);
          toDeadline = this.instructionsToDeadline();
          if (this.idle(c, i)) continue; // else its timer woke it: its interrupt is taken in a turn of 0
        }
        this.switchTo(c);
        let budget = Math.min(toDeadline, turnCap, limit - this.retired());
        if (budget <= 0) { this.runDueTimers(i); budget = 0; }
        // Kicked while its turn was prepared: it takes a pending interrupt, then stops.
        if (this.exitRequest[i]) budget = 0;
        this.runTurn(i, budget);
        this.exitRequest[i] = false; // cpu_exec consumed it
        if (c.stopped) return this.runEnd(c);
        toDeadline = this.instructionsToDeadline();
      }
      if (i < n) this.exitRequest[i] = false;
      this.rrNext = i < n ? i : 0;
      if (this.powerWork.size > 0) this.doPowerWork();
      if (this.peOn.every((p) => p === 'off')) return 'cpu-off';
      if (this.cpus.every((c, k) => this.idle(c, k))) this.warpWhileIdle();
    }
  }

  /** One PE's turn of at most `budget` instructions (cpu_exec): a halted PE wakes only for an interrupt, which is taken first. */
  private runTurn(index: number, budget: number): void {
    const c = this.cpus[index]!;
    c.turnEnds = false;
    if (this.peOn[index] !== 'on') return;
    if (c.halted) {
      if (!wakeUpPending(c)) return;
      c.halted = false;
    }
    c.eventAt = 0;
    if (budget === 0) { this.poll(); return; }
    this.runTo(c, c.instret + budget);
  }

  /**
   * Runs the PE to instruction count `until`, polling timers and interrupts when due, until
   * it stops or (several PEs) its turn ends; an instruction that took an exception counts.
   */
  private runTo(c: Cpu, until: number): void {
    const before = this.beforeInstruction;
    while (!c.stopped && !c.turnEnds && c.instret < until) {
      if (c.instret >= c.eventAt) this.poll();
      try {
        if (before === undefined) runUntil(c, until);
        else if (c.instret < c.eventAt && !c.stopped) {
          before(c);
          runUntil(c, c.instret + 1);
        }
      } catch (e) {
        if (e !== EXCEPTION_TAKEN) throw e;
        c.instret++;
      }
    }
  }

  private switchTo(c: Cpu): void {
    this.clock.switchTo(c);
    this.current = c;
  }

  /** A PE that would not run: off, or halted by WFI with nothing to wake it (cpu_thread_is_idle). */
  private idle(c: Cpu, index: number): boolean {
    return this.peOn[index] !== 'on' || (c.halted && !wakeUpPending(c));
  }

  /**
   * Every timer due now fires (icount_handle_deadline, or icount_prepare_for_run for PE
   * `preparing`). The kick timer re-arms itself, which kicks every PE when it is then the
   * next to fire, and asks the PE being prepared, if any, to exit (rr_kick_thread).
   */
  private runDueTimers(preparing: number | undefined): void {
    for (const c of this.cpus) c.timer!.nextDeadlineNs();
    const now = this.clock.nowNs();
    if (this.kickAtNs === undefined || now < this.kickAtNs) return;
    this.kickAtNs = now + RR_KICK_PERIOD_NS;
    const next = this.nextDeadlineNs(false);
    if (next === undefined || this.kickAtNs < next) this.exitRequest.fill(true);
    if (preparing !== undefined) this.exitRequest[preparing] = true;
  }

  /**
   * rr_kick_vcpu_thread: every PE gets an exit request and the running one's turn ends after
   * this instruction (work queued for a PE, a timer re-armed as the next to fire). A round
   * then stops before each requesting PE once, which is where timers and work run.
   */
  private kickAll(): void {
    this.exitRequest.fill(true);
    this.current.endTurn();
  }

  /** The next deadline on the virtual clock (ns), the kick timer's included or not. */
  private nextDeadlineNs(withKick: boolean): number | undefined {
    let best = withKick ? this.kickAtNs : undefined;
    for (const c of this.cpus) {
      const ns = c.timer!.nextDeadlineNs();
      if (ns !== undefined && (best === undefined || ns < best)) best = ns;
    }
    return best;
  }

  /** icount_get_limit: instructions until the next deadline, at most INT32_MAX ns away. */
  private instructionsToDeadline(): number {
    const d = this.nextDeadlineNs(true);
    const ns = d === undefined ? ICOUNT_MAX_DEADLINE_NS : Math.min(Math.max(d - this.clock.nowNs(), 0), ICOUNT_MAX_DEADLINE_NS);
    return Math.ceil(ns / 2 ** this.clock.icountShift);
  }

  /**
   * Every PE waits: the kick timer stops, the clock jumps to the next deadline and its timer
   * fires (sleep=off's warp); the kick timer restarts from there. With no deadline nothing
   * could wake them: they wake spuriously (which the architecture allows), as one PE's WFI does.
   */
  private warpWhileIdle(): void {
    this.kickAtNs = undefined;
    const d = this.nextDeadlineNs(false);
    const now = this.clock.nowNs();
    if (d === undefined) {
      this.cpus.forEach((c, k) => { if (this.peOn[k] === 'on') c.halted = false; });
    } else if (d > now) {
      this.clock.idleNs += d - now;
    }
    this.runDueTimers(undefined);
    this.kickAtNs = this.clock.nowNs() + RR_KICK_PERIOD_NS;
    // The timer that fired raised its interrupt from QEMU's main thread, which kicks every vCPU.
    this.exitRequest.fill(true);
  }

  /** A timer register write re-armed a timer: the running PE's turn ends if it is now the first to fire (timerlist_rearm's kick). */
  private timerRearmed(c: Cpu, ns: number): void {
    if (this.kickAtNs !== undefined && this.kickAtNs <= ns) return;
    let others = 0;
    for (const pe of this.cpus) for (const t of pe.timer!.armedTimesNs()) if (t <= ns && ++others > 1) return;
    // The re-armed timer itself is among them (t === ns); any other at or before it stays first.
    if (others === 1) this.kickAll();
  }

  /**
   * A TLBI to the Inner or Outer Shareable domain (or forced to it by HCR_EL2.FB at EL1)
   * invalidates every PE's TLB. QEMU 7.2 flushes the other vCPUs as queued work
   * (tlb_flush_*_all_cpus_synced) and kicks them all, so the running one's turn ends there.
   * The other PEs' cached translations go as QEMU's do: a TLBI by IPA keeps them (so a guest
   * reading inside a break-before-make sees what it sees on QEMU), any other drops them.
   */
  private broadcastTlbi(c: Cpu, d: SysInsnDef): void {
    if (!qemuBroadcastsTlbi(c, d)) return;
    if (!STAGE2_ONLY_TLBI.test(d.name)) for (const pe of this.cpus) if (pe !== c) pe.contextChanged();
    this.kickAll();
  }

  // ---- PSCI power control (QEMU 7.2 target/arm/arm-powerctl.c) ----

  /** The PE whose MPIDR affinity is exactly `target` (arm_get_cpu_by_id compares the whole x1: MPIDR_EL1.U or bit 31 set names no PE). */
  private peByAffinity(target: bigint): number {
    return this.cpus.findIndex((c) => BigInt(c.affinity) === target);
  }

  cpuOn(caller: Cpu, target: bigint, entry: bigint, context: bigint): bigint {
    if ((entry & 3n) !== 0n) return RET_INVALID_PARAMS; // an AArch64 entry point is word aligned
    const j = this.peByAffinity(target);
    if (j < 0) return RET_INVALID_PARAMS;
    if (this.peOn[j] === 'on') return RET_ALREADY_ON;
    // QEMU 7.2 checks for ON_PENDING but never sets it: a second CPU_ON before the first has
    // run succeeds too, and the PE is started twice (the later call's entry and context stay).
    this.powerWork.set(j, { entry, context });
    this.kickAll();
    return RET_SUCCESS;
  }

  affinityInfo(target: bigint): bigint {
    const j = this.peByAffinity(target);
    return j < 0 ? RET_INVALID_PARAMS : AFFINITY_INFO[this.peOn[j]!];
  }

  cpuOff(caller: Cpu): void {
    if (this.cpus.length === 1) { caller.powerRequest('cpu-off'); return; }
    this.powerWork.set(this.cpus.indexOf(caller), 'off');
    this.kickAll();
  }

  /** The queued power work, in PE order (rr_wait_io_event): CPU_ON resets the PE into EL2h at its entry point with x0 = context. */
  private doPowerWork(): void {
    for (let j = 0; j < this.cpus.length; j++) {
      const w = this.powerWork.get(j);
      if (w === undefined) continue;
      const c = this.cpus[j]!;
      if (w === 'off') {
        this.peOn[j] = 'off';
        c.halted = true;
      } else {
        this.resetPeState(c, j);
        c.timer!.reset();
        c.gic!.resetCpuInterface();
        c.setX(0, w.context);
        c.setPC(w.entry);
        c.halted = false;
        this.peOn[j] = 'on';
      }
    }
    this.powerWork.clear();
  }
}
