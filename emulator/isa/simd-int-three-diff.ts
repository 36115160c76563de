// Advanced SIMD three different and scalar three different (Arm ARM C4.1.96; C7.2 pages of
// SADDL ... PMULL): long (both operands widened from the selected half), wide (Vn already
// double width) and narrowing-high-half forms. `part` (Q) selects the upper halves: the "2"
// variants. PMULL of 64-bit elements needs FEAT_PMULL (ID_AA64ISAR0_EL1.AES >= 2).

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { begin, el, finish, R16, regs, setEl, sSat } from './simd-int-lanes.ts';
import { getElem64, setV128 } from './vreg.ts';

type Fn = (a: bigint, b: bigint, e: number, d: bigint) => bigint;
type Kind = 'long' | 'wide' | 'narrow';

interface Row { name: string; kind: Kind; fn: Fn; /** saturating doubling (signed only, sizes H/S) */ q?: boolean }

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
/** SignedSatQ(2 * a * b, 2 * esize) of SQDMULL and the accumulating forms. */
const dbl = (a: bigint, b: bigint, e: number): bigint => sSat(2n * a * b, 2 * e);
/** The high half of a double-width sum, rounded or not (ADDHN/RADDHN, SUBHN/RSUBHN). */
const hn = (round: boolean, sub: boolean): Fn => (a, b, e) => ((sub ? a - b : a + b) + (round ? 1n << BigInt(e - 1) : 0n)) >> BigInt(e);

/** PolynomialMult (shared/functions/crypto): carry-less product of two esize-bit values. */
export function polyMul(a: bigint, b: bigint, e: number): bigint {
  let r = 0n;
  for (let i = 0; i < e; i++) if ((b >> BigInt(i)) & 1n) r ^= a << BigInt(i);
  return r;
}

function row(opcode: number, u: boolean): Row | undefined {
  const S = u ? 'U' : 'S';
  switch (opcode) {
    case 0x0: return { name: `${S}ADDL`, kind: 'long', fn: (a, b) => a + b };
    case 0x1: return { name: `${S}ADDW`, kind: 'wide', fn: (a, b) => a + b };
    case 0x2: return { name: `${S}SUBL`, kind: 'long', fn: (a, b) => a - b };
    case 0x3: return { name: `${S}SUBW`, kind: 'wide', fn: (a, b) => a - b };
    case 0x4: return { name: u ? 'RADDHN' : 'ADDHN', kind: 'narrow', fn: hn(u, false) };
    case 0x5: return { name: `${S}ABAL`, kind: 'long', fn: (a, b, _e, d) => d + abs(a - b) };
    case 0x6: return { name: u ? 'RSUBHN' : 'SUBHN', kind: 'narrow', fn: hn(u, true) };
    case 0x7: return { name: `${S}ABDL`, kind: 'long', fn: (a, b) => abs(a - b) };
    case 0x8: return { name: `${S}MLAL`, kind: 'long', fn: (a, b, _e, d) => d + a * b };
    case 0xa: return { name: `${S}MLSL`, kind: 'long', fn: (a, b, _e, d) => d - a * b };
    case 0xc: return { name: `${S}MULL`, kind: 'long', fn: (a, b) => a * b };
    case 0x9: return u ? undefined : { name: 'SQDMLAL', kind: 'long', q: true, fn: (a, b, e, d) => sSat(d + dbl(a, b, e), 2 * e) };
    case 0xb: return u ? undefined : { name: 'SQDMLSL', kind: 'long', q: true, fn: (a, b, e, d) => sSat(d - dbl(a, b, e), 2 * e) };
    case 0xd: return u ? undefined : { name: 'SQDMULL', kind: 'long', q: true, fn: dbl };
    case 0xe: return u ? undefined : { name: 'PMULL', kind: 'long', fn: (a, b, e) => polyMul(a, b, e) };
    default: return undefined;
  }
}

const TABLE: (Row | undefined)[] = [];
for (let k = 0; k < 32; k++) TABLE[k] = row(k & 15, k >= 16);

// Op: rd rn rm; imm = U:opcode; imm2 = esize (narrow side); imm3 = part; sf = 1 unsigned operands;
// imm4 = elements (the scalar form: 1, result width 2*esize).
function threeDiff(c: Cpu, o: Op): void {
  begin(c);
  const r = TABLE[o.imm]!, e = o.imm2, part = o.imm3, u = o.sf === 1, n = o.imm4, scalar = n === 1; // a vector has at least two
  const base = scalar ? 0 : part * n;
  for (let i = 0; i < n; i++) {
    if (r.kind === 'narrow') R16[i] = r.fn(el(c, o.rn, 2 * e, i, u), el(c, o.rm, 2 * e, i, u), e, 0n);
    else {
      const a = r.kind === 'wide' ? el(c, o.rn, 2 * e, i, u) : el(c, o.rn, e, base + i, u);
      R16[i] = r.fn(a, el(c, o.rm, e, base + i, u), e, el(c, o.rd, 2 * e, i, u));
    }
  }
  if (r.kind === 'narrow') {
    for (let i = 0; i < n; i++) setEl(c, o.rd, e, part * n + i, R16[i]);
    finish(c, o.rd, part ? 128 : 64);
  } else {
    for (let i = 0; i < n; i++) setEl(c, o.rd, 2 * e, i, R16[i]);
    finish(c, o.rd, scalar ? 2 * e : 128);
  }
}

/** PMULL/PMULL2 of 64-bit elements (FEAT_PMULL): one 128-bit product. */
function pmull64(c: Cpu, o: Op): void {
  if (!c.features.pmull) undefinedInstruction(c);
  begin(c);
  setV128(c, o.rd, polyMul(getElem64(c, o.rn, o.imm3), getElem64(c, o.rm, o.imm3), 64));
}

function build(w: number, scalar: boolean): Op | undefined {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 15, 12), q = bits(w, 30, 30);
  const idx = (u << 4) | opcode, r = TABLE[idx];
  if (!r) return undefined;
  const e = 8 << size;
  if (scalar) {
    if (!r.q || size === 0 || size === 3) return undefined;
    return op(threeDiff, `${r.name} (scalar)`, w, { ...regs(w), imm: idx, imm2: e, imm3: 0, imm4: 1 });
  }
  const name = r.name + (q ? '2' : '');
  if (r.name === 'PMULL') {
    if (size === 3) return op(pmull64, `${name} (1Q)`, w, { ...regs(w), imm3: q });
    if (size !== 0) return undefined;
  }
  if (size === 3 || (r.q && size === 0)) return undefined;
  return op(threeDiff, name, w, { ...regs(w), imm: idx, imm2: e, imm3: q, imm4: 64 / e, sf: u || r.name === 'PMULL' ? 1 : 0 });
}

export const threeDiffEntries: InsnDef[] = [
  def('Advanced SIMD three different', 'simd-int', '0xx01110xx1xxxxxxxxx00xxxxxxxxxx', (w) => build(w, false)),
  def('Advanced SIMD scalar three different', 'simd-int', '01x11110xx1xxxxxxxxx00xxxxxxxxxx', (w) => build(w, true)),
];
