// Advanced SIMD three same and scalar three same, integer opcodes (Arm ARM C4.1.96,
// "Advanced SIMD three same" / "Advanced SIMD scalar three same"; instruction pages in C7.2).
// One table row per U:opcode: the element operation, whether operands are unsigned, which
// sizes the vector and scalar forms allow, and the shape (element-wise, accumulating into the
// destination, or pairwise over Vm:Vn). Opcode 00011 (bitwise) is simd.ts's; 11xxx are FP
// (the simd-fp room): those return null so decoding goes on.

import type { Cpu, Op } from '../cpu.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { begin, el, elU, finish, R16, regs, sat, setEl, shl, sSat } from './simd-int-lanes.ts';

type Fn = (a: bigint, b: bigint, e: number, d: bigint) => bigint;

interface Row {
  name: string;
  fn: Fn;
  unsigned: boolean;
  /** Sizes the vector form allows (bit per size; size 3 needs Q = 1). */
  vec: number;
  /** Sizes the scalar form allows (0: no scalar form). */
  scalar: number;
  pair?: boolean;
}

const ALL = 0b1111, NO64 = 0b0111, D = 0b1000, HS = 0b0110;
const ones = (e: number): bigint => (1n << BigInt(e)) - 1n;
const mask = (t: boolean, e: number): bigint => (t ? ones(e) : 0n);
/** The shift count of SSHL and friends: SInt(Elem[m]<7:0>). */
const cnt = (b: bigint): number => Number(BigInt.asIntN(8, b));
/** The rounding shift of SRSHL/SQRSHL: (a + round) << shift (shared pseudocode). */
const rshl = (a: bigint, s: number): bigint => (s < 0 ? (a + (1n << BigInt(-s - 1))) >> BigInt(-s) : a << BigInt(s));
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** PolynomialMult of two 8-bit values, low 8 bits (PMUL). */
function pmul8(a: bigint, b: bigint): bigint {
  let r = 0, x = Number(a), y = Number(b);
  for (let i = 0; i < 8; i++) if ((y >> i) & 1) r ^= x << i;
  return BigInt(r & 0xff);
}

/** SQDMULH / SQRDMULH: SignedSatQ((2*a*b + round) >> esize). */
const qdmulh = (round: boolean): Fn => (a, b, e) => sSat((2n * a * b + (round ? 1n << BigInt(e - 1) : 0n)) >> BigInt(e), e);

function rows(u: boolean): Partial<Record<number, Row>> {
  const S = u ? 'U' : 'S';
  return {
    0x00: { name: `${S}HADD`, fn: (a, b) => (a + b) >> 1n, unsigned: u, vec: NO64, scalar: 0 },
    0x01: { name: `${S}QADD`, fn: (a, b, e) => sat(a + b, e, u), unsigned: u, vec: ALL, scalar: ALL },
    0x02: { name: `${S}RHADD`, fn: (a, b) => (a + b + 1n) >> 1n, unsigned: u, vec: NO64, scalar: 0 },
    0x04: { name: `${S}HSUB`, fn: (a, b) => (a - b) >> 1n, unsigned: u, vec: NO64, scalar: 0 },
    0x05: { name: `${S}QSUB`, fn: (a, b, e) => sat(a - b, e, u), unsigned: u, vec: ALL, scalar: ALL },
    0x06: { name: u ? 'CMHI' : 'CMGT', fn: (a, b, e) => mask(a > b, e), unsigned: u, vec: ALL, scalar: D },
    0x07: { name: u ? 'CMHS' : 'CMGE', fn: (a, b, e) => mask(a >= b, e), unsigned: u, vec: ALL, scalar: D },
    0x08: { name: `${S}SHL`, fn: (a, b) => shl(a, cnt(b)), unsigned: u, vec: ALL, scalar: D },
    0x09: { name: `${S}QSHL`, fn: (a, b, e) => { const s = cnt(b); return s < 0 ? a >> BigInt(-s) : sat(a << BigInt(s), e, u); }, unsigned: u, vec: ALL, scalar: ALL },
    0x0a: { name: `${S}RSHL`, fn: (a, b) => rshl(a, cnt(b)), unsigned: u, vec: ALL, scalar: D },
    0x0b: { name: `${S}QRSHL`, fn: (a, b, e) => sat(rshl(a, cnt(b)), e, u), unsigned: u, vec: ALL, scalar: ALL },
    0x0c: { name: `${S}MAX`, fn: (a, b) => (a > b ? a : b), unsigned: u, vec: NO64, scalar: 0 },
    0x0d: { name: `${S}MIN`, fn: (a, b) => (a < b ? a : b), unsigned: u, vec: NO64, scalar: 0 },
    0x0e: { name: `${S}ABD`, fn: (a, b) => abs(a - b), unsigned: u, vec: NO64, scalar: 0 },
    0x0f: { name: `${S}ABA`, fn: (a, b, _e, d) => d + abs(a - b), unsigned: u, vec: NO64, scalar: 0 },
    0x10: { name: u ? 'SUB' : 'ADD', fn: u ? (a, b) => a - b : (a, b) => a + b, unsigned: true, vec: ALL, scalar: D },
    0x11: { name: u ? 'CMEQ' : 'CMTST', fn: u ? (a, b, e) => mask(a === b, e) : (a, b, e) => mask((a & b) !== 0n, e), unsigned: true, vec: ALL, scalar: D },
    0x12: { name: u ? 'MLS' : 'MLA', fn: u ? (a, b, _e, d) => d - a * b : (a, b, _e, d) => d + a * b, unsigned: true, vec: NO64, scalar: 0 },
    0x13: u ? { name: 'PMUL', fn: pmul8, unsigned: true, vec: 0b0001, scalar: 0 } : { name: 'MUL', fn: (a, b) => a * b, unsigned: true, vec: NO64, scalar: 0 },
    0x14: { name: `${S}MAXP`, fn: (a, b) => (a > b ? a : b), unsigned: u, vec: NO64, scalar: 0, pair: true },
    0x15: { name: `${S}MINP`, fn: (a, b) => (a < b ? a : b), unsigned: u, vec: NO64, scalar: 0, pair: true },
    0x16: { name: u ? 'SQRDMULH' : 'SQDMULH', fn: qdmulh(u), unsigned: false, vec: HS, scalar: HS },
    ...(u ? {} : { 0x17: { name: 'ADDP', fn: (a: bigint, b: bigint) => a + b, unsigned: true, vec: ALL, scalar: 0, pair: true } }),
  };
}

const TABLE: (Row | undefined)[] = [];
for (let u = 0; u < 2; u++) { const r = rows(u === 1); for (let k = 0; k < 32; k++) TABLE[(u << 5) | k] = r[k]; }

// Op: rd rn rm; imm = table index; imm2 = esize; imm3 = elements; imm4 = result width in bits.
function threeSame(c: Cpu, o: Op): void {
  begin(c);
  const r = TABLE[o.imm]!, e = o.imm2, n = o.imm3, u = r.unsigned;
  if (r.pair) {
    for (let i = 0; i < n; i++) {
      const src = i < n / 2 ? o.rn : o.rm, j = 2 * (i % (n / 2));
      R16[i] = r.fn(el(c, src, e, j, u), el(c, src, e, j + 1, u), e, 0n);
    }
  } else {
    for (let i = 0; i < n; i++) R16[i] = r.fn(el(c, o.rn, e, i, u), el(c, o.rm, e, i, u), e, elU(c, o.rd, e, i));
  }
  for (let i = 0; i < n; i++) setEl(c, o.rd, e, i, R16[i]);
  finish(c, o.rd, o.imm4);
}

function build(w: number, scalar: boolean): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 15, 11), q = bits(w, 30, 30);
  if (opcode >= 0x18 || opcode === 0x03) return null; // FP (simd-fp room) and bitwise (simd.ts)
  const r = TABLE[(u << 5) | opcode];
  if (!r) return undefined;
  const e = 8 << size;
  if (scalar) {
    if (((r.scalar >> size) & 1) === 0) return undefined;
    return op(threeSame, `${r.name} (scalar)`, w, { ...regs(w), imm: (u << 5) | opcode, imm2: e, imm3: 1, imm4: e });
  }
  if (((r.vec >> size) & 1) === 0 || (size === 3 && q === 0)) return undefined;
  const width = q ? 128 : 64;
  return op(threeSame, `${r.name} (vector)`, w, { ...regs(w), imm: (u << 5) | opcode, imm2: e, imm3: width / e, imm4: width });
}

export const threeSameEntries: InsnDef[] = [
  def('Advanced SIMD three same (integer)', 'simd-int', '0xx01110xx1xxxxxxxxxx1xxxxxxxxxx', (w) => build(w, false)),
  def('Advanced SIMD scalar three same (integer)', 'simd-int', '01x11110xx1xxxxxxxxxx1xxxxxxxxxx', (w) => build(w, true)),
];
