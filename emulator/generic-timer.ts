// The Generic Timer (Arm ARM D11): the system counter, the EL1 physical and virtual timers,
// the EL2 physical timer and (FEAT_VHE) the EL2 virtual timer, each wired to its PPI on the
// GIC as QEMU's virt board does (30, 27, 26, 28). The counter is derived from instructions
// retired, like QEMU's `-icount shift=S`: an instruction takes 2^S ns of virtual time, and
// time skipped by WFI while waiting for a timer is added (QEMU's sleep=off warp). CNTFRQ is
// QEMU's 62.5 MHz, so the counter ticks every 16 ns.

import type { Cpu } from './cpu.ts';
import { EC, raise, syncTargetFromLowEl } from './exceptions.ts';
import type { GicV3 } from './gicv3.ts';
import { registerSysReg, sysregKey } from './sysregs.ts';
import { isE2H, isTGE, sysTrapIss } from './sysreg-access.ts';

export const NS_PER_TICK = 16;

type TimerId = 'p' | 'v' | 'hp' | 'hv';
const PPI: Record<TimerId, number> = { p: 30, v: 27, hp: 26, hv: 28 };

class Timer {
  ctl = 0;
  cval = 0n;
  constructor(readonly id: TimerId) {}
}

export class GenericTimer {
  readonly t: Record<TimerId, Timer> = { p: new Timer('p'), v: new Timer('v'), hp: new Timer('hp'), hv: new Timer('hv') };

  constructor(private readonly cpu: Cpu, private readonly gic: GicV3, readonly icountShift: number) {}

  /** Virtual time at the start of the current instruction: what a timer's condition sees. */
  nowNs(): number {
    return this.cpu.instret * 2 ** this.icountShift + this.cpu.idleNs;
  }

  /**
   * CNTPCT: the physical count as an MRS reads it. QEMU's -icount counts the reading
   * instruction as executed (it ends its translation block there), hence one instruction on.
   */
  physCount(): bigint {
    return BigInt(Math.floor((this.nowNs() + 2 ** this.icountShift) / NS_PER_TICK));
  }

  /** The count a timer's condition compares with CVAL (CNTVCT for the EL1 virtual timer). */
  private countFor(id: TimerId): bigint {
    const p = BigInt(Math.floor(this.nowNs() / NS_PER_TICK));
    return id === 'v' ? BigInt.asUintN(64, p - this.cpu.sr.get('CNTVOFF_EL2')) : p;
  }

  /** CNTVCT_EL0 as read at the current EL: no offset in the EL2&0 regime (E2H and TGE) at EL0/EL2. */
  virtCount(c: Cpu): bigint {
    if (isE2H(c) && isTGE(c) && c.el !== 1) return this.physCount();
    return BigInt.asUintN(64, this.physCount() - c.sr.get('CNTVOFF_EL2'));
  }

  status(id: TimerId): boolean {
    return this.countFor(id) >= this.t[id].cval;
  }

  /**
   * Drives each timer's PPI; returns the virtual time (ns) at which the next enabled timer
   * that has not fired will fire, or undefined when none will.
   */
  private drive(): number | undefined {
    let best: number | undefined;
    for (const id of ['p', 'v', 'hp', 'hv'] as const) {
      const tm = this.t[id];
      const enabled = (tm.ctl & 1) === 1;
      const fired = enabled && this.status(id);
      this.gic.setLevel(PPI[id], fired && (tm.ctl & 2) === 0);
      if (!enabled || fired) continue;
      const offset = id === 'v' ? this.cpu.sr.get('CNTVOFF_EL2') : 0n;
      const ns = Number(BigInt.asUintN(64, tm.cval + offset)) * NS_PER_TICK;
      if (best === undefined || ns < best) best = ns;
    }
    return best;
  }

  /** Drives the PPIs; returns the instruction count at which the next timer fires (Infinity: none). */
  update(): number {
    const ns = this.drive();
    return ns === undefined ? Infinity : Math.ceil((ns - this.cpu.idleNs) / 2 ** this.icountShift);
  }

  /** Drives the PPIs; the virtual time at which the next timer fires, or undefined (WFI waits for it). */
  nextDeadlineNs(): number | undefined {
    return this.drive();
  }
}

// ---- registers ----

const timer = (c: Cpu): GenericTimer => c.timer!;
const hostEl0 = (c: Cpu): boolean => c.el === 0 && isE2H(c) && isTGE(c);

/**
 * Access controls of the counter and the EL1/EL0 timers (D11.2): EL0 needs CNTKCTL_EL1 (or,
 * in the EL2&0 host regime, CNTHCTL_EL2) EL0PCTEN/EL0VCTEN/EL0PTEN/EL0VTEN, else a trap to
 * EL1 (EL2 with TGE); EL0/EL1 physical accesses need CNTHCTL_EL2.EL1PCTEN/EL1PCEN (bits 0/1,
 * or 10/11 with E2H), else a trap to EL2. Traps are EC 0x18 with the MRS/MSR syndrome.
 */
function checkAccess(c: Cpu, key: number, read: boolean, kind: 'pct' | 'vct' | 'ptimer' | 'vtimer'): void {
  if (c.el >= 2) return;
  const rt = c.op ? (c.op.rd >>> 1 >= 32 ? 31 : c.op.rd >>> 1) : 0; // the MRS/MSR's Rt for the syndrome
  const trap = (el: number): never => raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rt, read), targetEl: el });
  const e2h = isE2H(c);
  if (c.el === 0) {
    const ctl = hostEl0(c) ? c.sr.get('CNTHCTL_EL2') : c.sr.get('CNTKCTL_EL1');
    const bit = { pct: 0n, vct: 1n, vtimer: 8n, ptimer: 9n }[kind];
    if (((ctl >> bit) & 1n) === 0n) trap(syncTargetFromLowEl(c));
    if (hostEl0(c)) return;
  }
  if (kind === 'pct' || kind === 'ptimer') {
    const hctl = c.sr.get('CNTHCTL_EL2');
    const bit = kind === 'pct' ? (e2h ? 10n : 0n) : (e2h ? 11n : 1n);
    if (((hctl >> bit) & 1n) === 0n) trap(2);
  }
}

/** Which timer an access by this name reaches: EL0 in the host regime uses the EL2 timers. */
const which = (c: Cpu, id: TimerId): TimerId => (hostEl0(c) && id === 'p' ? 'hp' : hostEl0(c) && id === 'v' ? 'hv' : id);

function timerRegs(prefix: string, op1: number, crm: number, minEl: number, id: TimerId, kind: 'ptimer' | 'vtimer' | undefined,
  feature?: 'vhe'): void {
  const key = (op2: number): number => sysregKey(3, op1, 14, crm, op2);
  const gate = (c: Cpu, op2: number, read: boolean): void => { if (kind) checkAccess(c, key(op2), read, kind); };
  const count = (c: Cpu, t: TimerId): bigint => (t === 'v' ? timer(c).virtCount(c) : timer(c).physCount());
  const after = (c: Cpu): void => { c.eventAt = 0; };
  registerSysReg(`${prefix}_TVAL_${minEl === 2 ? 'EL2' : 'EL0'}`, 3, op1, 14, crm, 0, minEl, {
    feature,
    read: (c) => { gate(c, 0, true); const t = which(c, id); return BigInt.asUintN(32, timer(c).t[t].cval - count(c, t)); },
    write: (c, v) => { gate(c, 0, false); const t = which(c, id); timer(c).t[t].cval = BigInt.asUintN(64, count(c, t) + BigInt.asIntN(32, v)); after(c); },
  });
  registerSysReg(`${prefix}_CTL_${minEl === 2 ? 'EL2' : 'EL0'}`, 3, op1, 14, crm, 1, minEl, {
    feature,
    read: (c) => {
      gate(c, 1, true);
      const t = which(c, id);
      const tm = timer(c).t[t];
      // ISTATUS (bit 2) is UNKNOWN while ENABLE is 0; QEMU 7.2 reads 0.
      return BigInt(tm.ctl | ((tm.ctl & 1) !== 0 && timer(c).status(t) ? 4 : 0));
    },
    write: (c, v) => { gate(c, 1, false); timer(c).t[which(c, id)].ctl = Number(v & 3n); after(c); },
  });
  registerSysReg(`${prefix}_CVAL_${minEl === 2 ? 'EL2' : 'EL0'}`, 3, op1, 14, crm, 2, minEl, {
    feature,
    read: (c) => { gate(c, 2, true); return timer(c).t[which(c, id)].cval; },
    write: (c, v) => { gate(c, 2, false); timer(c).t[which(c, id)].cval = v; after(c); },
  });
}

registerSysReg('CNTPCT_EL0', 3, 3, 14, 0, 1, 0, {
  readonly: true,
  read: (c) => { checkAccess(c, sysregKey(3, 3, 14, 0, 1), true, 'pct'); return timer(c).physCount(); },
});
registerSysReg('CNTVCT_EL0', 3, 3, 14, 0, 2, 0, {
  readonly: true,
  read: (c) => { checkAccess(c, sysregKey(3, 3, 14, 0, 2), true, 'vct'); return timer(c).virtCount(c); },
});
timerRegs('CNTP', 3, 2, 0, 'p', 'ptimer');
timerRegs('CNTV', 3, 3, 0, 'v', 'vtimer');
timerRegs('CNTHP', 4, 2, 2, 'hp', undefined);
timerRegs('CNTHV', 4, 3, 2, 'hv', undefined, 'vhe');
