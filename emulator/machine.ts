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
import { GicV3 } from './gicv3.ts';
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
import { guestRandom } from './rng.ts';
import type { SysInsnDef } from './sys-instructions.ts';
import type { ArchEvent, ExceptionTaken } from './events.ts';

export const RAM_BASE = 0x4000_0000;
export const UART_BASE = 0x0900_0000;
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

export class Machine {
  readonly mem: PhysicalMemory;
  readonly cpu: Cpu;
  readonly mmu: Mmu;
  /** Exceptions taken and returned from, firmware calls: in order, at most MAX_EVENTS. */
  readonly events: ArchEvent[] = [];
  droppedEvents = 0;
  /** Stops the run (run() and step() alike) when the same exception repeats with no progress. */
  private readonly stormGuard = new ExceptionStormGuard<ExceptionTaken>(sameExceptionTaken);
  private instretAtLastEvent = -1;
  /** The storm guard's view: an ERET since the last entry, and the faulting instruction's word then. */
  private stormAfterReturn = false;
  private stormWord: number | undefined;
  /** Set when the run was stopped as an exception storm (exception-storm.ts). */
  storm: ModelStorm | undefined;
  /** Sees every TLBI (the --strict checker). */
  tlbiObserver?: (c: Cpu, d: SysInsnDef, lo: number, hi: number) => void;
  private readonly flash = new Flash();
  private uartBytes: number[] = [];
  private uartCapped = false;

  constructor(readonly opts: MachineOptions) {
    this.mem = new PhysicalMemory(RAM_BASE, opts.memMiB * 1024 * 1024);
    const all = idRegisterValues(opts.profile, opts.learnedIdRegs);
    const ids = opts.withoutEl2 ? withoutEl2Ids(all) : all;
    this.mmu = new Mmu(ids);
    const sr = new SysRegFile();
    sr.reset(ids);
    const mmu = this.mmu;
    this.cpu = new Cpu(this.mem, sr, {
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
      tlbi: (c, d, lo, hi) => this.tlbiObserver?.(c, d, lo, hi),
      watchpoint: (c, lo, hi, size, acc) => checkWatchpoints(c, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0), size,
        (acc & 3) === ACC_WRITE, (acc & ACC_UNPRIV) !== 0 && c.el === 1 ? 0 : c.el, false),
      illegalState: (c) => raise(c, {
        ec: EC.ILLEGAL_STATE, iss: 0, targetEl: syncTargetFromLowEl(c),
      }),
    });
    // ID_AA64PFR1_EL1.BT: FEAT_BTI makes BR/BLR write PSTATE.BTYPE.
    this.cpu.features = featuresFrom(sr);
    this.cpu.pstateMask = pstateValidMask(this.cpu.features);
    this.cpu.hasBti = this.cpu.features.bti;
    if (opts.blockThreshold !== undefined) this.cpu.blockThreshold = opts.blockThreshold;
    if (opts.rngSeed !== undefined) this.cpu.rng = guestRandom(opts.rngSeed);
    if (opts.withoutEl2) startWithoutEl2(this.cpu);
    this.cpu.onEvent = (e) => {
      // QEMU's EL-change hooks: the PMU stops counting under the old EL and restarts.
      if (e.event === 'exception-taken') pmuElChange(this.cpu, e.fromEl, e.async);
      else if (e.event === 'exception-return') pmuElChange(this.cpu, e.fromEl, false);
      if (this.events.length < MAX_EVENTS) this.events.push(e);
      else this.droppedEvents++;
      // Retired since the previous event: at most the faulting instruction itself (counted on unwinding).
      const noProgress = this.cpu.instret - this.instretAtLastEvent <= 1;
      this.instretAtLastEvent = this.cpu.instret;
      // A handler that returns to the faulting instruction unchanged is no progress either:
      // an ERET does not end a run of entries when the same instruction word takes the same
      // synchronous exception again at once (exception-storm.ts). A handler that rewrites
      // the instruction before returning to it (a sweep harness) does make progress.
      if (e.event === 'exception-return') { this.stormAfterReturn = true; return; }
      if (e.event === 'exception-taken') {
        const word = this.cpu.op?.raw;
        if (this.stormAfterReturn && (e.async || word !== this.stormWord)) this.stormGuard.observe(undefined, false);
        this.stormWord = word;
      }
      this.stormAfterReturn = false;
      if (this.stormGuard.observe(e.event === 'exception-taken' ? e : undefined, noProgress) && !this.storm) {
        // In a storm the faulting instruction is the vector's first (ELR = vector): name it.
        const entry = this.stormGuard.storm!.entry;
        this.storm = { ...this.stormGuard.storm!, ...(entry.elr === entry.vector ? { insn: this.peekInsn() } : {}) };
        this.cpu.stopped = true;
      }
    };
    const gic = this.gic = this.cpu.gic = new GicV3(this.cpu);
    this.mem.addDevice(new Pl011(UART_BASE, (b) => this.uartTx(b), (level) => gic.setLevel(PL011_INTID, level)));
    this.mem.addDevice(new Pl061((level) => gic.setLevel(PL061_INTID, level)));
    this.mem.addDevice(this.flash);
    this.mem.addDevice(new VirtioMmioTransports());
    this.mem.addDevice(gic.distributor);
    this.mem.addDevice(gic.redistributor);
    this.mem.addDevice(new GicIts());
    this.mem.addDevice(new PcieEcam());
    this.mem.addDevice(new FwCfg(this.mem));
    this.timer = this.cpu.timer = new GenericTimer(this.cpu, gic, opts.icountShift ?? DEFAULT_ICOUNT_SHIFT);
    this.cpu.waitForInterrupt = () => this.waitForInterrupt();
    // The PMU: INST_RETIRED only with --icount (as QEMU), overflow interrupt on PPI 23, its
    // overflow timer on the virtual clock.
    wirePmu(this.cpu, { icount: opts.icountShift !== undefined, setIrq: (level) => gic.setLevel(PMU_INTID, level) });
    this.timer.others.push((ns) => pmuTimerPoll(this.cpu, ns));
    // The RTC's clock as its registers see it (the accessing instruction counted).
    const rtc = new Pl031(() => this.timer.accessNs(), (level) => gic.setLevel(PL031_INTID, level), () => { this.cpu.eventAt = 0; });
    this.mem.addDevice(rtc);
    this.timer.others.push(rtc.poll);
    const observers: MmuObserver[] = [];
    if (opts.coverage) observers.push(this.coverage = new TranslationCoverage());
    if (opts.strict) {
      const checker = this.strictChecker = new StrictChecker(this.cpu, this.mmu);
      observers.push(checker);
      this.cpu.strict = checker;
      this.tlbiObserver = (_c, d, lo, hi) => checker.tlbi(d, lo, hi);
    }
    if (observers.length > 0) this.mmu.observer = fanOut(observers);
  }

  readonly gic: GicV3;
  readonly timer: GenericTimer;

  /**
   * Timers and interrupt lines, between two instructions: drives the timer PPIs, schedules
   * the next timer deadline, and takes a pending unmasked interrupt.
   */
  poll(includeStep = true): boolean {
    const c = this.cpu;
    const next = this.timer.update();
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
    const c = this.cpu;
    if (!c.breakpointsArmed) return false;
    c.eventAt = Math.min(c.eventAt, c.instret + 1);
    if (!checkBreakpoints(c)) return false;
    c.eventAt = 0;
    return true;
  }

  /**
   * WFI: completes at once when an interrupt is pending; otherwise virtual time jumps to the
   * next timer deadline (as QEMU's -icount sleep=off does). With nothing that could wake it,
   * it completes too (a spurious wake-up, which the architecture allows).
   */
  private waitForInterrupt(): void {
    const c = this.cpu;
    // Timers and lines only: the interrupt itself is taken after the WFI completes (ELR = next).
    const deadline = this.timer.nextDeadlineNs();
    c.eventAt = 0;
    if (wakeUpPending(c) || deadline === undefined) return;
    // QEMU's sleep=off warp puts the clock at the deadline once the WFI has retired: the
    // instruction after it starts exactly there.
    const afterWfi = this.timer.nowNs() + 2 ** this.timer.icountShift;
    if (deadline > afterWfi) c.idleNs += deadline - afterWfi;
  }

  /** Set with opts.coverage. */
  coverage?: TranslationCoverage;
  /** Set with opts.strict. */
  strictChecker?: StrictChecker;

  private uartTx(b: number): void {
    if (this.uartBytes.length >= this.opts.uartCapBytes) {
      this.uartCapped = true;
      this.cpu.stopped = true;
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
  private resetPstate(): number {
    return this.cpu.el2Implemented ? 0x400003c9 : 0x400003c5;
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
  peekInsn(): number | undefined {
    const c = this.cpu;
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

  /** Called between chunks of a run (every 65,536 instructions) with the count so far: progress lines. */
  onProgress: ((instructions: number) => void) | undefined;

  /** Runs until power-off, a limit, or the UART cap. */
  run(maxSteps: number, deadlineMs: number): RunEnd {
    const c = this.cpu;
    const limit = c.instret + maxSteps;
    while (!c.stopped) {
      this.onProgress?.(c.instret);
      if (c.instret >= limit) return 'step-limit';
      if (Date.now() > deadlineMs) return 'wall-clock';
      const until = Math.min(limit, c.instret + (1 << 16));
      while (!c.stopped && c.instret < until) {
        if (c.instret >= c.eventAt) this.poll();
        try {
          runUntil(c, until);
        } catch (e) {
          if (e !== EXCEPTION_TAKEN) throw e;
          c.instret++;
        }
      }
    }
    if (this.uartCapped) return 'uart-cap';
    if (this.storm) return 'exception-storm';
    if (c.power === 'reset') return 'reset';
    if (c.power === 'cpu-off') return 'cpu-off';
    return 'poweroff';
  }
}
