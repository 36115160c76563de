// Performance Monitors (Arm ARM D12, PMUv3) as QEMU 7.2 presents them: PMCR_EL0 with six
// event counters, the cycle counter, event selection (PMSELR/PMXEV*, PMEVTYPER<n>/PMEVCNTR<n>),
// enables, overflow flags, PMSWINC. Events QEMU 7.2 implements per PMCEID0/1 (SW_INCR,
// CPU_CYCLES; the STALL events it lists never count); every other event type is accepted and
// never counts. CPU_CYCLES and PMCCNTR count instructions (the model has no cycles; QEMU's
// follow the host clock), so cycle values are not comparable, only their presence. Not
// modelled: overflow interrupts (PMINTENSET, PPI 23), PMCCFILTR/PMEVTYPER filtering by EL,
// MDCR_EL2.HPMN partitioning.

import type { Cpu } from './cpu.ts';
import { registerSysReg, type SysRegDef } from './sysregs.ts';
import { undefinedInstruction } from './exceptions.ts';

const N = 6; // PMCR_EL0.N as QEMU 7.2 reports it
const SW_INCR = 0x00;
const CPU_CYCLES = 0x11;
const CYCLE = 31;

/** The PMU's state lives in the sysreg file under the register names (and `<name>.base`). */
const ev = (n: number): string => `PMEVCNTR${n}_EL0`;
const ty = (n: number): string => `PMEVTYPER${n}_EL0`;

function counting(c: Cpu, n: number): boolean {
  return (c.sr.get('PMCR_EL0') & 1n) === 1n && ((c.sr.get('PMCNTENSET_EL0') >> BigInt(n)) & 1n) === 1n;
}

/** Counters of instruction-driven events (CPU_CYCLES, the cycle counter) are kept as a base instret. */
function liveValue(c: Cpu, name: string, counts: boolean): bigint {
  const stored = c.sr.get(name);
  if (!counts) return stored;
  return stored + BigInt(c.instret) - c.sr.get(`${name}.base`);
}

function freeze(c: Cpu): void {
  // Before anything that changes what counts: fold the running counts into the stored values.
  for (let n = 0; n < N; n++) {
    const counts = counting(c, n) && Number(c.sr.get(ty(n)) & 0xffffn) === CPU_CYCLES;
    c.sr.set(ev(n), mask(c, liveValue(c, ev(n), counts)));
    c.sr.set(`${ev(n)}.base`, BigInt(c.instret));
  }
  c.sr.set('PMCCNTR_EL0', liveValue(c, 'PMCCNTR_EL0', counting(c, CYCLE)));
  c.sr.set('PMCCNTR_EL0.base', BigInt(c.instret));
}

const mask = (c: Cpu, v: bigint): bigint => BigInt.asUintN(c.features.pmuv3p5 ? 64 : 32, v);

function readCounter(c: Cpu, n: number): bigint {
  const counts = counting(c, n) && Number(c.sr.get(ty(n)) & 0xffffn) === CPU_CYCLES;
  return mask(c, liveValue(c, ev(n), counts));
}

function writeCounter(c: Cpu, n: number, v: bigint): void {
  freeze(c);
  c.sr.set(ev(n), mask(c, v));
}

/** PMSWINC_EL0: each SW_INCR counter named is incremented, its overflow flag set on wrap. */
function softwareIncrement(c: Cpu, v: bigint): void {
  freeze(c);
  const lp = ((c.sr.get('PMCR_EL0') >> 7n) & 1n) === 1n;
  for (let n = 0; n < N; n++) {
    if (((v >> BigInt(n)) & 1n) === 0n || !counting(c, n) || Number(c.sr.get(ty(n)) & 0xffffn) !== SW_INCR) continue;
    const old = c.sr.get(ev(n));
    const nv = mask(c, old + 1n);
    c.sr.set(ev(n), nv);
    // Overflow at 32 bits unless PMCR_EL0.LP (PMUv3p5: the counter itself keeps 64 bits).
    const wrapped = lp && c.features.pmuv3p5 ? nv === 0n : (nv & 0xffffffffn) === 0n;
    if (wrapped) c.sr.set('PMOVSSET_EL0', c.sr.get('PMOVSSET_EL0') | (1n << BigInt(n)));
  }
}

function selected(c: Cpu): number {
  const sel = Number(c.sr.get('PMSELR_EL0') & 0x1fn);
  if (sel !== CYCLE && sel >= N) undefinedInstruction(c); // CONSTRAINED UNPREDICTABLE; QEMU 7.2 UNDEFs
  return sel;
}

type Extra = Partial<SysRegDef>;
// EL0 access (PMUSERENR_EL0.EN/SW/CR/ER traps to EL1) is not modelled: EL0 gets UNDEFINED.
const pm = (name: string, op1: number, crn: number, crm: number, op2: number, extra: Extra): void =>
  registerSysReg(name, 3, op1, crn, crm, op2, 1, extra);

const COUNTER_BITS = (1n << BigInt(N)) - 1n | (1n << 31n);

pm('PMCR_EL0', 3, 9, 12, 0, {
  read: (c) => c.sr.get('PMCR_EL0') & ~6n, // P and C read as 0
  write: (c, v) => {
    freeze(c);
    if ((v & 2n) !== 0n) for (let n = 0; n < N; n++) c.sr.set(ev(n), 0n); // P: reset event counters
    if ((v & 4n) !== 0n) c.sr.set('PMCCNTR_EL0', 0n); // C: reset the cycle counter
    c.sr.set('PMCR_EL0', (c.sr.get('PMCR_EL0') & ~0xf9n) | (v & 0xf9n)); // E, D, X, DP, LC, LP
  },
});
/** A set/clear register pair over one bitmask of counters (bit 31: the cycle counter). */
const bitset = (setName: string, set: boolean): Extra => ({
  read: (c) => c.sr.get(setName),
  write: (c, v) => {
    freeze(c);
    const cur = c.sr.get(setName);
    c.sr.set(setName, set ? cur | (v & COUNTER_BITS) : cur & ~(v & COUNTER_BITS));
  },
});
pm('PMCNTENSET_EL0', 3, 9, 12, 1, bitset('PMCNTENSET_EL0', true));
pm('PMCNTENCLR_EL0', 3, 9, 12, 2, bitset('PMCNTENSET_EL0', false));
pm('PMOVSCLR_EL0', 3, 9, 12, 3, bitset('PMOVSSET_EL0', false));
pm('PMOVSSET_EL0', 3, 9, 14, 3, bitset('PMOVSSET_EL0', true));
pm('PMINTENSET_EL1', 0, 9, 14, 1, bitset('PMINTENSET_EL1', true));
pm('PMINTENCLR_EL1', 0, 9, 14, 2, bitset('PMINTENSET_EL1', false));
pm('PMSWINC_EL0', 3, 9, 12, 4, { writeonly: true, write: (c, v) => softwareIncrement(c, v) });
pm('PMSELR_EL0', 3, 9, 12, 5, { read: (c) => c.sr.get('PMSELR_EL0'), write: (c, v) => c.sr.set('PMSELR_EL0', v & 0x1fn) });
// PMCEID0/1: SW_INCR, CPU_CYCLES; PMUv3p5 also STALL_FRONTEND, STALL_BACKEND, STALL (QEMU 7.2).
pm('PMCEID0_EL0', 3, 9, 12, 6, { readonly: true, read: () => 0x20001n });
pm('PMCEID1_EL0', 3, 9, 12, 7, { readonly: true, read: (c) => (c.features.pmuv3p5 ? 0x10000018n : 0n) });
pm('PMCCNTR_EL0', 3, 9, 13, 0, {
  read: (c) => liveValue(c, 'PMCCNTR_EL0', counting(c, CYCLE)),
  write: (c, v) => { freeze(c); c.sr.set('PMCCNTR_EL0', v); },
});
pm('PMXEVTYPER_EL0', 3, 9, 13, 1, {
  read: (c) => { const s = selected(c); return c.sr.get(s === CYCLE ? 'PMCCFILTR_EL0' : ty(s)); },
  write: (c, v) => { const s = selected(c); freeze(c); c.sr.set(s === CYCLE ? 'PMCCFILTR_EL0' : ty(s), v & (s === CYCLE ? 0xfc000000n : 0xfe00ffffn)); },
});
pm('PMXEVCNTR_EL0', 3, 9, 13, 2, {
  read: (c) => { const s = selected(c); return s === CYCLE ? liveValue(c, 'PMCCNTR_EL0', counting(c, CYCLE)) : readCounter(c, s); },
  write: (c, v) => { const s = selected(c); if (s === CYCLE) { freeze(c); c.sr.set('PMCCNTR_EL0', v); } else writeCounter(c, s, v); },
});
pm('PMUSERENR_EL0', 3, 9, 14, 0, { read: (c) => c.sr.get('PMUSERENR_EL0'), write: (c, v) => c.sr.set('PMUSERENR_EL0', v & 0xfn) });
pm('PMCCFILTR_EL0', 3, 14, 15, 7, { read: (c) => c.sr.get('PMCCFILTR_EL0'), write: (c, v) => c.sr.set('PMCCFILTR_EL0', v & 0xfc000000n) });
for (let n = 0; n < 31; n++) {
  const exists = (c: Cpu): void => { if (n >= N) undefinedInstruction(c); };
  pm(ev(n), 3, 14, 8 + (n >> 3), n & 7, {
    read: (c) => { exists(c); return readCounter(c, n); },
    write: (c, v) => { exists(c); writeCounter(c, n, v); },
  });
  pm(ty(n), 3, 14, 12 + (n >> 3), n & 7, {
    read: (c) => { exists(c); return c.sr.get(ty(n)); },
    write: (c, v) => { exists(c); freeze(c); c.sr.set(ty(n), v & 0xfe00ffffn); },
  });
}
