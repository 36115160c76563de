// Advanced SIMD two-register miscellaneous (vector and scalar), across lanes and scalar
// pairwise, integer forms (Arm ARM C4.1.96; C7.2 pages of ABS ... XTN, ADDV ... UMINV,
// ADDP (scalar)). Element-wise operations come from one table; the reshaping ones (REV*,
// pairwise long, narrowing, SHLL) have their own handlers. FP opcodes return null.

import type { Cpu, Op } from '../cpu.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { begin, el, elS, elU, finish, R16, regs, sat, setEl, sSat, uSat } from './simd-int-lanes.ts';

// ---- element-wise -------------------------------------------------------------------

type Un = (a: bigint, e: number, d: bigint) => bigint;
interface Row { name: string; fn: Un; unsigned: boolean; vec: number; scalar: number }

const ALL = 0b1111, NO64 = 0b0111, D = 0b1000;
const ones = (e: number): bigint => (1n << BigInt(e)) - 1n;
const m = (t: boolean, e: number): bigint => (t ? ones(e) : 0n);
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** CountLeadingZeroBits of an e-bit value. */
function clz(a: bigint, e: number): number {
  let n = 0;
  for (let i = e - 1; i >= 0 && ((a >> BigInt(i)) & 1n) === 0n; i--) n++;
  return n;
}

/** CountLeadingSignBits: leading bits equal to the sign bit, not counting it. */
const cls = (a: bigint, e: number): number => clz(BigInt.asUintN(e, (a >> 1n) ^ a) & ones(e - 1), e - 1);

function popcount(a: bigint): number {
  let n = 0;
  for (let x = Number(a); x; x &= x - 1) n++;
  return n;
}

function rbit(a: bigint, e: number): bigint {
  let r = 0n;
  for (let i = 0; i < e; i++) if ((a >> BigInt(i)) & 1n) r |= 1n << BigInt(e - 1 - i);
  return r;
}

/** UnsignedRecipEstimate of a 32-bit value (URECPE; RecipEstimate of shared/functions/float). */
function urecpe(a: bigint): bigint {
  if ((a >> 31n) === 0n) return 0xffffffffn;
  const x = Number(a >> 23n) * 2 + 1; // 9 bits, top one set
  const r = (Math.floor((1 << 19) / x) + 1) >> 1;
  return BigInt(r) << 23n;
}

/** UnsignedRSqrtEstimate of a 32-bit value (URSQRTE; RecipSqrtEstimate). */
function ursqrte(a: bigint): bigint {
  if ((a >> 30n) === 0n) return 0xffffffffn;
  let x = Number(a >> 23n);
  x = x < 256 ? x * 2 + 1 : (((x >> 1) << 1) + 1) * 2; // in units of 1/512 or 1/256, rounded
  let b = 512;
  while (x * (b + 1) * (b + 1) < 2 ** 28) b++;
  return BigInt((b + 1) >> 1) << 23n;
}

/** The table, by U:opcode (with size for the opcodes 00101 that depend on it). */
function row(u: boolean, opcode: number, size: number): Row | undefined {
  switch (opcode) {
    case 0x03: return u
      ? { name: 'USQADD', fn: (a, e, d) => uSat(d + BigInt.asIntN(e, a), e), unsigned: true, vec: ALL, scalar: ALL }
      : { name: 'SUQADD', fn: (a, e, d) => sSat(BigInt.asIntN(e, d) + BigInt.asUintN(e, a), e), unsigned: true, vec: ALL, scalar: ALL };
    case 0x04: return { name: u ? 'CLZ' : 'CLS', fn: u ? (a, e) => BigInt(clz(a, e)) : (a, e) => BigInt(cls(a, e)), unsigned: true, vec: NO64, scalar: 0 };
    case 0x05:
      if (!u) return size === 0 ? { name: 'CNT', fn: (a) => BigInt(popcount(a)), unsigned: true, vec: 1, scalar: 0 } : undefined;
      if (size === 0) return { name: 'NOT', fn: (a, e) => ~a & ones(e), unsigned: true, vec: 1, scalar: 0 };
      return size === 1 ? { name: 'RBIT', fn: (a) => rbit(a, 8), unsigned: true, vec: 2, scalar: 0 } : undefined;
    case 0x07: return { name: u ? 'SQNEG' : 'SQABS', fn: u ? (a, e) => sSat(-a, e) : (a, e) => sSat(abs(a), e), unsigned: false, vec: ALL, scalar: ALL };
    case 0x08: return { name: u ? 'CMGE (zero)' : 'CMGT (zero)', fn: u ? (a, e) => m(a >= 0n, e) : (a, e) => m(a > 0n, e), unsigned: false, vec: ALL, scalar: D };
    case 0x09: return { name: u ? 'CMLE (zero)' : 'CMEQ (zero)', fn: u ? (a, e) => m(a <= 0n, e) : (a, e) => m(a === 0n, e), unsigned: false, vec: ALL, scalar: D };
    case 0x0a: return u ? undefined : { name: 'CMLT (zero)', fn: (a, e) => m(a < 0n, e), unsigned: false, vec: ALL, scalar: D };
    case 0x0b: return { name: u ? 'NEG' : 'ABS', fn: u ? (a) => -a : abs, unsigned: false, vec: ALL, scalar: D };
    case 0x1c: return { name: u ? 'URSQRTE' : 'URECPE', fn: u ? ursqrte : urecpe, unsigned: true, vec: 0b0100, scalar: 0 };
    default: return undefined;
  }
}

const TABLE: (Row | undefined)[] = [];
for (let k = 0; k < 256; k++) TABLE[k] = row(((k >> 7) & 1) === 1, (k >> 2) & 31, k & 3);
const key = (u: number, opcode: number, size: number): number => (u << 7) | (opcode << 2) | size;

// Op: rd rn; imm = table key; imm2 = esize; imm3 = elements; imm4 = written width.
function unary(c: Cpu, o: Op): void {
  begin(c);
  const r = TABLE[o.imm]!, e = o.imm2, n = o.imm3;
  for (let i = 0; i < n; i++) R16[i] = r.fn(el(c, o.rn, e, i, r.unsigned), e, elU(c, o.rd, e, i));
  for (let i = 0; i < n; i++) setEl(c, o.rd, e, i, R16[i]);
  finish(c, o.rd, o.imm4);
}

// ---- reshaping ----------------------------------------------------------------------

// REV16/32/64: imm = container bits; imm2 = esize; imm3 = elements; imm4 = width.
function rev(c: Cpu, o: Op): void {
  begin(c);
  const e = o.imm2, n = o.imm3, flip = o.imm / e - 1;
  for (let i = 0; i < n; i++) R16[i] = elU(c, o.rn, e, i ^ flip);
  for (let i = 0; i < n; i++) setEl(c, o.rd, e, i, R16[i]);
  finish(c, o.rd, o.imm4);
}

// SADDLP/UADDLP/SADALP/UADALP: imm = 1 accumulate; sf = 1 unsigned; imm2 = esize; imm3 = results.
function addLongPairwise(c: Cpu, o: Op): void {
  begin(c);
  const e = o.imm2, n = o.imm3, u = o.sf === 1;
  for (let i = 0; i < n; i++) {
    R16[i] = el(c, o.rn, e, 2 * i, u) + el(c, o.rn, e, 2 * i + 1, u) + (o.imm ? elU(c, o.rd, 2 * e, i) : 0n);
  }
  for (let i = 0; i < n; i++) setEl(c, o.rd, 2 * e, i, R16[i]);
  finish(c, o.rd, n * 2 * e);
}

// XTN/SQXTN/UQXTN/SQXTUN: imm = 0 XTN, 1 SQXTN, 2 UQXTN, 3 SQXTUN; imm2 = esize (narrow);
// imm3 = part; imm4 = elements; sf = 1 scalar.
function narrow(c: Cpu, o: Op): void {
  begin(c);
  const e = o.imm2, n = o.imm4, base = o.sf ? 0 : o.imm3 * n;
  for (let i = 0; i < n; i++) {
    const k = o.imm;
    const a = k === 2 ? elU(c, o.rn, 2 * e, i) : elS(c, o.rn, 2 * e, i);
    R16[i] = k === 0 ? a : k === 3 ? uSat(a, e) : sat(a, e, k === 2);
  }
  for (let i = 0; i < n; i++) setEl(c, o.rd, e, base + i, R16[i]);
  finish(c, o.rd, o.sf ? e : o.imm3 ? 128 : 64);
}

// SHLL/SHLL2: imm2 = esize; imm3 = part; imm4 = elements.
function shll(c: Cpu, o: Op): void {
  begin(c);
  const e = o.imm2, n = o.imm4;
  for (let i = 0; i < n; i++) R16[i] = elU(c, o.rn, e, o.imm3 * n + i) << BigInt(e);
  for (let i = 0; i < n; i++) setEl(c, o.rd, 2 * e, i, R16[i]);
  finish(c, o.rd, 128);
}

/** FP opcodes of two-register misc (the simd-fp room), URECPE/URSQRTE (size 1x) excepted. */
const fpMisc = (opcode: number, size: number): boolean =>
  (opcode >= 0x0c && opcode <= 0x0f) || opcode === 0x16 || opcode === 0x17 || (opcode >= 0x18 && !(opcode === 0x1c && size >= 2));

function buildMisc(w: number, scalar: boolean): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 16, 12), q = bits(w, 30, 30);
  // Scalar: every opcode from 01100 up is FP except the narrowing ones.
  if (fpMisc(opcode, size) || (scalar && opcode >= 0x0c && opcode !== 0x12 && opcode !== 0x14)) return null;
  const e = opcode === 0x05 ? 8 : 8 << size, // NOT and RBIT: bytes, whatever size says
     width = q ? 128 : 64, f = regs(w), name = (s: string): string => s + (scalar ? ' (scalar)' : ' (vector)');
  switch (opcode) {
    case 0x00: case 0x01: {
      const container = opcode === 1 ? 16 : u ? 32 : 64;
      if (scalar || (opcode === 1 && u) || e >= container) return undefined;
      return op(rev, `REV${container}`, w, { ...f, imm: container, imm2: e, imm3: width / e, imm4: width });
    }
    case 0x02: case 0x06:
      if (scalar || size === 3) return undefined;
      return op(addLongPairwise, `${u ? 'U' : 'S'}AD${opcode === 6 ? 'ALP' : 'DLP'}`, w, { ...f, imm: opcode === 6 ? 1 : 0, sf: u, imm2: e, imm3: width / (2 * e) });
    case 0x12: case 0x14: {
      if (size === 3 || (scalar && opcode === 0x12 && !u)) return undefined;
      const k = opcode === 0x12 ? (u ? 3 : 0) : u ? 2 : 1;
      const nm = ['XTN', 'SQXTN', 'UQXTN', 'SQXTUN'][k] + (q && !scalar ? '2' : '');
      return op(narrow, scalar ? `${nm} (scalar)` : nm, w, { ...f, imm: k, imm2: e, imm3: q, imm4: scalar ? 1 : 64 / e, sf: scalar ? 1 : 0 });
    }
    case 0x13:
      if (scalar || !u || size === 3) return undefined;
      return op(shll, q ? 'SHLL2' : 'SHLL', w, { ...f, imm2: e, imm3: q, imm4: 64 / e });
    default: {
      const k = key(u, opcode, size), r = TABLE[k];
      if (!r) return undefined;
      if (scalar) {
        if (((r.scalar >> size) & 1) === 0) return undefined;
        return op(unary, name(r.name), w, { ...f, imm: k, imm2: e, imm3: 1, imm4: e });
      }
      if (((r.vec >> size) & 1) === 0 || (size === 3 && !q)) return undefined;
      return op(unary, name(r.name), w, { ...f, imm: k, imm2: e, imm3: width / e, imm4: width });
    }
  }
}

// ---- across lanes and scalar pairwise ------------------------------------------------

// imm = 0 ADDV, 1 ADDLV, 2 MAXV, 3 MINV; sf = 1 unsigned; imm2 = esize; imm3 = elements.
function acrossLanes(c: Cpu, o: Op): void {
  begin(c);
  const e = o.imm2, u = o.sf === 1;
  let r = el(c, o.rn, e, 0, u);
  for (let i = 1; i < o.imm3; i++) {
    const x = el(c, o.rn, e, i, u);
    r = o.imm <= 1 ? r + x : o.imm === 2 ? (x > r ? x : r) : x < r ? x : r;
  }
  const re = o.imm === 1 ? 2 * e : e;
  setEl(c, o.rd, re, 0, r);
  finish(c, o.rd, re);
}

function buildAcross(w: number): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 16, 12), q = bits(w, 30, 30);
  if (opcode === 0x0c || opcode === 0x0f) return null; // FMAXNMV, FMAXV, FMINNMV, FMINV
  const k = opcode === 0x1b && !u ? 0 : opcode === 0x03 ? 1 : opcode === 0x0a ? 2 : opcode === 0x1a ? 3 : -1;
  if (k < 0 || size === 3 || (size === 2 && !q)) return undefined;
  const nm = k === 0 ? 'ADDV' : (u ? 'U' : 'S') + ['', 'ADDLV', 'MAXV', 'MINV'][k];
  const e = 8 << size;
  return op(acrossLanes, nm, w, { ...regs(w), imm: k, sf: u, imm2: e, imm3: (q ? 128 : 64) / e });
}

// ADDP (scalar): D[d] = D[n][0] + D[n][1].
function addpScalar(c: Cpu, o: Op): void {
  begin(c);
  setEl(c, o.rd, 64, 0, elU(c, o.rn, 64, 0) + elU(c, o.rn, 64, 1));
  finish(c, o.rd, 64);
}

function buildPairwise(w: number): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 16, 12);
  if (opcode !== 0x1b || u) return null; // FP pairwise (FADDP, FMAXP, ...)
  return size === 3 ? op(addpScalar, 'ADDP (scalar)', w, regs(w)) : undefined;
}

export const miscEntries: InsnDef[] = [
  def('Advanced SIMD two-register miscellaneous (integer)', 'simd-int', '0xx01110xx10000xxxxx10xxxxxxxxxx', (w) => buildMisc(w, false)),
  def('Advanced SIMD scalar two-register miscellaneous (integer)', 'simd-int', '01x11110xx10000xxxxx10xxxxxxxxxx', (w) => buildMisc(w, true)),
  def('Advanced SIMD across lanes (integer)', 'simd-int', '0xx01110xx11000xxxxx10xxxxxxxxxx', buildAcross),
  def('Advanced SIMD scalar pairwise (integer)', 'simd-int', '01x11110xx11000xxxxx10xxxxxxxxxx', buildPairwise),
];
