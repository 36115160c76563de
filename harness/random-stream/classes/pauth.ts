// The 'pauth' stream class (issue 13): FEAT_PAuth at EL2 (E2H = 0). Items:
// - set-up: a key register from X26 (MSR APxxKeyLo/Hi_EL1), one of SCTLR_EL2.EnIA/EnIB/EnDA/
//   EnDB set or cleared (MRS/ORR|AND/MSR through X26, so disabled keys are drawn too), and
//   TCR_EL2.TBI/TBID toggled the same way (T0SZ stays 25: the stream's own page tables use it);
// - a pointer (low/high canonical, tagged, bad extension bits, any 64 bits, intEdge) put into
//   Xd, then PACxx/AUTxx/XPACx (1 source), PACGA, or a hint form on X30 / X17+X16;
// - round trips: PAC then AUT with the same key and modifier (authenticates) or another one
//   (the error code: QEMU 7.2's max has no FEAT_FPAC, so nothing traps);
// - authenticated branches only to a pointer that authenticates: ADR Xd to a NOP ending the item,
//   PACIA/PACIB (or the Z form) of it, then BRAx/BLRAx (RETAx with X30 and SP); LDRAA/LDRAB
//   from X27 = X28 + 0x1000 signed with PACDZA/PACDZB (offsets within the scratch area).
// A key disabled or enabled, the branch still lands on the next item.

import fc from 'fast-check';
import type { ClassArb } from './class-arb.ts';
import { intEdge, loadX26 } from './vector-operands.ts';

const TMP = 26, BASE = 27;
const SET_BASE = (0x91400000 | (1 << 10) | (28 << 5) | BASE) >>> 0; // add x27, x28, #1, lsl #12
const reg = fc.integer({ min: 0, max: 25 });

/** MOVZ/MOVK words putting `v` into Xd. */
function loadX(d: number, v: bigint): number[] {
  const w: number[] = [(0xd2800000 | (Number(v & 0xffffn) << 5) | d) >>> 0];
  for (let hw = 1; hw < 4; hw++) {
    const part = Number((v >> BigInt(16 * hw)) & 0xffffn);
    if (part !== 0) w.push((0xf2800000 | (hw << 21) | (part << 5) | d) >>> 0);
  }
  return w;
}

const sysreg = (crn: number, crm: number, op2: number, op1: number): number => (0xd5180000 | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5)) >>> 0;
const msr = (enc: number, rt: number): number => (enc | rt) >>> 0;
const mrs = (enc: number, rt: number): number => (enc | (1 << 21) | rt) >>> 0;
const SCTLR_EL2 = sysreg(1, 0, 0, 4), TCR_EL2 = sysreg(2, 0, 2, 4);
/** ORR X26, X26, #(1 << b) and AND X26, X26, #~(1 << b) (64-bit logical immediates). */
const orrBit = (b: number): number => (0xb2400000 | (((64 - b) & 63) << 16) | (TMP << 5) | TMP) >>> 0;
const andNotBit = (b: number): number => (0x92400000 | (((63 - b) & 63) << 16) | (62 << 10) | (TMP << 5) | TMP) >>> 0;

/** MRS X26, reg; set or clear bit b; MSR reg, X26. */
const toggle = (enc: number, b: number, on: boolean): number[] => [mrs(enc, TMP), on ? orrBit(b) : andNotBit(b), msr(enc, TMP)];

const KEY_ENABLES = [31, 30, 27, 13]; // SCTLR_ELx.EnIA, EnIB, EnDA, EnDB

/** Pointers worth signing with T0SZ = 25 (PAC field [54:39] or [63:56,54:39]). */
const pointer: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 39n) - 1n }),
  fc.bigInt({ min: 0n, max: (1n << 39n) - 1n }).map((v) => v | (((1n << 25n) - 1n) << 39n)),
  fc.tuple(fc.bigInt({ min: 0n, max: 255n }), fc.bigInt({ min: 0n, max: (1n << 56n) - 1n }), fc.boolean())
    .map(([tag, v, high]) => (tag << 56n) | (high ? v | (((1n << 17n) - 1n) << 39n) : v & ((1n << 39n) - 1n))),
  intEdge,
);

/** PACIA..AUTDB (opc 0-7), PACIZA..AUTDZB (8-15), XPACI/XPACD (16, 17) of Xd with modifier Xn|SP. */
const dp1 = (opc: number, d: number, n: number): number => (0xdac10000 | (opc << 10) | (n << 5) | d) >>> 0;
const pacga = (d: number, n: number, m: number): number => (0x9ac03000 | (m << 16) | (n << 5) | d) >>> 0;
const adr12 = (d: number): number => (0x10000000 | (3 << 5) | d) >>> 0; // ADR Xd, .+12
const HINTS = [7, 8, 10, 12, 14, 24, 25, 26, 27, 28, 29, 30, 31];
const hint = (n: number): number => (0xd503201f | (n << 5)) >>> 0;

const item: fc.Arbitrary<number[] | undefined> = fc.oneof(
  // a key register from an edge or random value
  fc.record({ k: fc.integer({ min: 0, max: 9 }), v: intEdge }).map(({ k, v }) =>
    [...loadX26(v), msr(sysreg(2, 1 + (k >> 2), k & 3, 0), TMP)]),
  // a key enable, TBI or TBID on or off
  fc.record({ k: fc.integer({ min: 0, max: 3 }), on: fc.boolean() }).map(({ k, on }) => toggle(SCTLR_EL2, KEY_ENABLES[k], on)),
  fc.record({ tbid: fc.boolean(), on: fc.boolean() }).map(({ tbid, on }) => toggle(TCR_EL2, tbid ? 29 : 20, on)),
  // one PAC/AUT/XPAC on a fresh pointer, the modifier any register or SP
  fc.record({ opc: fc.integer({ min: 0, max: 17 }), d: reg, n: fc.oneof(reg, fc.constant(31)), p: pointer }).map(({ opc, d, n, p }) =>
    [...loadX(d, p), dp1(opc, d, opc >= 8 ? 31 : n)]),
  // the same on whatever Xd holds (signed, authenticated or random)
  fc.record({ opc: fc.integer({ min: 0, max: 17 }), d: reg, n: fc.oneof(reg, fc.constant(31)) }).map(({ opc, d, n }) => [dp1(opc, d, opc >= 8 ? 31 : n)]),
  // PACGA Xd, Xn, Xm|SP
  fc.record({ d: reg, n: reg, m: fc.oneof(reg, fc.constant(31)) }).map(({ d, n, m }) => [pacga(d, n, m)]),
  // sign then authenticate, with the same key and modifier or not
  fc.record({ key: fc.integer({ min: 0, max: 3 }), key2: fc.integer({ min: 0, max: 3 }), same: fc.boolean(), zero: fc.boolean(),
    d: reg, n: fc.oneof(reg, fc.constant(31)), n2: fc.oneof(reg, fc.constant(31)), p: pointer })
    .map(({ key, key2, same, zero, d, n, n2, p }) => {
      if (!zero && n === d) return undefined;
      const k2 = same ? key : key2, m2 = same ? n : n2;
      return [...loadX(d, p), dp1((zero ? 8 : 0) + key, d, zero ? 31 : n), dp1((zero ? 12 : 4) + k2, d, zero ? 31 : m2)];
    }),
  // the hint forms on X30 or X17 (modifier X16, SP or zero)
  fc.record({ h: fc.constantFrom(...HINTS), p: pointer, m: intEdge }).map(({ h, p, m }) =>
    h >= 8 && h <= 14 ? [...loadX(17, p), ...loadX(16, m), hint(h)] : [...loadX(30, p), hint(h)]),
  // a signed branch to the next item: BRAA/BRAB/BLRAA/BLRAB (Z forms with a zero modifier)
  fc.record({ d: reg, m: fc.oneof(reg, fc.constant(31)), b: fc.boolean(), z: fc.boolean(), link: fc.boolean() })
    .map(({ d, m, b, z, link }) => {
      if (!z && m === d) return undefined;
      const sign = dp1((z ? 8 : 0) + (b ? 1 : 0), d, z ? 31 : m);
      const opc = (z ? 0 : 8) | (link ? 1 : 0);
      const br = (0xd61f0800 | (opc << 21) | ((b ? 1 : 0) << 10) | (d << 5) | (z ? 31 : m)) >>> 0;
      // The target is the NOP inside the item: QEMU 7.2 leaves PSTATE.BTYPE set after an SB at
      // a branch target (catalogued as btype-kept-after-sb; a stream would stop there).
      return [adr12(d), sign, br, 0xd503201f];
    }),
  // RETAA/RETAB: X30 signed with SP
  fc.boolean().map((b) => [adr12(30), dp1(b ? 1 : 0, 30, 31), (0xd65f0bff | ((b ? 1 : 0) << 10)) >>> 0]),
  // LDRAA/LDRAB from the scratch area, offset and pre-index
  fc.record({ t: reg, b: fc.boolean(), wb: fc.boolean(), off: fc.integer({ min: -511, max: 511 }) }).map(({ t, b, wb, off }) => {
    const imm10 = off & 0x3ff;
    const ldr = (0xf8200400 | ((b ? 1 : 0) << 23) | ((imm10 >> 9) << 22) | ((imm10 & 0x1ff) << 12) | ((wb ? 1 : 0) << 11) | (BASE << 5) | t) >>> 0;
    return [SET_BASE, dp1(b ? 11 : 10, BASE, 31), ldr];
  }),
);

export const pauthClass: ClassArb | undefined = item;
