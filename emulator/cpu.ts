// The processing element: general registers, PSTATE, PC, banked stack pointers, system
// registers, and the memory access paths (a small software TLB in front of the MMU).
//
// Register file layout: x is an Int32Array of halves; register slot s lives at x[2s] (lo)
// and x[2s+1] (hi). Slot 31 is the *current* stack pointer (swapped with spBank when
// PSTATE.EL/SP change), slot 32 always reads zero (XZR), slot 33 is the sink for XZR writes.
// Decoded operands hold doubled slot indices so handlers index x directly.

import { R, reverseBytes } from './bits.ts';
import { field32, fieldValue32, isSet } from './arch/field.ts';
import { PSTATE, SCTLR } from './arch/registers.ts';
import { PAGE_CODE, type PhysicalMemory } from './memory.ts';
import type { Block } from './block-translator.ts';
import type { SysRegFile } from './sysreg-file.ts';
import type { SysRegDef } from './sysreg-table.ts';
import type { AtOperation, SysInsnDef } from './sys-instructions.ts';
import type { ArchEvent } from './events.ts';
import type { QemuDeviationId } from './qemu-deviation-ids.ts';
import type { GenericTimer } from './generic-timer.ts';
import type { GicV3 } from './gicv3.ts';
import { noFeatures, type Features } from './features.ts';
import { guestRandom, type MersenneTwister } from './rng.ts';
import type { PowerController, PowerRequest } from './psci.ts';
import type { FpStats } from './fp-stats.ts';

export type Handler = (c: Cpu, o: Op) => void;

/** One decoded instruction; fields are filled by the decoder entry that matched. */
export class Op {
  h: Handler;
  name: string;
  raw: number;
  rd = 0;
  rn = 0;
  rm = 0;
  rm2 = 0;
  ra = 0;
  imm = 0;
  imm2 = 0;
  imm3 = 0;
  imm4 = 0;
  sf = 0;
  /** ISS[24:14] template (ISV, SAS, SSE, SRT, SF, AR) for data aborts, 0 when none. */
  iss = 0;
  /** Cache-maintenance instruction (ESR ISS.CM). */
  cm = false;
  constructor(h: Handler, name: string, raw: number) {
    this.h = h;
    this.name = name;
    this.raw = raw;
  }
}

/** Thrown (as this singleton) to unwind an instruction after an exception was taken. */
export const EXCEPTION_TAKEN = { taken: true } as const;

export const SLOT_SP = 31;
export const SLOT_ZR = 32;
export const SLOT_ZR_SINK = 33;

/** Access descriptors for the memory paths. */
export const ACC_READ = 0;
export const ACC_WRITE = 1;
export const ACC_EXEC = 2;
/** Flags or'ed onto the access kind. */
export const ACC_UNPRIV = 4; // LDTR/STTR: checked as EL0
export const ACC_EXCL = 8; // exclusives / atomics: alignment always checked
export const ACC_NOFAULT_ISV = 16; // no valid syndrome (pairs, SIMD multi, ...)

/** TLB entry flags. */
const TLB_ALIGN = 1; // unaligned accesses fault (Device memory or SCTLR.A)
const TLB_MMIO = 2; // not RAM: go through the device path

export interface TranslateResult {
  pa: number;
  /** Device memory: unaligned accesses take an Alignment fault. */
  device: boolean;
}

/** Facts about the instruction that made a data access, for the ESR ISS (ISV etc.). */
export interface AccessSyndrome {
  /** ISS bits [23:14] for ISV=1 (SAS, SSE, SRT, SF, AR) or -1 when no valid syndrome. */
  isv: number;
}

export interface CpuHooks {
  /** MMU translation of one address; throws EXCEPTION_TAKEN after taking a fault. */
  translate(c: Cpu, vaLo: number, vaHi: number, acc: number, size: number): TranslateResult;
  /** Decoder: instruction word to Op. */
  decode(word: number): Op;
  /** Block translator (block-translator.ts): ops of one page from an address, at most `room`. */
  translateBlock(op: (k: number) => Op, room: number): Block | null;
  /** Instruction abort / alignment etc. are raised through these. */
  alignmentFault(c: Cpu, vaLo: number, vaHi: number, acc: number): never;
  externalAbort(c: Cpu, vaLo: number, vaHi: number, acc: number, pa: number): never;
  pcAlignmentFault(c: Cpu): never;
  /** Illegal Execution state exception (EC 0x0E) when PSTATE.IL is set. */
  illegalState(c: Cpu): never;
  /** AT instruction (SYS #op1, C7, C8/C9, #op2); false when the encoding is unallocated. */
  addressTranslate(c: Cpu, at: AtOperation, vaLo: number, vaHi: number): void;
  /** While watchpoints are armed: every data access, translated, before it is performed (hw-debug.ts). */
  watchpoint(c: Cpu, lo: number, hi: number, size: number, acc: number): void;
  /** TLBI instruction (its row: scope) with its Xt operand, after the TLB flush. */
  tlbi(c: Cpu, d: SysInsnDef, lo: number, hi: number): void;
}

const TLB_SIZE = 256;
/**
 * Executions of an address before the block starting there is translated. A new block runs
 * as V8 bytecode until V8 optimizes it, slower than the interpreter's optimized handlers, and
 * translating it costs 0.1-0.3 ms: it pays off only for code that runs thousands of times.
 * Measured on this project's scenarios (model time, cold process): 16 made alu 2x slower than
 * no blocks at all; 1024-16384 were alike and fastest on alu and on the other scenarios.
 */
export const BLOCK_THRESHOLD = 4096;

/** One physical page of code: its decoded instructions and the blocks translated from them. */
class CodePage {
  readonly ops: (Op | undefined)[] = new Array(1024);
  /** Block starting at each word: undefined until translated, null when none can start there. */
  readonly blocks: (Block | null | undefined)[] = new Array(1024);
  /** Executions of each word so far, until its block is translated. */
  readonly heat = new Uint16Array(1024);
}

export class Cpu {
  readonly x = new Int32Array(2 * 34);
  /** SIMD&FP registers V0-V31, 4 words each (word 0 = bits 31:0). */
  readonly vreg = new Int32Array(32 * 4);
  pcLo = 0;
  pcHi = 0;
  /** PSTATE.{N,Z,C,V} as 0/1. */
  n = 0;
  z = 0;
  cf = 0;
  v = 0;
  el = 2;
  /**
   * EL2 is implemented (QEMU virt with virtualization=on, the image ABI's board). Without it
   * (--el1: QEMU's virt as most users run it) the CPU starts at EL1, HVC is the PSCI conduit
   * and the EL2 controls act as their "EL2 not implemented" values (Machine sets them).
   */
  el2Implemented = true;
  spsel = 1;
  /** PSTATE.{D,A,I,F} as a 4-bit value (D=8, A=4, I=2, F=1). */
  daif = 0xf;
  pan = 0;
  uao = 0;
  ss = 0;
  il = 0;
  ssbs = 0;
  dit = 0;
  tco = 0;
  btype = 0;
  /**
   * PSTATE.BTYPE for the next instruction (FEAT_BTI, D1.4 "BTYPE"): BR/BLR/ERET set it; every other
   * instruction leaves 0. Only used when the profile has BTI.
   */
  btypeNext = 0;
  hasBti = false;
  /** Set with the model's fpStats option: what this PE's FP/SIMD instructions met. */
  fpStats?: FpStats;
  /** What the CPU profile implements (set by the Machine from the ID registers). */
  features: Features = noFeatures();
  /** PSTATE bits an ERET may set (features.ts pstateValidMask; set with `features`). */
  pstateMask = 0xffffffff;
  /** SP_EL0..SP_EL3 halves; the active one lives in slot 31 instead. */
  readonly spBank = new Int32Array(8);
  private spIndex = 2;
  /** Set by handlers that wrote the PC (branches, exceptions). */
  branched = false;
  /** Instructions retired. */
  instret = 0;
  /**
   * Instructions whose memory access faulted (Data Abort, Watchpoint): not retired, run again
   * after the handler. QEMU's plugins count such an instruction each time it starts, so a
   * plugin's count is instret + restarted (harness/checkpoints).
   */
  restarted = 0;
  /** Syndrome facts of the current load/store, set by ld/st handlers before an access. */
  accSyndrome = -1;
  /** Exclusive monitor (local): address of the last LDXR/LDXP (or -1) and the value it loaded
   * (LDXP of 64-bit registers: exclValHigh holds the second one). */
  exclAddr = -1;
  exclVal = 0n;
  exclValHigh = 0n;
  /** The instruction being executed (fault syndromes read its ISS template). */
  op: Op | undefined = undefined;
  /** Receives every exception entry, exception return and firmware call (events.ts). */
  onEvent: (e: ArchEvent) => void = () => {};
  /** Set to end the run loop (power off, UART cap, ...). */
  stopped = false;
  /**
   * Instruction count at which the run loop calls `poll` (timers, interrupt lines): the next
   * timer deadline, or 0 after anything that may change whether an interrupt is taken
   * (GIC and timer registers, PSTATE.DAIF, HCR_EL2, ERET).
   */
  eventAt = 0;
  /** Interrupt lines into the PE: from the GIC CPU interface (physical, virtual). */
  irqLine = false;
  fiqLine = false;
  gicVirq = false;
  gicVfiq = false;
  /** Software step: an instruction is being stepped (PSTATE.SS was 1 when it started). */
  stepping = false;
  /** A hardware breakpoint / watchpoint is enabled (hw-debug.ts debugArmingChanged). */
  breakpointsArmed = false;
  watchpointsArmed = false;
  /** WFI's wait (set by the Machine: timers and interrupts decide when it ends). */
  waitForInterrupt: () => void = () => {};
  /** The GIC and the timers (set by the Machine). */
  gic: GicV3 | undefined;
  timer: GenericTimer | undefined;
  /** The board's power controller (PSCI CPU_ON/CPU_OFF/AFFINITY_INFO; set by the Machine). */
  powerController: PowerController | undefined;
  /** MPIDR_EL1's affinity (Aff0 = the PE's index on QEMU's virt board). */
  affinity = 0;
  /** Halted by WFI on a board of several PEs, until an interrupt would wake it (the scheduler resumes it). */
  halted = false;
  /** Several PEs run in turns (Machine's round robin): WFE, YIELD and some writes end the PE's turn. */
  turns = false;
  /** Set when the PE's turn ends after the current instruction (QEMU's rr kick); the scheduler clears it. */
  turnEnds = false;
  /**
   * WFE and YIELD end the turn (QEMU's EXCP_YIELD): under -icount, where QEMU's round robin
   * runs the vCPUs; without it QEMU runs a thread per vCPU and both are NOPs.
   */
  yieldEndsTurn = false;
  /** PSCI power request that stopped the run. */
  power: PowerRequest | undefined = undefined;
  /**
   * The catalogued QEMU 7.2 deviations from the Arm ARM the model imitates instead of following
   * the architecture (`--follow-qemu`; lockstep always imitates the few that would otherwise
   * mask every later difference), and how often it did.
   */
  readonly followQemu = new Set<QemuDeviationId>();
  readonly qemuImitations = new Map<QemuDeviationId, number>();
  /** FEAT_RNG's generator (rng.ts; the Machine seeds it as QEMU's -seed does). */
  rng: MersenneTwister = guestRandom();
  /** Observations for the report, e.g. where the model applied an Arm ARM rule QEMU 7.2 does not. */
  readonly notes: string[] = [];

  // Fetch cache: the VA page being executed and its decoded ops and translated blocks.
  private fLo = 1;
  private fHi = 0;
  private fPaPage = -1;
  private fOps: (Op | undefined)[] = [];
  private fBlocks: (Block | null | undefined)[] = [];
  private fHeat = new Uint16Array(0);
  private readonly decodedPages = new Map<number, CodePage>();
  /** Executions of an address before its block is translated (MachineOptions.blockThreshold; 0: never). */
  blockThreshold = BLOCK_THRESHOLD;
  /** Blocks translated so far. */
  blocksTranslated = 0;

  // Data TLB (direct mapped, separate read and write) in front of the MMU.
  private readonly rTagLo = new Int32Array(TLB_SIZE).fill(1);
  private readonly rTagHi = new Int32Array(TLB_SIZE);
  private readonly rPa = new Float64Array(TLB_SIZE);
  private readonly rFlags = new Int32Array(TLB_SIZE);
  private readonly wTagLo = new Int32Array(TLB_SIZE).fill(1);
  private readonly wTagHi = new Int32Array(TLB_SIZE);
  private readonly wPa = new Float64Array(TLB_SIZE);
  private readonly wFlags = new Int32Array(TLB_SIZE);

  private readonly ram: Uint8Array;
  private readonly ram32: Int32Array;
  private readonly ramBase: number;
  private readonly ramEnd: number;

  constructor(
    readonly mem: PhysicalMemory,
    readonly sr: SysRegFile,
    readonly hooks: CpuHooks,
  ) {
    this.ram = mem.ram;
    this.ram32 = mem.ram32;
    this.ramBase = mem.ramBase;
    this.ramEnd = mem.ramEnd;
    mem.codeWriteListeners.push((page) => this.dropDecodedPage(this.ramBase / 4096 + page));
  }

  /**
   * Arm ARM rules this run applied on which QEMU 7.2 is known to deviate: the harness names
   * them next to a divergence.
   */
  readonly qemuDeviations = new Set<QemuDeviationId>();

  /** The --strict checker's view of MSR writes and context synchronization, when enabled. */
  strict: { sysregWritten(d: SysRegDef, old: bigint): void; contextSynchronized(): void } | undefined;

  /**
   * Records that the model is at a place where QEMU 7.2 deviates from the Arm ARM; true when
   * the model is to imitate QEMU there (the id is followed), which is then counted.
   */
  qemuDeviation(id: QemuDeviationId): boolean {
    this.qemuDeviations.add(id);
    if (!this.followQemu.has(id)) return false;
    this.qemuImitations.set(id, (this.qemuImitations.get(id) ?? 0) + 1);
    return true;
  }

  note(msg: string): void {
    if (this.notes.length < 100 && !this.notes.includes(msg)) this.notes.push(msg);
  }

  /**
   * Ends this PE's turn after the current instruction, where QEMU's round-robin scheduler
   * leaves a vCPU (EXCP_YIELD, EXCP_HLT, a kick of the running vCPU); no-op with one PE.
   */
  endTurn(): void {
    if (!this.turns) return;
    this.turnEnds = true;
    this.eventAt = 0;
  }

  /** WFE / YIELD: the end of the turn where QEMU's round robin yields (yieldEndsTurn). */
  yieldTurn(): void {
    if (this.yieldEndsTurn) this.endTurn();
  }

  powerRequest(r: PowerRequest): void {
    this.power = r;
    this.stopped = true;
  }

  /** Translates an address for its faults only (DC by VA, failed STXR). */
  checkTranslation(lo: number, hi: number, acc: number): void {
    this.hooks.translate(this, lo, hi, acc, 1);
  }

  // ---- registers -------------------------------------------------------------------

  /** Reads X[n] (n = 0..30, 31 = XZR) as a BigInt. */
  getX(n: number): bigint {
    const s = n === 31 ? SLOT_ZR : n;
    return (BigInt(this.x[2 * s + 1] >>> 0) << 32n) | BigInt(this.x[2 * s] >>> 0);
  }

  setX(n: number, v: bigint): void {
    if (n === 31) return;
    this.x[2 * n] = Number(v & 0xffffffffn) | 0;
    this.x[2 * n + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
  }

  getSP(): bigint {
    return (BigInt(this.x[63] >>> 0) << 32n) | BigInt(this.x[62] >>> 0);
  }

  get pc(): bigint {
    return (BigInt(this.pcHi >>> 0) << 32n) | BigInt(this.pcLo >>> 0);
  }

  setPC(v: bigint): void {
    this.pcLo = Number(v & 0xffffffffn) | 0;
    this.pcHi = Number((v >> 32n) & 0xffffffffn) | 0;
    this.branched = true;
  }

  /** SP_ELn value whether or not it is the active one. */
  readSpEl(n: number): bigint {
    if (n === this.spIndex) return this.getSP();
    return (BigInt(this.spBank[2 * n + 1] >>> 0) << 32n) | BigInt(this.spBank[2 * n] >>> 0);
  }

  writeSpEl(n: number, v: bigint): void {
    const lo = Number(v & 0xffffffffn) | 0;
    const hi = Number((v >> 32n) & 0xffffffffn) | 0;
    if (n === this.spIndex) {
      this.x[62] = lo;
      this.x[63] = hi;
    } else {
      this.spBank[2 * n] = lo;
      this.spBank[2 * n + 1] = hi;
    }
  }

  /** Re-selects the active SP after PSTATE.EL or PSTATE.SP changed. */
  syncSp(): void {
    const want = this.spsel ? this.el : 0;
    if (want === this.spIndex) return;
    this.spBank[2 * this.spIndex] = this.x[62];
    this.spBank[2 * this.spIndex + 1] = this.x[63];
    this.x[62] = this.spBank[2 * want];
    this.x[63] = this.spBank[2 * want + 1];
    this.spIndex = want;
  }

  /** PSTATE as an SPSR value (AArch64 format, D1.4 "Process state"). */
  getPstate(): number {
    const P = PSTATE;
    return (
      fieldValue32(P.N, this.n) | fieldValue32(P.Z, this.z) | fieldValue32(P.C, this.cf) | fieldValue32(P.V, this.v) |
        fieldValue32(P.TCO, this.tco) | fieldValue32(P.DIT, this.dit) | fieldValue32(P.UAO, this.uao) |
        fieldValue32(P.PAN, this.pan) | fieldValue32(P.SS, this.ss) | fieldValue32(P.IL, this.il) |
        fieldValue32(P.SSBS, this.ssbs) | fieldValue32(P.BTYPE, this.btype) | fieldValue32(P.DAIF, this.daif) |
        fieldValue32(P.EL, this.el) | fieldValue32(P.SP, this.spsel)
    ) >>> 0;
  }

  /** Sets PSTATE from an SPSR value (caller has checked legality). */
  setPstate(v: number): void {
    const P = PSTATE;
    this.n = field32(v, P.N);
    this.z = field32(v, P.Z);
    this.cf = field32(v, P.C);
    this.v = field32(v, P.V);
    this.tco = field32(v, P.TCO);
    this.dit = field32(v, P.DIT);
    this.uao = field32(v, P.UAO);
    this.pan = field32(v, P.PAN);
    this.ss = field32(v, P.SS);
    this.il = field32(v, P.IL);
    this.ssbs = field32(v, P.SSBS);
    this.btype = field32(v, P.BTYPE);
    this.daif = field32(v, P.DAIF);
    this.el = field32(v, P.EL);
    this.spsel = field32(v, P.SP);
    this.syncSp();
    this.contextChanged();
  }

  setNZCV(v: number): void {
    this.n = (v >>> 31) & 1;
    this.z = (v >>> 30) & 1;
    this.cf = (v >>> 29) & 1;
    this.v = (v >>> 28) & 1;
  }

  getNZCV(): number {
    return ((this.n << 31) | (this.z << 30) | (this.cf << 29) | (this.v << 28)) >>> 0;
  }

  // ---- translation caches ----------------------------------------------------------

  /** Anything that can change VA->PA mappings or permissions: drop the software caches. */
  contextChanged(): void {
    this.rTagLo.fill(1);
    this.wTagLo.fill(1);
    this.fLo = 1;
  }

  private dropDecodedPage(paPage: number): void {
    this.decodedPages.delete(paPage);
    if (paPage === this.fPaPage) {
      this.fLo = 1;
      this.fPaPage = -1;
    }
  }

  // ---- instruction fetch -----------------------------------------------------------

  /** The decoded instruction at PC (translating and decoding when needed). */
  fetch(): Op {
    const lo = this.pcLo;
    // fLo holds the page-aligned VA, or 1 (never page-aligned) when the cache is empty.
    if ((lo & ~0xfff) === this.fLo && this.pcHi === this.fHi && (lo & 3) === 0) {
      const op = this.fOps[(lo & 0xfff) >>> 2];
      if (op !== undefined) return op;
    }
    return this.fetchSlow();
  }

  private fetchSlow(): Op {
    const lo = this.pcLo;
    // PSTATE.IL (set only by an illegal exception return, which also empties the fetch cache).
    if (this.il !== 0) this.hooks.illegalState(this);
    if ((lo & 3) !== 0) this.hooks.pcAlignmentFault(this);
    if ((lo & ~0xfff) !== this.fLo || this.pcHi !== this.fHi) {
      const t = this.hooks.translate(this, lo, this.pcHi, ACC_EXEC, 4);
      const paPage = Math.floor(t.pa / 4096);
      if (t.pa < this.ramBase || t.pa >= this.ramEnd) {
        this.hooks.externalAbort(this, lo, this.pcHi, ACC_EXEC, t.pa);
      }
      let page = this.decodedPages.get(paPage);
      if (page === undefined) {
        page = new CodePage();
        this.decodedPages.set(paPage, page);
        this.mem.codePages[paPage - this.ramBase / 4096] |= PAGE_CODE;
      }
      this.fOps = page.ops;
      this.fBlocks = page.blocks;
      this.fHeat = page.heat;
      this.fPaPage = paPage;
      this.fLo = lo & ~0xfff;
      this.fHi = this.pcHi;
    }
    const idx = (lo & 0xfff) >>> 2;
    const off = this.fPaPage * 4096 - this.ramBase + idx * 4;
    const op = this.hooks.decode(this.ram32[off >>> 2]);
    this.fOps[idx] = op;
    return op;
  }

  /**
   * The translated block starting at PC when one is ready; null otherwise (PC outside the
   * fetch cache's page, not yet executed blockThreshold times, or not a block start).
   */
  fetchBlock(): Block | null {
    const lo = this.pcLo;
    if ((lo & ~0xfff) !== this.fLo || this.pcHi !== this.fHi || (lo & 3) !== 0) return null;
    const idx = (lo & 0xfff) >>> 2;
    const blk = this.fBlocks[idx];
    if (blk !== undefined) return blk;
    if (++this.fHeat[idx] < this.blockThreshold) return null;
    return this.translateAt(idx);
  }

  private translateAt(idx: number): Block | null {
    const ops = this.fOps;
    const base = (this.fPaPage * 4096 - this.ramBase) >>> 2;
    const blk = this.hooks.translateBlock((k) => {
      let o = ops[idx + k];
      if (o === undefined) ops[idx + k] = o = this.hooks.decode(this.ram32[base + idx + k]);
      return o;
    }, 1024 - idx);
    this.fBlocks[idx] = blk;
    if (blk !== null) this.blocksTranslated++;
    return blk;
  }

  /** Advances PC by 4 (the common case after a non-branch instruction). */
  nextPc(): void {
    const lo = (this.pcLo + 4) | 0;
    if (lo === 0) this.pcHi = (this.pcHi + 1) | 0;
    this.pcLo = lo;
  }

  // ---- data accesses ---------------------------------------------------------------
  // Fast paths hit the TLB and RAM directly; everything else (miss, MMIO, unaligned,
  // page-crossing, Device memory) takes accessSlow.

  ld8(lo: number, hi: number, acc = ACC_READ): number {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.rTagLo[i] === (lo & ~0xfff) && this.rTagHi[i] === hi && (this.rFlags[i] & TLB_MMIO) === 0 && acc === ACC_READ) {
      return this.ram[this.rPa[i] - this.ramBase + (lo & 0xfff)];
    }
    this.accessSlow(lo, hi, 1, acc, 0, 0);
    return R.lo;
  }

  ld16(lo: number, hi: number, acc = ACC_READ): number {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.rTagLo[i] === (lo & ~0xfff) && this.rTagHi[i] === hi && this.rFlags[i] === 0 &&
        (lo & 0xfff) <= 0xffe && acc === ACC_READ) {
      const o = this.rPa[i] - this.ramBase + (lo & 0xfff);
      return this.ram[o] | (this.ram[o + 1] << 8);
    }
    this.accessSlow(lo, hi, 2, acc, 0, 0);
    return R.lo;
  }

  ld32(lo: number, hi: number, acc = ACC_READ): number {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.rTagLo[i] === (lo & ~0xfff) && this.rTagHi[i] === hi && acc === ACC_READ) {
      const f = this.rFlags[i];
      if ((lo & 3) === 0 ? (f & TLB_MMIO) === 0 : f === 0 && (lo & 0xfff) <= 0xffc) {
        const o = this.rPa[i] - this.ramBase + (lo & 0xfff);
        if ((o & 3) === 0) return this.ram32[o >>> 2];
        const m = this.ram;
        return m[o] | (m[o + 1] << 8) | (m[o + 2] << 16) | (m[o + 3] << 24);
      }
    }
    this.accessSlow(lo, hi, 4, acc, 0, 0);
    return R.lo;
  }

  /** 64-bit load; result in R.lo / R.hi. */
  ld64(lo: number, hi: number, acc = ACC_READ): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.rTagLo[i] === (lo & ~0xfff) && this.rTagHi[i] === hi && (lo & 7) === 0 &&
        (this.rFlags[i] & TLB_MMIO) === 0 && acc === ACC_READ) {
      const o = (this.rPa[i] - this.ramBase + (lo & 0xfff)) >>> 2;
      R.lo = this.ram32[o];
      R.hi = this.ram32[o + 1];
      return;
    }
    this.accessSlow(lo, hi, 8, acc, 0, 0);
  }

  st8(lo: number, hi: number, v: number, acc = ACC_WRITE): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.wTagLo[i] === (lo & ~0xfff) && this.wTagHi[i] === hi && (this.wFlags[i] & TLB_MMIO) === 0 && acc === ACC_WRITE) {
      const o = this.wPa[i] - this.ramBase + (lo & 0xfff);
      this.ram[o] = v;
      if (this.mem.codePages[o >>> 12] !== 0) this.mem.noteWrite(o);
      return;
    }
    this.accessSlow(lo, hi, 1, acc, v, 0);
  }

  st16(lo: number, hi: number, v: number, acc = ACC_WRITE): void {
    this.accessSlow(lo, hi, 2, acc, v, 0);
  }

  st32(lo: number, hi: number, v: number, acc = ACC_WRITE): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.wTagLo[i] === (lo & ~0xfff) && this.wTagHi[i] === hi && (lo & 3) === 0 &&
        (this.wFlags[i] & TLB_MMIO) === 0 && acc === ACC_WRITE) {
      const o = this.wPa[i] - this.ramBase + (lo & 0xfff);
      this.ram32[o >>> 2] = v;
      if (this.mem.codePages[o >>> 12] !== 0) this.mem.noteWrite(o);
      return;
    }
    this.accessSlow(lo, hi, 4, acc, v, 0);
  }

  st64(lo: number, hi: number, vlo: number, vhi: number, acc = ACC_WRITE): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.wTagLo[i] === (lo & ~0xfff) && this.wTagHi[i] === hi && (lo & 7) === 0 &&
        (this.wFlags[i] & TLB_MMIO) === 0 && acc === ACC_WRITE) {
      const o = this.wPa[i] - this.ramBase + (lo & 0xfff);
      this.ram32[o >>> 2] = vlo;
      this.ram32[(o >>> 2) + 1] = vhi;
      if (this.mem.codePages[o >>> 12] !== 0) this.mem.noteWrite(o);
      return;
    }
    this.accessSlow(lo, hi, 8, acc, vlo, vhi);
  }

  /**
   * Data accesses at the current EL are big-endian: SCTLR_ELx.E0E at EL0, SCTLR_ELx.EE
   * otherwise, of the current regime's SCTLR (BigEndian() in the pseudocode, D1.?, B2.6.2:
   * by PSTATE.EL, so an LDTR at EL1 uses EE). Instruction fetches are always little-endian.
   */
  dataBigEndian(): boolean {
    return isSet(this.sr.sctlrFor(this.el), this.el === 0 ? SCTLR.E0E : SCTLR.EE);
  }

  /**
   * General access: translation, alignment (Device memory, SCTLR.A, exclusives),
   * page-crossing, MMIO and the data endianness. Loads return through R.lo/R.hi. A
   * big-endian access is the little-endian access of the byte-reversed value; it never
   * fills the software TLB, whose fast paths are little-endian (an EL or SCTLR change
   * flushes it, so no little-endian entry survives into big-endian code).
   */
  accessSlow(lo: number, hi: number, size: number, acc: number, vlo: number, vhi: number): void {
    if (!this.dataBigEndian()) {
      this.accessLittleEndian(lo, hi, size, acc, vlo, vhi, true);
      return;
    }
    const write = (acc & 3) === ACC_WRITE;
    if (write) {
      reverseBytes(size, vlo, vhi);
      vlo = R.lo;
      vhi = R.hi;
    }
    this.accessLittleEndian(lo, hi, size, acc, vlo, vhi, false);
    if (!write) reverseBytes(size, R.lo, R.hi);
  }

  private accessLittleEndian(lo: number, hi: number, size: number, acc: number, vlo: number, vhi: number, cacheable: boolean): void {
    const kind = acc & 3;
    const write = kind === ACC_WRITE;
    const unaligned = (lo & (size - 1)) !== 0;
    if (unaligned && ((acc & ACC_EXCL) !== 0 || this.alignmentChecked())) {
      // Explicit alignment checks (SCTLR_ELx.A, exclusives) come before translation.
      this.hooks.alignmentFault(this, lo, hi, acc);
    }
    const t = this.hooks.translate(this, lo, hi, acc, size);
    if (unaligned && t.device && !this.qemuDeviation('device-alignment-unchecked')) this.hooks.alignmentFault(this, lo, hi, acc);
    if (this.watchpointsArmed) this.hooks.watchpoint(this, lo, hi, size, acc);
    const pageOff = lo & 0xfff;
    if (pageOff + size > 0x1000) {
      // Crosses a page: split into bytes, each translated (and possibly faulting) itself.
      this.accessBytes(lo, hi, size, acc, vlo, vhi, t.pa);
      return;
    }
    const mmio = t.pa < this.ramBase || t.pa + size > this.ramEnd;
    // Armed watchpoints keep every access on this path (no fast-path TLB entry).
    if (cacheable && (acc & ACC_UNPRIV) === 0 && (acc & ACC_EXCL) === 0 && !this.watchpointsArmed) {
      this.fillTlb(lo, hi, t.pa - pageOff, write, (t.device || this.alignmentChecked() ? TLB_ALIGN : 0) | (mmio ? TLB_MMIO : 0));
    }
    if (mmio) {
      this.mmio(lo, hi, t.pa, size, acc, vlo, vhi);
      return;
    }
    const o = t.pa - this.ramBase;
    const m = this.ram;
    if (write) {
      let a = vlo, b = vhi;
      for (let k = 0; k < size; k++) {
        m[o + k] = a & 0xff;
        a = (a >>> 8) | (b << 24);
        b >>>= 8;
      }
      if (this.mem.codePages[o >>> 12] !== 0) this.mem.noteWrite(o);
    } else {
      let rl = 0, rh = 0;
      for (let k = size - 1; k >= 0; k--) {
        rh = (rh << 8) | (rl >>> 24);
        rl = (rl << 8) | m[o + k];
      }
      R.lo = rl | 0;
      R.hi = rh | 0;
    }
  }

  private accessBytes(lo: number, hi: number, size: number, acc: number, vlo: number, vhi: number, firstPa: number): void {
    const write = (acc & 3) === ACC_WRITE;
    // Translate every byte first so a fault on the second page leaves memory untouched.
    const pas: number[] = [firstPa];
    for (let k = 1; k < size; k++) {
      const blo = (lo + k) | 0;
      const bhi = (blo >>> 0) < (lo >>> 0) ? (hi + 1) | 0 : hi;
      pas.push(this.hooks.translate(this, blo, bhi, acc, 1).pa);
    }
    let rl = 0, rh = 0;
    for (let k = 0; k < size; k++) {
      const pa = pas[k];
      if (write) {
        const byte = k < 4 ? (vlo >>> (8 * k)) & 0xff : (vhi >>> (8 * (k - 4))) & 0xff;
        if (pa >= this.ramBase && pa < this.ramEnd) {
          this.ram[pa - this.ramBase] = byte;
          this.mem.noteWrite(pa - this.ramBase);
        } else this.mmio(lo, hi, pa, 1, acc, byte, 0);
      } else {
        let byte: number;
        if (pa >= this.ramBase && pa < this.ramEnd) byte = this.ram[pa - this.ramBase];
        else {
          this.mmio(lo, hi, pa, 1, acc, 0, 0);
          byte = R.lo & 0xff;
        }
        if (k < 4) rl |= byte << (8 * k);
        else rh |= byte << (8 * (k - 4));
      }
    }
    R.lo = rl | 0;
    R.hi = rh | 0;
  }

  private mmio(lo: number, hi: number, pa: number, size: number, acc: number, vlo: number, vhi: number): void {
    const d = this.mem.deviceAt(pa);
    if (d === undefined) this.hooks.externalAbort(this, lo, hi, acc, pa);
    const off = pa - d.base;
    const write = (acc & 3) === ACC_WRITE;
    if (size === 8) {
      if (write && d.write64 !== undefined) d.write64(off, (BigInt(vhi >>> 0) << 32n) | BigInt(vlo >>> 0));
      else if (write) {
        d.write(off, 4, vlo >>> 0);
        d.write(off + 4, 4, vhi >>> 0);
      } else if (d.read64 !== undefined) {
        const v = d.read64(off);
        R.lo = Number(v & 0xffffffffn) | 0;
        R.hi = Number(v >> 32n) | 0;
      } else {
        R.lo = d.read(off, 4) | 0;
        R.hi = d.read(off + 4, 4) | 0;
      }
      return;
    }
    if (write) {
      if (d.write(off, size, vlo >>> 0) === false) this.hooks.externalAbort(this, lo, hi, acc, pa);
    } else {
      R.lo = d.read(off, size) | 0;
      R.hi = 0;
    }
  }

  private fillTlb(lo: number, hi: number, paPage: number, write: boolean, flags: number): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (write) {
      this.wTagLo[i] = lo & ~0xfff;
      this.wTagHi[i] = hi;
      this.wPa[i] = paPage;
      this.wFlags[i] = flags;
    } else {
      this.rTagLo[i] = lo & ~0xfff;
      this.rTagHi[i] = hi;
      this.rPa[i] = paPage;
      this.rFlags[i] = flags;
    }
  }

  /** SCTLR_ELx.A for the current translation regime. */
  alignmentChecked(): boolean {
    return isSet(this.sr.sctlrFor(this.el), SCTLR.A);
  }
}
