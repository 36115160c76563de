// The Generic Timer (Arm ARM D11): the system counter, the EL1 physical and virtual timers,
// the EL2 physical timer and (FEAT_VHE) the EL2 virtual timer, each wired to its PPI on the
// GIC as QEMU's virt board does (30, 27, 26, 28). The counter is derived from instructions
// retired, like QEMU's `-icount shift=S`: an instruction takes 2^S ns of virtual time, and
// time skipped by WFI while waiting for a timer is added (QEMU's sleep=off warp). CNTFRQ is
// QEMU's 62.5 MHz, so the counter ticks every 16 ns.

import type { Cpu } from './cpu.ts';
import { EC, raise, syncTargetFromLowEl } from './exceptions.ts';
import type { GicV3 } from './gicv3.ts';
import type { VirtualClock } from './virtual-clock.ts';
import { isSet, isSet32, withField32, type Field } from './arch/field.ts';
import { inHost, isE2H } from './arch/regime.ts';
import { CNTHCTL_EL2, CNTHCTL_EL2_E2H, CNTKCTL_EL1, CNT_CTL } from './arch/registers.ts';
import { defineSysRegs, sysregKey, type SysRegSpec } from './sysreg-table.ts';
import { rtField, sysTrapIss } from './sysreg-access.ts';

export const NS_PER_TICK = 16;

type TimerId = 'p' | 'v' | 'hp' | 'hv';
const TIMER_IDS: readonly TimerId[] = ['p', 'v', 'hp', 'hv'];
const PPI: Record<TimerId, number> = { p: 30, v: 27, hp: 26, hv: 28 };

class Timer {
  ctl = 0;
  cval = 0n;
  constructor(readonly id: TimerId) {}
}

/**
 * Another timer on the virtual clock (the PMU's overflow timer): `poll` runs it when it is
 * due at `nowNs` and returns its next expiry (ns), or undefined when it is not armed.
 */
export type VirtualClockTimer = (nowNs: number) => number | undefined;

export class GenericTimer {
  readonly t: Record<TimerId, Timer> = { p: new Timer('p'), v: new Timer('v'), hp: new Timer('hp'), hv: new Timer('hv') };
  /** Other timers on the same clock: they decide when the run loop polls and where WFI wakes. */
  readonly others: VirtualClockTimer[] = [];

  readonly icountShift: number;

  constructor(private readonly cpu: Cpu, private readonly gic: GicV3, readonly clock: VirtualClock) {
    this.icountShift = clock.icountShift;
  }

  /** Virtual time at the start of the running PE's current instruction: what a timer's condition sees. */
  nowNs(): number {
    return this.clock.nowNs();
  }

  /**
   * Virtual time as an instruction reading a clock sees it (a counter MRS, a device register):
   * QEMU's -icount counts that instruction as executed (it ends its translation block there),
   * hence one instruction on.
   */
  accessNs(): number {
    return this.nowNs() + 2 ** this.icountShift;
  }

  /** CNTPCT: the physical count as an MRS reads it. */
  physCount(): bigint {
    return BigInt(Math.floor(this.accessNs() / NS_PER_TICK));
  }

  /** The count a timer's condition compares with CVAL (CNTVCT for the EL1 virtual timer). */
  private countFor(id: TimerId): bigint {
    const p = BigInt(Math.floor(this.nowNs() / NS_PER_TICK));
    return id === 'v' ? BigInt.asUintN(64, p - this.cpu.sr.get('CNTVOFF_EL2')) : p;
  }

  /** CNTVCT_EL0 as read at the current EL: no offset in the EL2&0 regime (E2H and TGE) at EL0/EL2. */
  virtCount(c: Cpu): bigint {
    if (inHost(c) && c.el !== 1) return this.physCount();
    return BigInt.asUintN(64, this.physCount() - c.sr.get('CNTVOFF_EL2'));
  }

  /**
   * Told when a timer register write re-arms a timer on the virtual clock (QEMU's
   * gt_recalc_timer: CVAL and TVAL writes, a CTL write that toggles ENABLE), with the time
   * it will fire at; the Machine's round robin decides whether that ends the PE's turn.
   */
  onRearm: ((ns: number) => void) | undefined;

  /** When the timer fires (ns), if it is enabled and has not fired yet. */
  armedNs(id: TimerId): number | undefined {
    const tm = this.t[id];
    if (!isSet32(tm.ctl, CNT_CTL.ENABLE) || this.status(id)) return undefined;
    const offset = id === 'v' ? this.cpu.sr.get('CNTVOFF_EL2') : 0n;
    return Number(BigInt.asUintN(64, tm.cval + offset)) * NS_PER_TICK;
  }

  /** Every armed timer's expiry (ns). */
  armedTimesNs(): number[] {
    const out: number[] = [];
    for (const id of TIMER_IDS) { const ns = this.armedNs(id); if (ns !== undefined) out.push(ns); }
    return out;
  }

  /** The timers' reset state (CPU_ON resets the PE). */
  reset(): void {
    for (const id of TIMER_IDS) { this.t[id].ctl = 0; this.t[id].cval = 0n; }
    this.stale = true;
  }

  /** A register write re-armed timer `id`. */
  rearmed(id: TimerId): void {
    if (this.onRearm === undefined) return;
    const ns = this.armedNs(id);
    if (ns !== undefined) this.onRearm(ns);
  }

  status(id: TimerId): boolean {
    return this.countFor(id) >= this.t[id].cval;
  }

  /**
   * Something that decides when a timer fires may have changed (a system register write, an
   * exception entry or return for the PMU's counters, a write to the RTC): the next drive()
   * looks at every timer again. Until then, and until the clock reaches the time drive()
   * found, the PPIs cannot change and that time stands.
   */
  stale = true;
  private nextNs: number | undefined;

  /**
   * Drives each timer's PPI; returns the virtual time (ns) at which the next enabled timer
   * that has not fired will fire, or undefined when none will.
   */
  private drive(): number | undefined {
    if (!this.stale && (this.nextNs === undefined || this.nowNs() < this.nextNs)) return this.nextNs;
    this.stale = false;
    this.nextNs = this.driveAll();
    return this.nextNs;
  }

  private driveAll(): number | undefined {
    let best: number | undefined;
    for (const id of TIMER_IDS) {
      const tm = this.t[id];
      const enabled = isSet32(tm.ctl, CNT_CTL.ENABLE);
      const fired = enabled && this.status(id);
      this.gic.setLevel(PPI[id], fired && !isSet32(tm.ctl, CNT_CTL.IMASK));
      if (!enabled || fired) continue;
      const ns = this.armedNs(id)!;
      if (best === undefined || ns < best) best = ns;
    }
    for (const poll of this.others) {
      const ns = poll(this.nowNs());
      if (ns !== undefined && (best === undefined || ns < best)) best = ns;
    }
    return best;
  }

  /** Drives the PPIs; returns the running PE's instruction count at which the next timer fires (Infinity: none). */
  update(): number {
    const ns = this.drive();
    return ns === undefined ? Infinity : this.clock.instretAt(ns);
  }

  /** Drives the PPIs; the virtual time at which the next timer fires, or undefined (WFI waits for it). */
  nextDeadlineNs(): number | undefined {
    return this.drive();
  }
}

// ---- registers ----

const timer = (c: Cpu): GenericTimer => c.timer!;

type CounterAccess = 'pct' | 'vct' | 'ptimer' | 'vtimer';
/** The EL0 enable of each kind of access in CNTKCTL_EL1 (and CNTHCTL_EL2 with E2H). */
const EL0_ENABLE: Record<CounterAccess, Field> = {
  pct: CNTKCTL_EL1.EL0PCTEN, vct: CNTKCTL_EL1.EL0VCTEN, ptimer: CNTKCTL_EL1.EL0PTEN, vtimer: CNTKCTL_EL1.EL0VTEN,
};

/**
 * Access controls of the counter and the EL1/EL0 timers (D11.2): EL0 needs CNTKCTL_EL1 (or,
 * in the EL2&0 host regime, CNTHCTL_EL2) EL0PCTEN/EL0VCTEN/EL0PTEN/EL0VTEN, else a trap to
 * EL1 (EL2 with TGE); EL0/EL1 physical accesses need CNTHCTL_EL2.EL1PCTEN/EL1PCEN (EL1PCTEN/
 * EL1PTEN with E2H), else a trap to EL2. Traps are EC 0x18 with the MRS/MSR syndrome.
 */
function checkAccess(c: Cpu, key: number, read: boolean, kind: CounterAccess): void {
  if (c.el >= 2) return;
  const trap = (el: number): never => raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rtField(c.op), read), targetEl: el });
  const e2h = isE2H(c);
  if (c.el === 0) {
    const ctl = inHost(c) ? c.sr.get('CNTHCTL_EL2') : c.sr.get('CNTKCTL_EL1');
    if (!isSet(ctl, EL0_ENABLE[kind])) trap(syncTargetFromLowEl(c));
    if (inHost(c)) return;
  }
  if (kind === 'pct' || kind === 'ptimer') {
    const hctl = c.sr.get('CNTHCTL_EL2');
    const enable = kind === 'pct' ? (e2h ? CNTHCTL_EL2_E2H.EL1PCTEN : CNTHCTL_EL2.EL1PCTEN) : (e2h ? CNTHCTL_EL2_E2H.EL1PTEN : CNTHCTL_EL2.EL1PCEN);
    if (!isSet(hctl, enable)) trap(2);
  }
}

/** Which timer an access by this name reaches: EL0 in the host regime uses the EL2 timers. */
const which = (c: Cpu, id: TimerId): TimerId => (c.el === 0 && inHost(c) ? (id === 'p' ? 'hp' : id === 'v' ? 'hv' : id) : id);

type TimerRegName<P extends string, E extends string> = `${P}_${'TVAL' | 'CTL' | 'CVAL'}_${E}`;

/**
 * TVAL, CTL and CVAL of one timer. `vheTo` names the EL2 timer that these (EL0) names reach
 * at EL2 with E2H = 1, whose *_EL02 aliases reach these (D11.2.4).
 */
function timerRegs<P extends string, E extends 'EL0' | 'EL2'>(prefix: P, el: E, op1: number, crm: number, id: TimerId,
  kind: 'ptimer' | 'vtimer' | undefined, extra: { feature?: 'vhe'; vheTo?: 'CNTHP' | 'CNTHV' } = {}): Record<TimerRegName<P, E>, SysRegSpec> {
  const key = (op2: number): number => sysregKey(3, op1, 14, crm, op2);
  const gate = (c: Cpu, op2: number, read: boolean): void => { if (kind) checkAccess(c, key(op2), read, kind); };
  const count = (c: Cpu, t: TimerId): bigint => (t === 'v' ? timer(c).virtCount(c) : timer(c).physCount());
  const after = (c: Cpu): void => { c.eventAt = 0; };
  const row = (op2: number, reg: 'TVAL' | 'CTL' | 'CVAL', rw: Pick<SysRegSpec, 'read' | 'write'>): SysRegSpec => ({
    enc: [3, op1, 14, crm, op2], minEl: el === 'EL2' ? 2 : 0, feature: extra.feature, ...rw,
    ...(extra.vheTo ? { vhe: { el2: `${extra.vheTo}_${reg}_EL2`, alias: true } } : {}),
  });
  return {
    [`${prefix}_TVAL_${el}`]: row(0, 'TVAL', {
      read: (c): bigint => { gate(c, 0, true); const t = which(c, id); return BigInt.asUintN(32, timer(c).t[t].cval - count(c, t)); },
      write: (c, v): void => {
        gate(c, 0, false);
        const t = which(c, id);
        timer(c).t[t].cval = BigInt.asUintN(64, count(c, t) + BigInt.asIntN(32, v));
        timer(c).rearmed(t);
        after(c);
      },
    }),
    [`${prefix}_CTL_${el}`]: row(1, 'CTL', {
      read: (c): bigint => {
        gate(c, 1, true);
        const t = which(c, id);
        const tm = timer(c).t[t];
        // ISTATUS is UNKNOWN while ENABLE is 0; QEMU 7.2 reads 0.
        const istatus = isSet32(tm.ctl, CNT_CTL.ENABLE) && timer(c).status(t);
        return BigInt(withField32(tm.ctl, CNT_CTL.ISTATUS, istatus ? 1 : 0));
      },
      write: (c, v): void => {
        gate(c, 1, false);
        const t = which(c, id), tm = timer(c).t[t], old = tm.ctl;
        tm.ctl = Number(v & (CNT_CTL.ENABLE.inPlace | CNT_CTL.IMASK.inPlace));
        if (isSet32(old ^ tm.ctl, CNT_CTL.ENABLE)) timer(c).rearmed(t);
        after(c);
      },
    }),
    [`${prefix}_CVAL_${el}`]: row(2, 'CVAL', {
      read: (c): bigint => { gate(c, 2, true); return timer(c).t[which(c, id)].cval; },
      write: (c, v): void => { gate(c, 2, false); const t = which(c, id); timer(c).t[t].cval = v; timer(c).rearmed(t); after(c); },
    }),
  } as Record<TimerRegName<P, E>, SysRegSpec>;
}

export const TIMER_SYSREGS = defineSysRegs({
  CNTPCT_EL0: {
    enc: [3, 3, 14, 0, 1], minEl: 0, readonly: true,
    read: (c): bigint => { checkAccess(c, sysregKey(3, 3, 14, 0, 1), true, 'pct'); return timer(c).physCount(); },
  },
  CNTVCT_EL0: {
    enc: [3, 3, 14, 0, 2], minEl: 0, readonly: true,
    read: (c): bigint => { checkAccess(c, sysregKey(3, 3, 14, 0, 2), true, 'vct'); return timer(c).virtCount(c); },
  },
  ...timerRegs('CNTP', 'EL0', 3, 2, 'p', 'ptimer', { vheTo: 'CNTHP' }),
  ...timerRegs('CNTV', 'EL0', 3, 3, 'v', 'vtimer', { vheTo: 'CNTHV' }),
  ...timerRegs('CNTHP', 'EL2', 4, 2, 'hp', undefined),
  ...timerRegs('CNTHV', 'EL2', 4, 3, 'hv', undefined, { feature: 'vhe' }),
});
