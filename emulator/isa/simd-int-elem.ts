// Advanced SIMD vector x indexed element, scalar x indexed element, three-register extension
// and scalar three same extra, integer forms (Arm ARM C4.1.96; C7.2 pages of MUL (by
// element) ... SQRDMLAH, SDOT/UDOT (FEAT_DotProd), USDOT/SUDOT/SMMLA/UMMLA/USMMLA (FEAT_I8MM),
// SQRDMLAH/SQRDMLSH (FEAT_RDM)). The feature checks are decode-time UNDEFINED, so they come
// before the FP/SIMD trap check. FP and BFloat16 opcodes return null (the simd-fp room).

import type { Cpu, Op } from '../cpu.ts';
import type { Features } from '../features.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { begin, el, elS, finish, gated, R16, setEl, sSat } from './simd-int-lanes.ts';

/** a: Vn element, b: Vm element (indexed or not), e: esize, d: destination element (signed). */
type Fn = (a: bigint, b: bigint, e: number, d: bigint) => bigint;
interface Row { name: string; fn: Fn; long: boolean; unsigned: boolean; feat?: keyof Features }

/** SignedSatQ(2 * a * b, 2 * esize). */
const dbl = (a: bigint, b: bigint, e: number): bigint => sSat(2n * a * b, 2 * e);
const qdmulh = (round: boolean): Fn => (a, b, e) => sSat((2n * a * b + (round ? 1n << BigInt(e - 1) : 0n)) >> BigInt(e), e);
/** SQRDMLAH/SQRDMLSH: SignedSatQ(((d << esize) + round +/- 2*a*b) >> esize) (one saturation). */
const qrdmlah = (sub: boolean): Fn => (a, b, e, d) => {
  const p = 2n * a * b;
  return sSat(((d << BigInt(e)) + (1n << BigInt(e - 1)) + (sub ? -p : p)) >> BigInt(e), e);
};

const ROWS: Record<string, Row> = {
  MUL: { name: 'MUL', fn: (a, b) => a * b, long: false, unsigned: true },
  MLA: { name: 'MLA', fn: (a, b, _e, d) => d + a * b, long: false, unsigned: true },
  MLS: { name: 'MLS', fn: (a, b, _e, d) => d - a * b, long: false, unsigned: true },
  SQDMULH: { name: 'SQDMULH', fn: qdmulh(false), long: false, unsigned: false },
  SQRDMULH: { name: 'SQRDMULH', fn: qdmulh(true), long: false, unsigned: false },
  SQRDMLAH: { name: 'SQRDMLAH', fn: qrdmlah(false), long: false, unsigned: false, feat: 'rdm' },
  SQRDMLSH: { name: 'SQRDMLSH', fn: qrdmlah(true), long: false, unsigned: false, feat: 'rdm' },
  SMULL: { name: 'SMULL', fn: (a, b) => a * b, long: true, unsigned: false },
  UMULL: { name: 'UMULL', fn: (a, b) => a * b, long: true, unsigned: true },
  SMLAL: { name: 'SMLAL', fn: (a, b, _e, d) => d + a * b, long: true, unsigned: false },
  UMLAL: { name: 'UMLAL', fn: (a, b, _e, d) => d + a * b, long: true, unsigned: true },
  SMLSL: { name: 'SMLSL', fn: (a, b, _e, d) => d - a * b, long: true, unsigned: false },
  UMLSL: { name: 'UMLSL', fn: (a, b, _e, d) => d - a * b, long: true, unsigned: true },
  SQDMULL: { name: 'SQDMULL', fn: dbl, long: true, unsigned: false },
  SQDMLAL: { name: 'SQDMLAL', fn: (a, b, e, d) => sSat(d + dbl(a, b, e), 2 * e), long: true, unsigned: false },
  SQDMLSL: { name: 'SQDMLSL', fn: (a, b, e, d) => sSat(d - dbl(a, b, e), 2 * e), long: true, unsigned: false },
};
const NAMES = Object.keys(ROWS);
const ROW_LIST = NAMES.map((k) => ROWS[k]);
const DOTS = ['SDOT', 'UDOT', 'USDOT', 'SUDOT'] as const;

// Op: rd rn rm; imm = row; imm2 = esize; imm3 = index (-1: Vm element i); imm4 = elements;
// ra = part (long forms); sf = written width.
function byElement(c: Cpu, o: Op): void {
  begin(c);
  const r = ROW_LIST[o.imm], e = o.imm2, n = o.imm4, u = r.unsigned;
  const de = r.long ? 2 * e : e, base = r.long && n > 1 ? o.ra * n : 0;
  const b = o.imm3 >= 0 ? el(c, o.rm, e, o.imm3, u) : 0n;
  for (let i = 0; i < n; i++) {
    R16[i] = r.fn(el(c, o.rn, e, base + i, u), o.imm3 >= 0 ? b : el(c, o.rm, e, i, u), e, elS(c, o.rd, de, i));
  }
  for (let i = 0; i < n; i++) setEl(c, o.rd, de, i, R16[i]);
  finish(c, o.rd, o.sf);
}

// SDOT/UDOT/USDOT/SUDOT: imm = kind (DOTS); imm3 = 32-bit group index of Vm (-1: group i);
// imm4 = 32-bit lanes. Each lane adds the products of four byte pairs.
function dot(c: Cpu, o: Op): void {
  begin(c);
  const k = o.imm, un = k === 1 || k === 2, um = k === 1 || k === 3;
  for (let i = 0; i < o.imm4; i++) {
    const g = o.imm3 >= 0 ? o.imm3 : i;
    let s = el(c, o.rd, 32, i, true);
    for (let j = 0; j < 4; j++) s += el(c, o.rn, 8, 4 * i + j, un) * el(c, o.rm, 8, 4 * g + j, um);
    R16[i] = s;
  }
  for (let i = 0; i < o.imm4; i++) setEl(c, o.rd, 32, i, R16[i]);
  finish(c, o.rd, 32 * o.imm4);
}

// SMMLA/UMMLA/USMMLA (MatMulAdd): Vd (2x2 of 32 bits) += Vn (2x8 bytes) x Vm^T (8x2 bytes).
// imm = 0 SMMLA, 1 UMMLA, 2 USMMLA.
function mmla(c: Cpu, o: Op): void {
  begin(c);
  const un = o.imm !== 0, um = o.imm === 1;
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
    let s = el(c, o.rd, 32, 2 * i + j, true);
    for (let k = 0; k < 8; k++) s += el(c, o.rn, 8, 8 * i + k, un) * el(c, o.rm, 8, 8 * j + k, um);
    R16[2 * i + j] = s;
  }
  for (let i = 0; i < 4; i++) setEl(c, o.rd, 32, i, R16[i]);
  finish(c, o.rd, 128);
}

const has = (f: keyof Features) => (c: Cpu): boolean => c.features[f] as boolean;
const H_ELEM = byElement, H_RDM = gated(has('rdm'), byElement);
const H_DOT = gated(has('dotprod'), dot), H_I8DOT = gated(has('i8mm'), dot), H_MMLA = gated(has('i8mm'), mmla);

/** An element op (row name) on Vn x Vm[idx] or Vn x Vm; null: not this room's encoding. */
function elemOp(w: number, name: string, size: number, idx: number, rm: number, q: number, scalar: boolean): Op | undefined {
  if (size === 0 || size === 3) return undefined;
  const r = ROWS[name], e = 8 << size, f = { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm, imm: NAMES.indexOf(name), imm2: e, imm3: idx };
  const h = r.feat ? H_RDM : H_ELEM;
  const suffix = idx >= 0 ? ' (by element)' : ' (vector)';
  if (scalar) return op(h, `${r.name} (scalar${idx >= 0 ? ', by element' : ''})`, w, { ...f, imm4: 1, sf: r.long ? 2 * e : e });
  if (r.long) return op(h, r.name + (q ? '2' : '') + suffix, w, { ...f, imm4: 64 / e, ra: q, sf: 128 });
  return op(h, r.name + suffix, w, { ...f, imm4: (q ? 128 : 64) / e, sf: q ? 128 : 64 });
}

const BY_ELEM: Record<number, string> = {
  0x02: 'SMLAL', 0x03: 'SQDMLAL', 0x06: 'SMLSL', 0x07: 'SQDMLSL', 0x08: 'MUL', 0x0a: 'SMULL', 0x0b: 'SQDMULL', 0x0c: 'SQDMULH', 0x0d: 'SQRDMULH',
  0x10: 'MLA', 0x12: 'UMLAL', 0x14: 'MLS', 0x16: 'UMLSL', 0x1a: 'UMULL', 0x1d: 'SQRDMLAH', 0x1f: 'SQRDMLSH',
};
const SCALAR_BY_ELEM = new Set(['SQDMLAL', 'SQDMLSL', 'SQDMULL', 'SQDMULH', 'SQRDMULH', 'SQRDMLAH', 'SQRDMLSH']);
/** FP (and BFloat16) opcodes of the by-element groups, by U:opcode. */
const FP_BY_ELEM = new Set([0x00, 0x01, 0x04, 0x05, 0x09, 0x11, 0x13, 0x15, 0x17, 0x18, 0x19, 0x1c]);

function buildByElement(w: number, scalar: boolean): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 15, 12), q = bits(w, 30, 30);
  const key = (u << 4) | opcode, L = bits(w, 21, 21), M = bits(w, 20, 20), H = bits(w, 11, 11);
  if (FP_BY_ELEM.has(key) || (key === 0x0f && (size & 1) === 1)) return null;
  // size 01: index H:L:M with Vm in V0-V15; size 10: index H:L, Vm = M:Rm.
  const idx = size === 1 ? (H << 2) | (L << 1) | M : (H << 1) | L, rm = size === 1 ? bits(w, 19, 16) : bits(w, 20, 16);
  if (key === 0x0e || key === 0x1e || key === 0x0f) { // SDOT, UDOT, SUDOT (size 00) / USDOT (size 10)
    if (scalar) return undefined;
    const kind = key === 0x0e ? 0 : key === 0x1e ? 1 : size === 0 ? 3 : 2;
    if (kind <= 1 ? size !== 2 : size !== 0 && size !== 2) return undefined;
    return op(kind <= 1 ? H_DOT : H_I8DOT, `${DOTS[kind]} (by element)`, w,
      { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), imm: kind, imm3: (H << 1) | L, imm4: q ? 4 : 2 });
  }
  const name = BY_ELEM[key];
  if (!name || (scalar && !SCALAR_BY_ELEM.has(name))) return undefined;
  return elemOp(w, name, size, idx, rm, q, scalar);
}

function buildExtension(w: number): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 14, 11), q = bits(w, 30, 30);
  if (opcode >= 8) return null; // FCMLA, FCADD, BFDOT, BFMMLA, BFMLAL
  const f = { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16) };
  switch (opcode) {
    case 0: case 1: return u ? elemOp(w, opcode ? 'SQRDMLSH' : 'SQRDMLAH', size, -1, f.rm, q, false) : undefined;
    case 2: case 3:
      if (size !== 2 || (opcode === 3 && u)) return undefined;
      return op(opcode === 3 ? H_I8DOT : H_DOT, `${DOTS[opcode === 3 ? 2 : u]} (vector)`, w, { ...f, imm: opcode === 3 ? 2 : u, imm3: -1, imm4: q ? 4 : 2 });
    case 4: case 5:
      if (size !== 2 || !q || (opcode === 5 && u)) return undefined;
      return op(H_MMLA, ['SMMLA', 'UMMLA', 'USMMLA'][opcode === 5 ? 2 : u], w, { ...f, imm: opcode === 5 ? 2 : u });
    default: return undefined;
  }
}

function buildScalarExtra(w: number): Op | undefined | null {
  const u = bits(w, 29, 29), size = bits(w, 23, 22), opcode = bits(w, 14, 11);
  if (!u || opcode > 1) return undefined;
  return elemOp(w, opcode ? 'SQRDMLSH' : 'SQRDMLAH', size, -1, bits(w, 20, 16), 0, true);
}

export const elemEntries: InsnDef[] = [
  def('Advanced SIMD vector x indexed element (integer)', 'simd-int', '0xx01111xxxxxxxxxxxxx0xxxxxxxxxx', (w) => buildByElement(w, false)),
  def('Advanced SIMD scalar x indexed element (integer)', 'simd-int', '01x11111xxxxxxxxxxxxx0xxxxxxxxxx', (w) => buildByElement(w, true)),
  def('Advanced SIMD three-register extension (integer)', 'simd-int', '0xx01110xx0xxxxx1xxxx1xxxxxxxxxx', buildExtension),
  def('Advanced SIMD scalar three same extra', 'simd-int', '01x11110xx0xxxxx1xxxx1xxxxxxxxxx', buildScalarExtra),
];
