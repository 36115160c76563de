// Performance Monitors (Arm ARM D12, PMUv3) as QEMU 7.2 presents them: PMCR_EL0 with six
// event counters, the cycle counter, event selection (PMSELR/PMXEV*, PMEVTYPER<n>/PMEVCNTR<n>),
// enables, overflow flags, PMSWINC. Events QEMU 7.2 implements per PMCEID0/1 (SW_INCR,
// CPU_CYCLES; the STALL events it lists never count); every other event type is accepted and
// never counts. CPU_CYCLES and PMCCNTR count instructions (the model has no cycles; QEMU's
// follow the host clock), so cycle values are not comparable, only their presence. Not
// modelled: overflow interrupts (PMINTENSET, PPI 23), PMCCFILTR/PMEVTYPER filtering by EL,
// MDCR_EL2.HPMN partitioning.

import type { Cpu } from './cpu.ts';
import { fieldOf, isSet, withField } from './arch/field.ts';
import { PMCR_EL0, PMEVTYPER, PMSELR_EL0 } from './arch/registers.ts';
import { defineSysRegs, numberedSysRegs, type SysRegSpec } from './sysreg-table.ts';
import type { SysRegName } from './sysreg-rooms.ts';
import { undefinedInstruction } from './exceptions.ts';

const N = 6; // PMCR_EL0.N as QEMU 7.2 reports it
const SW_INCR = 0x00;
const CPU_CYCLES = 0x11;
const CYCLE = 31;
/** PMUSERENR_EL0: EN, SW, CR, ER. */
const PMUSERENR_WRITABLE = 0xfn;

/** The PMU's state lives in the sysreg file under the register names (and counterBase). */
const ev = (n: number): `PMEVCNTR${number}_EL0` => `PMEVCNTR${n}_EL0`;
const ty = (n: number): `PMEVTYPER${number}_EL0` => `PMEVTYPER${n}_EL0`;
/** PMEVTYPER<n>_EL0.evtCount: the event a counter counts. */
const eventOf = (c: Cpu, n: number): number => fieldOf(c.sr.get(ty(n)), PMEVTYPER.evtCount);

function counting(c: Cpu, n: number): boolean {
  return isSet(c.sr.get('PMCR_EL0'), PMCR_EL0.E) && ((c.sr.get('PMCNTENSET_EL0') >> BigInt(n)) & 1n) === 1n;
}

/** Counters of instruction-driven events (CPU_CYCLES, the cycle counter) are kept as a base instret. */
function liveValue(c: Cpu, name: SysRegName, counts: boolean): bigint {
  const stored = c.sr.get(name);
  if (!counts) return stored;
  return stored + BigInt(c.instret) - (c.sr.counterBase.get(name) ?? 0n);
}

function freeze(c: Cpu): void {
  // Before anything that changes what counts: fold the running counts into the stored values.
  for (let n = 0; n < N; n++) {
    const counts = counting(c, n) && eventOf(c, n) === CPU_CYCLES;
    c.sr.set(ev(n), mask(c, liveValue(c, ev(n), counts)));
    c.sr.counterBase.set(ev(n), BigInt(c.instret));
  }
  c.sr.set('PMCCNTR_EL0', liveValue(c, 'PMCCNTR_EL0', counting(c, CYCLE)));
  c.sr.counterBase.set('PMCCNTR_EL0', BigInt(c.instret));
}

const mask = (c: Cpu, v: bigint): bigint => BigInt.asUintN(c.features.pmuv3p5 ? 64 : 32, v);

function readCounter(c: Cpu, n: number): bigint {
  const counts = counting(c, n) && eventOf(c, n) === CPU_CYCLES;
  return mask(c, liveValue(c, ev(n), counts));
}

function writeCounter(c: Cpu, n: number, v: bigint): void {
  freeze(c);
  c.sr.set(ev(n), mask(c, v));
}

/** PMSWINC_EL0: each SW_INCR counter named is incremented, its overflow flag set on wrap. */
function softwareIncrement(c: Cpu, v: bigint): void {
  freeze(c);
  const lp = isSet(c.sr.get('PMCR_EL0'), PMCR_EL0.LP);
  for (let n = 0; n < N; n++) {
    if (((v >> BigInt(n)) & 1n) === 0n || !counting(c, n) || eventOf(c, n) !== SW_INCR) continue;
    const old = c.sr.get(ev(n));
    const nv = mask(c, old + 1n);
    c.sr.set(ev(n), nv);
    // Overflow at 32 bits unless PMCR_EL0.LP (PMUv3p5: the counter itself keeps 64 bits).
    const wrapped = lp && c.features.pmuv3p5 ? nv === 0n : (nv & 0xffffffffn) === 0n;
    if (wrapped) c.sr.set('PMOVSSET_EL0', c.sr.get('PMOVSSET_EL0') | (1n << BigInt(n)));
  }
}

function selected(c: Cpu): number {
  const sel = fieldOf(c.sr.get('PMSELR_EL0'), PMSELR_EL0.SEL);
  if (sel !== CYCLE && sel >= N) undefinedInstruction(c); // CONSTRAINED UNPREDICTABLE; QEMU 7.2 UNDEFs
  return sel;
}

type Extra = Partial<SysRegSpec>;
// EL0 access (PMUSERENR_EL0.EN/SW/CR/ER traps to EL1) is not modelled: EL0 gets UNDEFINED.
// MDCR_EL2.TPM/TPMCR traps come from the PMU encoding space (sysreg-traps.ts).
const pm = (op1: number, crn: number, crm: number, op2: number, extra: Extra): SysRegSpec =>
  ({ enc: [3, op1, crn, crm, op2], minEl: 1, ...extra });

const COUNTER_BITS = (1n << BigInt(N)) - 1n | (1n << 31n);
/** PMCR_EL0 bits software may write (E, D, X, DP, LC, LP); P and C act and read as 0. */
const PMCR_WRITABLE = [PMCR_EL0.E, PMCR_EL0.D, PMCR_EL0.X, PMCR_EL0.DP, PMCR_EL0.LC, PMCR_EL0.LP]
  .reduce((m, f) => m | f.inPlace, 0n);
/** Writable bits of PMEVTYPER<n>_EL0 (filters P/U/NSK/NSU/NSH/M/MT, evtCount) and PMCCFILTR_EL0. */
const PMEVTYPER_WRITABLE = 0xfe00ffffn;
const PMCCFILTR_WRITABLE = 0xfc000000n;

type SetName = 'PMCNTENSET_EL0' | 'PMOVSSET_EL0' | 'PMINTENSET_EL1';
/** A set/clear register pair over one bitmask of counters (bit 31: the cycle counter). */
const bitset = (setName: SetName, set: boolean): Extra => ({
  read: (c): bigint => c.sr.get(setName),
  write: (c, v): void => {
    freeze(c);
    const cur = c.sr.get(setName);
    c.sr.set(setName, set ? cur | (v & COUNTER_BITS) : cur & ~(v & COUNTER_BITS));
  },
});
const counterExists = (c: Cpu, n: number): void => { if (n >= N) undefinedInstruction(c); };

export const PMU_SYSREGS = defineSysRegs({
  PMCR_EL0: pm(3, 9, 12, 0, {
    reset: 0x41013000n,
    read: (c): bigint => withField(withField(c.sr.get('PMCR_EL0'), PMCR_EL0.P, 0), PMCR_EL0.C, 0),
    write: (c, v): void => {
      freeze(c);
      if (isSet(v, PMCR_EL0.P)) for (let n = 0; n < N; n++) c.sr.set(ev(n), 0n); // reset the event counters
      if (isSet(v, PMCR_EL0.C)) c.sr.set('PMCCNTR_EL0', 0n); // reset the cycle counter
      c.sr.set('PMCR_EL0', (c.sr.get('PMCR_EL0') & ~PMCR_WRITABLE) | (v & PMCR_WRITABLE));
    },
  }),
  PMCNTENSET_EL0: pm(3, 9, 12, 1, bitset('PMCNTENSET_EL0', true)),
  PMCNTENCLR_EL0: pm(3, 9, 12, 2, bitset('PMCNTENSET_EL0', false)),
  PMOVSCLR_EL0: pm(3, 9, 12, 3, bitset('PMOVSSET_EL0', false)),
  PMOVSSET_EL0: pm(3, 9, 14, 3, bitset('PMOVSSET_EL0', true)),
  PMINTENSET_EL1: pm(0, 9, 14, 1, bitset('PMINTENSET_EL1', true)),
  PMINTENCLR_EL1: pm(0, 9, 14, 2, bitset('PMINTENSET_EL1', false)),
  PMSWINC_EL0: pm(3, 9, 12, 4, { writeonly: true, write: (c, v): void => softwareIncrement(c, v) }),
  PMSELR_EL0: pm(3, 9, 12, 5, {
    read: (c): bigint => c.sr.get('PMSELR_EL0'),
    write: (c, v): void => c.sr.set('PMSELR_EL0', v & PMSELR_EL0.SEL.inPlace),
  }),
  // PMCEID0/1: SW_INCR, CPU_CYCLES; PMUv3p5 also STALL_FRONTEND, STALL_BACKEND, STALL (QEMU 7.2).
  PMCEID0_EL0: pm(3, 9, 12, 6, { readonly: true, read: (): bigint => 0x20001n }),
  PMCEID1_EL0: pm(3, 9, 12, 7, { readonly: true, read: (c): bigint => (c.features.pmuv3p5 ? 0x10000018n : 0n) }),
  PMCCNTR_EL0: pm(3, 9, 13, 0, {
    read: (c): bigint => liveValue(c, 'PMCCNTR_EL0', counting(c, CYCLE)),
    write: (c, v): void => { freeze(c); c.sr.set('PMCCNTR_EL0', v); },
  }),
  PMXEVTYPER_EL0: pm(3, 9, 13, 1, {
    read: (c): bigint => { const s = selected(c); return c.sr.get(s === CYCLE ? 'PMCCFILTR_EL0' : ty(s)); },
    write: (c, v): void => {
      const s = selected(c);
      freeze(c);
      if (s === CYCLE) c.sr.set('PMCCFILTR_EL0', v & PMCCFILTR_WRITABLE);
      else c.sr.set(ty(s), v & PMEVTYPER_WRITABLE);
    },
  }),
  PMXEVCNTR_EL0: pm(3, 9, 13, 2, {
    read: (c): bigint => { const s = selected(c); return s === CYCLE ? liveValue(c, 'PMCCNTR_EL0', counting(c, CYCLE)) : readCounter(c, s); },
    write: (c, v): void => { const s = selected(c); if (s === CYCLE) { freeze(c); c.sr.set('PMCCNTR_EL0', v); } else writeCounter(c, s, v); },
  }),
  PMUSERENR_EL0: pm(3, 9, 14, 0, {
    read: (c): bigint => c.sr.get('PMUSERENR_EL0'),
    write: (c, v): void => c.sr.set('PMUSERENR_EL0', v & PMUSERENR_WRITABLE),
  }),
  PMCCFILTR_EL0: pm(3, 14, 15, 7, {
    read: (c): bigint => c.sr.get('PMCCFILTR_EL0'),
    write: (c, v): void => c.sr.set('PMCCFILTR_EL0', v & PMCCFILTR_WRITABLE),
  }),
}, numberedSysRegs('PMEVCNTR', '_EL0', 31, (n) => pm(3, 14, 8 + (n >> 3), n & 7, {
  read: (c): bigint => { counterExists(c, n); return readCounter(c, n); },
  write: (c, v): void => { counterExists(c, n); writeCounter(c, n, v); },
})), numberedSysRegs('PMEVTYPER', '_EL0', 31, (n) => pm(3, 14, 12 + (n >> 3), n & 7, {
  read: (c): bigint => { counterExists(c, n); return c.sr.get(ty(n)); },
  write: (c, v): void => { counterExists(c, n); freeze(c); c.sr.set(ty(n), v & PMEVTYPER_WRITABLE); },
})));
