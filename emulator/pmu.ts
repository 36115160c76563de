// Performance Monitors (Arm ARM D12, PMUv3) as QEMU 7.2 presents them (target/arm/helper.c):
// PMCR_EL0 with six event counters, the cycle counter, event selection (PMSELR/PMXEV*,
// PMEVTYPER<n>/PMEVCNTR<n>), enables, overflow flags and the overflow interrupt (PPI 23 on
// the virt board), PMSWINC, filtering by EL (PMEVTYPER/PMCCFILTR P, U, NSH; NSK/NSU/M need
// EL3), the MDCR_EL2.HPMN partition (HPME, HPMD, HCCD, HLP) and EL0 access by PMUSERENR_EL0.
//
// Counting follows QEMU's scheme: each counter holds the guest-visible value while the PMU
// is "stopped" (opStart) and a delta from the underlying count while it runs (opFinish), and
// every access, every exception entry and return, and the overflow timer stop and restart
// it. The underlying counts are QEMU's: CPU_CYCLES and PMCCNTR are the virtual clock in ns
// (1 GHz), INST_RETIRED (only with --icount, as QEMU offers it only with icount) the
// instructions executed, SW_INCR is driven by PMSWINC, the STALL events never count. An
// overflow is noticed when a counter is stopped (bit 31, or 63 for a 64-bit counter, went
// from 1 to 0); QEMU arms a virtual-clock timer for the time each running counter will
// overflow (timer_mod_anticipate_ns), whose callback stops and restarts every counter: the
// model keeps that timer (GenericTimer.others) so the interrupt arrives at the same
// instruction. QEMU's event-counter timer is one count early (-(count + 1)), so a CPU_CYCLES
// counter's overflow is noticed at the next stop after it: copied as is.
//
// Sampling: QEMU's PMU registers are ARM_CP_IO, so under icount the reading instruction counts
// as executed (GenericTimer.physCount does the same); so do SVC/HVC/ERET and trapped
// instructions at an exception entry or return; an interrupt is taken between instructions.
//
// An EL0 access PMUSERENR_EL0 denies traps to EL1 (EL2 with TGE) before MDCR_EL2.TPM is looked
// at (the registers' accessibility pseudocode; QEMU 7.2 agrees). NSK, NSU, M and secure-state
// rules are absent (no EL3 on the virt board).

import type { Cpu } from './cpu.ts';
import { fieldOf, isSet, withField } from './arch/field.ts';
import { MDCR_EL2, PMCR_EL0, PMEVTYPER, PMSELR_EL0, PMUSERENR_EL0 } from './arch/registers.ts';
import { defineSysRegs, numberedSysRegs, sysregKey, type SysRegSpec } from './sysreg-table.ts';
import { EC, raise, syncTargetFromLowEl, undefinedInstruction } from './exceptions.ts';
import { rtField, sysTrapIss } from './sysreg-access.ts';

const N = 6; // PMCR_EL0.N as QEMU 7.2 reports it (pmu_num_counters)
const SW_INCR = 0x00;
const INST_RETIRED = 0x08;
const CPU_CYCLES = 0x11;
const STALL_FRONTEND = 0x23;
const STALL_BACKEND = 0x24;
const STALL = 0x3c;
const CYCLE = 31;
/** The virt board's PMU interrupt: PPI 7 (VIRTUAL_PMU_IRQ), INTID 23. */
export const PMU_INTID = 23;
const INT64_MAX = (1n << 63n) - 1n;

/** How the Machine connects the PMU: whether icount is on (INST_RETIRED), and the PPI. */
export interface PmuWiring {
  icount: boolean;
  setIrq: (level: boolean) => void;
}

/** QEMU's bookkeeping besides the registers: the deltas, the overflow timer, the IRQ level. */
interface PmuState {
  wiring: PmuWiring;
  /** c15_ccnt_delta and c14_pmevcntr_delta[n]. */
  ccntDelta: bigint;
  readonly evDelta: bigint[];
  /** cpu->pmu_timer's expiry (virtual ns), undefined when not armed. */
  timerNs: bigint | undefined;
  irq: boolean;
}

const states = new WeakMap<Cpu, PmuState>();
const UNWIRED: PmuWiring = { icount: false, setIrq: () => {} };

function st(c: Cpu): PmuState {
  let s = states.get(c);
  if (!s) {
    s = { wiring: UNWIRED, ccntDelta: 0n, evDelta: new Array<bigint>(N).fill(0n), timerNs: undefined, irq: false };
    states.set(c, s);
  }
  return s;
}

/** Connects a CPU's PMU to its board (machine.ts). */
export function wirePmu(c: Cpu, wiring: PmuWiring): void {
  st(c).wiring = wiring;
}

// ---- the clock and the events ----

/** A sample of the underlying counts: virtual ns and instructions executed. */
interface Sample { ns: bigint; insns: bigint }
const shiftOf = (c: Cpu): number => c.timer?.icountShift ?? 0;
/** Inside an instruction (an IO access, SVC/HVC/ERET): that instruction counts as executed. */
function during(c: Cpu): Sample {
  const step = 2 ** shiftOf(c);
  const ns = c.timer ? c.timer.nowNs() + step : c.instret + 1;
  return { ns: BigInt(ns), insns: BigInt(c.instret + 1) };
}
/** Between instructions (an interrupt, the overflow timer). */
function between(c: Cpu): Sample {
  const ns = c.timer ? c.timer.nowNs() : c.instret;
  return { ns: BigInt(ns), insns: BigInt(c.instret) };
}

function eventSupported(c: Cpu, ev: number): boolean {
  switch (ev) {
    case SW_INCR: case CPU_CYCLES: return true;
    case INST_RETIRED: return st(c).wiring.icount;
    // pmuv3p1 events: every profile the model has with PMUv3p5 also has p1 and p4.
    case STALL_FRONTEND: case STALL_BACKEND: case STALL: return c.features.pmuv3p5;
    default: return false;
  }
}

/** pm_events[].get_count: the underlying count of a supported event (0 for others). */
function getCount(c: Cpu, ev: number, s: Sample): bigint {
  if (!eventSupported(c, ev)) return 0n;
  if (ev === CPU_CYCLES) return s.ns;
  if (ev === INST_RETIRED) return s.insns;
  return 0n;
}

/** pm_events[].ns_per_count: ns until `count` more events, or -1 (never overflows by itself). */
function nsPerCount(c: Cpu, ev: number, count: bigint): bigint {
  if (ev === CPU_CYCLES) return BigInt.asIntN(64, count);
  if (ev === INST_RETIRED) return BigInt.asIntN(64, count << BigInt(shiftOf(c)));
  return -1n;
}

/** PMCEID0/1 from the supported events (pmu_init). */
function pmceid(c: Cpu, high: boolean): bigint {
  let v = 0n;
  for (const ev of [SW_INCR, INST_RETIRED, CPU_CYCLES, STALL_FRONTEND, STALL_BACKEND, STALL]) {
    if (eventSupported(c, ev) && (ev >= 0x20) === high) v |= 1n << BigInt(ev & 0x1f);
  }
  return v;
}

// ---- which counters count (pmu_counter_enabled) ----

const ev = (n: number): `PMEVCNTR${number}_EL0` => `PMEVCNTR${n}_EL0`;
const ty = (n: number): `PMEVTYPER${number}_EL0` => `PMEVTYPER${n}_EL0`;
const eventOf = (c: Cpu, n: number): number => fieldOf(c.sr.get(ty(n)), PMEVTYPER.evtCount);
const hpmnOf = (c: Cpu): number => fieldOf(c.sr.get('MDCR_EL2'), MDCR_EL2.HPMN);
const bit = (v: bigint, n: number): boolean => ((v >> BigInt(n)) & 1n) === 1n;

/** Whether counter n (31: PMCCNTR) counts at `el` (non-secure, EL2 implemented, no EL3). */
function counterEnabled(c: Cpu, n: number, el: number): boolean {
  const pmcr = c.sr.get('PMCR_EL0');
  const mdcr = c.sr.get('MDCR_EL2');
  const hpmn = hpmnOf(c);
  const low = n < hpmn || n === CYCLE;
  const e = low ? isSet(pmcr, PMCR_EL0.E) : isSet(mdcr, MDCR_EL2.HPME);
  const enabled = e && bit(c.sr.get('PMCNTENSET_EL0'), n);
  let prohibited = el === 2 && low && isSet(mdcr, MDCR_EL2.HPMD);
  if (n === CYCLE) {
    prohibited = prohibited && isSet(pmcr, PMCR_EL0.DP);
    if (c.features.pmuv3p5 && el === 2) prohibited = prohibited || isSet(mdcr, MDCR_EL2.HCCD);
  }
  const filter = n === CYCLE ? c.sr.get('PMCCFILTR_EL0') : c.sr.get(ty(n));
  // NSK, NSU and M need EL3, which the virt board (secure=off) does not have.
  const filtered = el === 0 ? isSet(filter, PMEVTYPER.U) : el === 1 ? isSet(filter, PMEVTYPER.P) : !isSet(filter, PMEVTYPER.NSH);
  if (n !== CYCLE && !eventSupported(c, eventOf(c, n))) return false;
  return enabled && !prohibited && !filtered;
}

const clockDiv = (c: Cpu): boolean => {
  const pmcr = c.sr.get('PMCR_EL0');
  return isSet(pmcr, PMCR_EL0.D) && !isSet(pmcr, PMCR_EL0.LC);
};

function is64Bit(c: Cpu, n: number): boolean {
  if (!c.features.pmuv3p5) return false;
  const hpmn = hpmnOf(c);
  if (hpmn !== 0 && n >= hpmn) return isSet(c.sr.get('MDCR_EL2'), MDCR_EL2.HLP);
  return isSet(c.sr.get('PMCR_EL0'), PMCR_EL0.LP);
}

// ---- stopping and restarting the counters (pmu_op_start / pmu_op_finish) ----

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

function updateIrq(c: Cpu): void {
  const s = st(c);
  const level = isSet(c.sr.get('PMCR_EL0'), PMCR_EL0.E) && (c.sr.get('PMINTENSET_EL1') & c.sr.get('PMOVSSET_EL0')) !== 0n;
  if (level === s.irq) return;
  s.irq = level;
  s.wiring.setIrq(level);
  c.eventAt = 0;
}

function overflowed(c: Cpu, n: number): void {
  c.sr.set('PMOVSSET_EL0', c.sr.get('PMOVSSET_EL0') | (1n << BigInt(n)));
  updateIrq(c);
}

/** timer_mod_anticipate_ns(pmu_timer, now + inNs) unless that overflows int64. */
function anticipate(c: Cpu, now: bigint, inNs: bigint): void {
  if (inNs <= 0n) return;
  const at = now + inNs;
  if (at > INT64_MAX) return;
  const s = st(c);
  if (s.timerNs === undefined || at < s.timerNs) { s.timerNs = at; c.eventAt = 0; if (c.timer) c.timer.stale = true; }
}

function ccntStart(c: Cpu, t: Sample, el: number): void {
  const s = st(c);
  const cycles = t.ns;
  if (counterEnabled(c, CYCLE, el)) {
    const eff = clockDiv(c) ? cycles / 64n : cycles;
    const next = u64(eff - s.ccntDelta);
    const old = c.sr.get('PMCCNTR_EL0');
    const top = isSet(c.sr.get('PMCR_EL0'), PMCR_EL0.LC) ? 63n : 31n;
    if (((old & ~next) >> top) & 1n) overflowed(c, CYCLE);
    c.sr.set('PMCCNTR_EL0', next);
  }
  s.ccntDelta = cycles;
}

function ccntFinish(c: Cpu, t: Sample, el: number): void {
  if (!counterEnabled(c, CYCLE, el)) return;
  const s = st(c);
  const ccnt = c.sr.get('PMCCNTR_EL0');
  let remaining = u64(-ccnt);
  if (!isSet(c.sr.get('PMCR_EL0'), PMCR_EL0.LC)) remaining = BigInt.asUintN(32, remaining);
  anticipate(c, t.ns, nsPerCount(c, CPU_CYCLES, remaining));
  const prev = clockDiv(c) ? s.ccntDelta / 64n : s.ccntDelta;
  s.ccntDelta = u64(prev - ccnt);
}

function evStart(c: Cpu, n: number, t: Sample, el: number): void {
  const s = st(c);
  const count = getCount(c, eventOf(c, n), t);
  if (counterEnabled(c, n, el)) {
    const next = u64(count - s.evDelta[n]);
    const old = c.sr.get(ev(n));
    const top = is64Bit(c, n) ? 63n : 31n;
    if (((old & ~next) >> top) & 1n) overflowed(c, n);
    c.sr.set(ev(n), next);
  }
  s.evDelta[n] = count;
}

function evFinish(c: Cpu, n: number, t: Sample, el: number): void {
  if (!counterEnabled(c, n, el)) return;
  const s = st(c);
  const cnt = c.sr.get(ev(n));
  let delta = u64(-(cnt + 1n));
  if (!is64Bit(c, n)) delta = BigInt.asUintN(32, delta);
  anticipate(c, t.ns, nsPerCount(c, eventOf(c, n), delta));
  s.evDelta[n] = u64(s.evDelta[n] - cnt);
}

function opStart(c: Cpu, t: Sample, el = c.el): void {
  ccntStart(c, t, el);
  for (let n = 0; n < N; n++) evStart(c, n, t, el);
}

function opFinish(c: Cpu, t: Sample, el = c.el): void {
  ccntFinish(c, t, el);
  for (let n = 0; n < N; n++) evFinish(c, n, t, el);
}

/** `change` between pmu_op_start and pmu_op_finish, sampled inside the current instruction. */
function stopped(c: Cpu, change: () => void): void {
  const t = during(c);
  opStart(c, t);
  change();
  opFinish(c, t);
}

/**
 * Exception entry and return (QEMU's pre/post EL-change hooks, every entry and ERET even at
 * the same EL): counting stops under the old EL and restarts under the new one. `async`: an
 * interrupt, taken between instructions.
 */
export function pmuElChange(c: Cpu, fromEl: number, async: boolean): void {
  const t = async ? between(c) : during(c);
  opStart(c, t, fromEl);
  opFinish(c, t);
}

/** The overflow timer (arm_pmu_timer_cb), between instructions: the next expiry (ns) or undefined. */
export function pmuTimerPoll(c: Cpu, nowNs: number): number | undefined {
  const s = st(c);
  if (s.timerNs !== undefined && BigInt(nowNs) >= s.timerNs) {
    s.timerNs = undefined;
    const t = between(c);
    opStart(c, t);
    opFinish(c, t);
  }
  return s.timerNs === undefined ? undefined : Number(s.timerNs);
}

// ---- register behaviour ----

function readCounter(c: Cpu, n: number): bigint {
  if (n >= N) return 0n; // CONSTRAINED UNPREDICTABLE: QEMU reads 0
  const t = during(c);
  evStart(c, n, t, c.el);
  const v = c.sr.get(ev(n));
  evFinish(c, n, t, c.el);
  return c.features.pmuv3p5 ? v : BigInt.asUintN(32, v);
}

function writeCounter(c: Cpu, n: number, v: bigint): void {
  const value = c.features.pmuv3p5 ? v : BigInt.asUintN(32, v);
  if (n >= N) return;
  const t = during(c);
  evStart(c, n, t, c.el);
  c.sr.set(ev(n), value);
  evFinish(c, n, t, c.el);
}

function readCycles(c: Cpu): bigint {
  const t = during(c);
  ccntStart(c, t, c.el);
  const v = c.sr.get('PMCCNTR_EL0');
  ccntFinish(c, t, c.el);
  return v;
}

function writeCycles(c: Cpu, v: bigint): void {
  const t = during(c);
  ccntStart(c, t, c.el);
  c.sr.set('PMCCNTR_EL0', v);
  ccntFinish(c, t, c.el);
}

/** Writable bits of PMEVTYPER<n>_EL0 (filters P/U/NSK/NSU/NSH/M/MT, evtCount) and PMCCFILTR_EL0. */
const PMEVTYPER_WRITABLE = [PMEVTYPER.P, PMEVTYPER.U, PMEVTYPER.NSK, PMEVTYPER.NSU, PMEVTYPER.NSH, PMEVTYPER.M,
  PMEVTYPER.MT, PMEVTYPER.evtCount].reduce((m, f) => m | f.inPlace, 0n);
const PMCCFILTR_WRITABLE = [PMEVTYPER.P, PMEVTYPER.U, PMEVTYPER.NSK, PMEVTYPER.NSU, PMEVTYPER.NSH, PMEVTYPER.M]
  .reduce((m, f) => m | f.inPlace, 0n);

function writeCcfiltr(c: Cpu, v: bigint): void {
  const t = during(c);
  ccntStart(c, t, c.el);
  c.sr.set('PMCCFILTR_EL0', v & PMCCFILTR_WRITABLE);
  ccntFinish(c, t, c.el);
}

/** pmevtyper_write: a changed event restarts the counter's delta from the new event's count. */
function writeType(c: Cpu, n: number, v: bigint): void {
  if (n === CYCLE) { writeCcfiltr(c, v); return; }
  if (n >= N) return; // RAZ/WI
  const t = during(c);
  evStart(c, n, t, c.el);
  const next = fieldOf(v, PMEVTYPER.evtCount);
  if (eventOf(c, n) !== next) st(c).evDelta[n] = getCount(c, next, t);
  c.sr.set(ty(n), v & PMEVTYPER_WRITABLE);
  evFinish(c, n, t, c.el);
}

function readType(c: Cpu, n: number): bigint {
  if (n === CYCLE) return c.sr.get('PMCCFILTR_EL0');
  return n < N ? c.sr.get(ty(n)) : 0n;
}

/** PMSWINC_EL0: each enabled SW_INCR counter named is incremented, its overflow flag set on wrap. */
function softwareIncrement(c: Cpu, v: bigint): void {
  const t = during(c);
  for (let n = 0; n < N; n++) {
    if (!bit(v, n) || !counterEnabled(c, n, c.el) || eventOf(c, n) !== SW_INCR) continue;
    evStart(c, n, t, c.el);
    const old = c.sr.get(ev(n));
    const nv = u64(old + 1n);
    const top = is64Bit(c, n) ? 63n : 31n;
    if (((old & ~nv) >> top) & 1n) overflowed(c, n);
    c.sr.set(ev(n), nv);
    evFinish(c, n, t, c.el);
  }
}

const selected = (c: Cpu): number => fieldOf(c.sr.get('PMSELR_EL0'), PMSELR_EL0.SEL);

/** Which PMUSERENR_EL0 bit (besides EN) lets EL0 make an access (QEMU's pmreg_access_*). */
type El0Gate = 'EN' | 'ER' | 'ER-read' | 'CR-read' | 'SW-write';

/**
 * EL0 accesses (pmreg_access and its variants): allowed by PMUSERENR_EL0.EN, or by ER (event
 * counter reads, PMSELR), CR (cycle counter reads), SW (PMSWINC writes); else trapped to EL1
 * (EL2 with TGE) as EC 0x18.
 */
function el0Check(c: Cpu, key: number, gate: El0Gate, read: boolean): void {
  if (c.el !== 0) return;
  const u = c.sr.get('PMUSERENR_EL0');
  if (isSet(u, PMUSERENR_EL0.EN)) return;
  if (gate === 'ER' && isSet(u, PMUSERENR_EL0.ER)) return;
  if (gate === 'ER-read' && read && isSet(u, PMUSERENR_EL0.ER)) return;
  if (gate === 'CR-read' && read && isSet(u, PMUSERENR_EL0.CR)) return;
  if (gate === 'SW-write' && !read && isSet(u, PMUSERENR_EL0.SW)) return;
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rtField(c.op), read), targetEl: syncTargetFromLowEl(c) });
}

type Extra = Partial<SysRegSpec>;
/**
 * A PMU register row. With `gate`, EL0 reaches it subject to PMUSERENR_EL0; without, from EL1
 * up. MDCR_EL2.TPM/TPMCR traps come from the PMU encoding space (sysreg-traps.ts).
 */
function pm(op1: number, crn: number, crm: number, op2: number, extra: Extra, gate?: El0Gate): SysRegSpec {
  if (!gate) return { enc: [3, op1, crn, crm, op2], minEl: 1, ...extra };
  const key = sysregKey(3, op1, crn, crm, op2);
  return { enc: [3, op1, crn, crm, op2], minEl: 0, ...extra, el0Access: (c, read) => el0Check(c, key, gate, read) };
}

const COUNTER_BITS = (1n << BigInt(N)) - 1n | (1n << 31n);
/** PMCR_EL0 bits software may write (E, D, X, DP, LC, LP); P and C act and read as 0. */
const PMCR_WRITABLE = [PMCR_EL0.E, PMCR_EL0.D, PMCR_EL0.X, PMCR_EL0.DP, PMCR_EL0.LC, PMCR_EL0.LP]
  .reduce((m, f) => m | f.inPlace, 0n);
/** MDCR_EL2 bits that decide what counts: a write changing them stops and restarts the PMU. */
const MDCR_PMU_BITS = [MDCR_EL2.HPME, MDCR_EL2.HPMD, MDCR_EL2.HPMN, MDCR_EL2.HCCD, MDCR_EL2.HLP]
  .reduce((m, f) => m | f.inPlace, 0n);

/** PMCNTENSET/CLR: the PMU stops and restarts around the change. */
const enables = (set: boolean): Extra => ({
  read: (c): bigint => c.sr.get('PMCNTENSET_EL0'),
  write: (c, v): void => stopped(c, () => {
    const cur = c.sr.get('PMCNTENSET_EL0');
    c.sr.set('PMCNTENSET_EL0', set ? cur | (v & COUNTER_BITS) : cur & ~(v & COUNTER_BITS));
  }),
});
/** PMOVSSET/CLR and PMINTENSET/CLR: the interrupt line follows. */
const irqBits = (name: 'PMOVSSET_EL0' | 'PMINTENSET_EL1', set: boolean): Extra => ({
  read: (c): bigint => c.sr.get(name),
  write: (c, v): void => {
    const cur = c.sr.get(name);
    c.sr.set(name, set ? cur | (v & COUNTER_BITS) : cur & ~(v & COUNTER_BITS));
    updateIrq(c);
  },
});

export const PMU_SYSREGS = defineSysRegs({
  PMCR_EL0: pm(3, 9, 12, 0, {
    reset: 0x41013000n,
    // EL0 and EL1 read PMCR_EL0.N as MDCR_EL2.HPMN (QEMU 7.2.x has the stable fix, pmcr_read).
    read: (c): bigint => {
      const v = withField(withField(c.sr.get('PMCR_EL0'), PMCR_EL0.P, 0), PMCR_EL0.C, 0);
      return c.el <= 1 ? withField(v, PMCR_EL0.N, hpmnOf(c)) : v;
    },
    write: (c, v): void => stopped(c, () => {
      if (isSet(v, PMCR_EL0.C)) c.sr.set('PMCCNTR_EL0', 0n); // reset the cycle counter
      if (isSet(v, PMCR_EL0.P)) for (let n = 0; n < N; n++) c.sr.set(ev(n), 0n); // reset the event counters
      c.sr.set('PMCR_EL0', (c.sr.get('PMCR_EL0') & ~PMCR_WRITABLE) | (v & PMCR_WRITABLE));
    }),
  }, 'EN'),
  PMCNTENSET_EL0: pm(3, 9, 12, 1, enables(true), 'EN'),
  PMCNTENCLR_EL0: pm(3, 9, 12, 2, enables(false), 'EN'),
  PMOVSCLR_EL0: pm(3, 9, 12, 3, irqBits('PMOVSSET_EL0', false), 'EN'),
  PMOVSSET_EL0: pm(3, 9, 14, 3, irqBits('PMOVSSET_EL0', true), 'EN'),
  PMINTENSET_EL1: pm(0, 9, 14, 1, irqBits('PMINTENSET_EL1', true)),
  PMINTENCLR_EL1: pm(0, 9, 14, 2, irqBits('PMINTENSET_EL1', false)),
  PMSWINC_EL0: pm(3, 9, 12, 4, { writeonly: true, write: (c, v): void => softwareIncrement(c, v) }, 'SW-write'),
  PMSELR_EL0: pm(3, 9, 12, 5, {
    read: (c): bigint => c.sr.get('PMSELR_EL0'),
    write: (c, v): void => c.sr.set('PMSELR_EL0', v & PMSELR_EL0.SEL.inPlace),
  }, 'ER'),
  PMCEID0_EL0: pm(3, 9, 12, 6, { readonly: true, read: (c): bigint => pmceid(c, false) }, 'EN'),
  PMCEID1_EL0: pm(3, 9, 12, 7, { readonly: true, read: (c): bigint => pmceid(c, true) }, 'EN'),
  PMCCNTR_EL0: pm(3, 9, 13, 0, { read: readCycles, write: writeCycles }, 'CR-read'),
  PMXEVTYPER_EL0: pm(3, 9, 13, 1, {
    read: (c): bigint => readType(c, selected(c)),
    write: (c, v): void => writeType(c, selected(c), v),
  }, 'EN'),
  PMXEVCNTR_EL0: pm(3, 9, 13, 2, {
    read: (c): bigint => readCounter(c, selected(c)),
    write: (c, v): void => writeCounter(c, selected(c), v),
  }, 'ER-read'),
  // EL0 may read PMUSERENR_EL0 (QEMU: PL0_R); an EL0 write is UNDEFINED.
  PMUSERENR_EL0: pm(3, 9, 14, 0, {
    minEl: 0,
    // The write's UNDEFINED comes before MDCR_EL2.TPM (an unallocated encoding at EL0).
    el0Access: (c, read): void => { if (!read) undefinedInstruction(c); },
    read: (c): bigint => c.sr.get('PMUSERENR_EL0'),
    write: (c, v): void => {
      if (c.el === 0) undefinedInstruction(c);
      c.sr.set('PMUSERENR_EL0', v & [PMUSERENR_EL0.EN, PMUSERENR_EL0.SW, PMUSERENR_EL0.CR, PMUSERENR_EL0.ER]
        .reduce((m, f) => m | f.inPlace, 0n));
    },
  }),
  PMCCFILTR_EL0: pm(3, 14, 15, 7, {
    read: (c): bigint => c.sr.get('PMCCFILTR_EL0'),
    write: writeCcfiltr,
  }, 'EN'),
  // MDCR_EL2 (reset HPMN = N, as QEMU): storage, with the PMU stopped around a change of what counts.
  MDCR_EL2: {
    enc: [3, 4, 1, 1, 1], minEl: 2, reset: BigInt(N),
    read: (c): bigint => c.sr.get('MDCR_EL2'),
    write: (c, v): void => {
      if (((c.sr.get('MDCR_EL2') ^ v) & MDCR_PMU_BITS) === 0n) c.sr.set('MDCR_EL2', v);
      else stopped(c, () => c.sr.set('MDCR_EL2', v));
    },
  },
// PMEVCNTR<n>_EL0 / PMEVTYPER<n>_EL0 exist for n < N only: the others are UNDEFINED before any
// trap (the accessors' pseudocode tests n against the implemented counters first; QEMU 7.2
// defines no register for them). Found by the encoding sweep at EL0.
}, numberedSysRegs('PMEVCNTR', '_EL0', N, (n) => pm(3, 14, 8 + (n >> 3), n & 7, {
  read: (c): bigint => readCounter(c, n),
  write: (c, v): void => writeCounter(c, n, v),
}, 'ER-read')), numberedSysRegs('PMEVTYPER', '_EL0', N, (n) => pm(3, 14, 12 + (n >> 3), n & 7, {
  read: (c): bigint => readType(c, n),
  write: (c, v): void => writeType(c, n, v),
}, 'EN')));
