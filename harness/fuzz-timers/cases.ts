// The cases of the timer and interrupt fuzzer (s2diff fuzz --timers; scenarios/timer-fuzz, at
// EL2 under -icount 4): CNTVOFF_EL2, the EL1 virtual, EL1 physical and EL2 physical timers
// programmed by CVAL (their count now + delta) or TVAL, their ENABLE/IMASK, the priorities of
// their PPIs and ICC_PMR_EL1, and how long IRQs stay unmasked. Deltas sit where the timers'
// edges are: already expired, just ahead (within the loop), far ahead, and TVAL's sign boundary.

import fc from 'fast-check';

export interface TimerCase {
  cntvoff: bigint;
  /** Per timer (v, p, hp): ticks from its count now, or the TVAL. */
  delta: [bigint, bigint, bigint];
  /** Per timer: bit 0 ENABLE, bit 1 IMASK, bit 8 program by TVAL. */
  ctl: [number, number, number];
  /** Priorities of PPIs 27, 30, 26. */
  prio: [number, number, number];
  pmr: number;
  /** Loop iterations with IRQs unmasked. */
  spin: number;
}

export const CASE_BYTES = 128;

const edge = (v: bigint): bigint => BigInt.asIntN(64, v);
const deltaArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: -200n, max: 600n }), // expired, or due within the loop
  fc.constantFrom(0n, 1n, -1n, 0x7fffffffn, -0x80000000n, 0x80000000n, 0xffffffffn, 1n << 62n, edge(1n << 63n)),
  fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }),
);
const ctlArb = fc.record({ enable: fc.boolean(), imask: fc.boolean(), tval: fc.boolean() })
  .map((c) => (c.enable ? 1 : 0) | (c.imask ? 2 : 0) | (c.tval ? 0x100 : 0));
const prioArb = fc.constantFrom(0x00, 0x10, 0x80, 0xa0, 0xf0);

export const timerCaseArb: fc.Arbitrary<TimerCase> = fc.record({
  cntvoff: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1n << 20n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
  delta: fc.tuple(deltaArb, deltaArb, deltaArb),
  ctl: fc.tuple(ctlArb, ctlArb, ctlArb),
  prio: fc.tuple(prioArb, prioArb, prioArb),
  pmr: fc.constantFrom(0xff, 0xf0, 0xa0, 0x80, 0x00),
  spin: fc.integer({ min: 0, max: 400 }),
});

export function encodeCases(cases: readonly TimerCase[], magic: bigint): Buffer {
  const b = Buffer.alloc(16 + cases.length * CASE_BYTES);
  b.writeBigUInt64LE(magic, 0);
  b.writeBigUInt64LE(BigInt(cases.length), 8);
  cases.forEach((c, i) => {
    const o = 16 + i * CASE_BYTES;
    b.writeBigUInt64LE(BigInt.asUintN(64, c.cntvoff), o);
    c.delta.forEach((d, t) => b.writeBigInt64LE(BigInt.asIntN(64, d), o + 8 + 8 * t));
    c.ctl.forEach((v, t) => b.writeBigUInt64LE(BigInt(v), o + 32 + 8 * t));
    b.writeBigUInt64LE(BigInt(c.prio[0] | (c.prio[1] << 8) | (c.prio[2] << 16)), o + 56);
    b.writeBigUInt64LE(BigInt(c.pmr), o + 64);
    b.writeBigUInt64LE(BigInt(c.spin), o + 72);
  });
  return b;
}

const h = (v: bigint | number): string => `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
const TIMERS = ['CNTV', 'CNTP', 'CNTHP'] as const;

export function formatCase(c: TimerCase): string {
  const t = TIMERS.map((n, i) => `${n} ${c.ctl[i] & 0x100 ? 'TVAL' : 'CVAL=now+'}${c.delta[i]} CTL=${c.ctl[i] & 3}`).join(', ');
  return `CNTVOFF_EL2=${h(c.cntvoff)}; ${t}; priorities v/p/hp ${c.prio.map(h).join('/')}, PMR ${h(c.pmr)}; ${c.spin} iterations unmasked`;
}

/** Simpler variants of a case, one field each, for shrinking: a timer off, no offset, a shorter loop ... */
export function simplerCases(c: TimerCase): TimerCase[] {
  const out: TimerCase[] = [];
  for (let t = 0; t < 3; t++) {
    if (c.ctl[t] & 3) out.push({ ...c, ctl: c.ctl.map((v, i) => (i === t ? 0 : v)) as TimerCase['ctl'] });
    if (c.ctl[t] & 0x100) out.push({ ...c, ctl: c.ctl.map((v, i) => (i === t ? v & 3 : v)) as TimerCase['ctl'] });
    if (c.delta[t] !== 0n) out.push({ ...c, delta: c.delta.map((v, i) => (i === t ? v / 2n : v)) as TimerCase['delta'] });
    if (c.prio[t] !== 0xa0) out.push({ ...c, prio: c.prio.map((v, i) => (i === t ? 0xa0 : v)) as TimerCase['prio'] });
  }
  if (c.cntvoff !== 0n) out.push({ ...c, cntvoff: 0n }, { ...c, cntvoff: c.cntvoff / 2n });
  if (c.pmr !== 0xff) out.push({ ...c, pmr: 0xff });
  if (c.spin > 0) out.push({ ...c, spin: Math.floor(c.spin / 2) });
  return out;
}
