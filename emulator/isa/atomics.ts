// FEAT_LSE atomic memory operations (LDADD, LDCLR, LDEOR, LDSET, LD{S,U}{MAX,MIN}, SWP),
// compare-and-swap (CAS, CASP) and FEAT_LRCPC's LDAPR (Arm ARM C4.1.88, C6.2 pseudocode).
// A single PE is modelled, so each read-modify-write is naturally atomic. Atomics are always
// alignment-checked (no FEAT_LSE2 in the profiles the model presents).

import { R } from '../bits.ts';
import { ACC_EXCL, ACC_READ, ACC_WRITE, type Cpu, type Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { fieldValue32 } from '../arch/field.ts';
import { ISS_DABT } from '../arch/registers.ts';
import { bits, def, op, rsp, rz, wz, type InsnDef } from './common.ts';
import { pacDp1Entries } from '../pauth/insns.ts';
import { authWith, PacKey, slotValue } from '../pauth/pac-ops.ts';

const MASKS = [0xffn, 0xffffn, 0xffffffffn, 0xffffffffffffffffn];

function readAt(c: Cpu, lo: number, hi: number, sizeLog: number): bigint {
  c.accessSlow(lo, hi, 1 << sizeLog, ACC_READ | ACC_EXCL, 0, 0);
  return ((BigInt(R.hi >>> 0) << 32n) | BigInt(R.lo >>> 0)) & MASKS[sizeLog];
}

function writeAt(c: Cpu, lo: number, hi: number, sizeLog: number, v: bigint): void {
  c.accessSlow(lo, hi, 1 << sizeLog, ACC_WRITE | ACC_EXCL, Number(v & 0xffffffffn) | 0, Number((v >> 32n) & 0xffffffffn) | 0);
}

const signed = (v: bigint, sizeLog: number): bigint => BigInt.asIntN(8 << sizeLog, v);

// Op fields: rd = Rt slot (write, ZR sink when 31), rm = Rs slot, rn = base, imm3 = size log2, imm = opc (o3<<3 | opc).
function ldOp(c: Cpu, o: Op): void {
  if (!c.features.lse) undefinedInstruction(c);
  const lo = c.x[o.rn], hi = c.x[o.rn + 1];
  const sz = o.imm3;
  const mask = MASKS[sz];
  const s = ((BigInt(c.x[o.rm + 1] >>> 0) << 32n) | BigInt(c.x[o.rm] >>> 0)) & mask;
  // Write permission first: the access is a write for fault reporting (WnR=1).
  c.checkTranslation(lo, hi, ACC_WRITE | ACC_EXCL);
  const old = readAt(c, lo, hi, sz);
  let v: bigint;
  switch (o.imm) {
    case 0: v = (old + s) & mask; break; // LDADD
    case 1: v = old & ~s & mask; break; // LDCLR
    case 2: v = old ^ s; break; // LDEOR
    case 3: v = old | s; break; // LDSET
    case 4: v = signed(old, sz) >= signed(s, sz) ? old : s; break; // LDSMAX
    case 5: v = signed(old, sz) <= signed(s, sz) ? old : s; break; // LDSMIN
    case 6: v = old >= s ? old : s; break; // LDUMAX
    case 7: v = old <= s ? old : s; break; // LDUMIN
    default: v = s; break; // SWP
  }
  writeAt(c, lo, hi, sz, v);
  c.setX(o.rd >>> 1 === 33 ? 31 : o.rd >>> 1, old);
}

function ldapr(c: Cpu, o: Op): void {
  if (!c.features.lrcpc) undefinedInstruction(c);
  const v = readAt(c, c.x[o.rn], c.x[o.rn + 1], o.imm3);
  c.setX(o.rd >>> 1 === 33 ? 31 : o.rd >>> 1, v);
}

// CAS: rm = Rs slot (compare value, receives old), rd = Rt slot (new value), imm3 = size.
function cas(c: Cpu, o: Op): void {
  if (!c.features.lse) undefinedInstruction(c);
  const lo = c.x[o.rn], hi = c.x[o.rn + 1];
  const sz = o.imm3, mask = MASKS[sz];
  const cmp = c.getX(o.rm >>> 1 === 32 ? 31 : o.rm >>> 1) & mask;
  const nv = c.getX(o.rd >>> 1 === 32 ? 31 : o.rd >>> 1) & mask;
  c.checkTranslation(lo, hi, ACC_WRITE | ACC_EXCL);
  const old = readAt(c, lo, hi, sz);
  if (old === cmp) writeAt(c, lo, hi, sz, nv);
  if (o.rm >>> 1 !== 32) c.setX(o.rm >>> 1, old);
}

// CASP: pairs Rs:Rs+1 and Rt:Rt+1 (even registers), imm3 = element size (2 or 3).
function casp(c: Cpu, o: Op): void {
  if (!c.features.lse) undefinedInstruction(c);
  const lo = c.x[o.rn], hi = c.x[o.rn + 1];
  const sz = o.imm3, mask = MASKS[sz], esize = 1 << sz;
  const s = o.rm >>> 1, t = o.rd >>> 1;
  const get = (n: number): bigint => (n === 32 || n === 31 ? 0n : c.getX(n)) & mask;
  const cmp1 = get(s), cmp2 = get(s + 1), nv1 = get(t), nv2 = get(t + 1);
  // Alignment of the whole pair, then both halves translated for write before reading.
  if ((lo & (2 * esize - 1)) !== 0) c.accessSlow(lo, hi, 2 * esize, ACC_READ | ACC_EXCL, 0, 0);
  c.checkTranslation(lo, hi, ACC_WRITE | ACC_EXCL);
  const lo2 = (lo + esize) | 0, hi2 = (lo2 >>> 0) < (lo >>> 0) ? (hi + 1) | 0 : hi;
  const old1 = readAt(c, lo, hi, sz), old2 = readAt(c, lo2, hi2, sz);
  if (old1 === cmp1 && old2 === cmp2) {
    writeAt(c, lo, hi, sz, nv1);
    writeAt(c, lo2, hi2, sz, nv2);
  }
  if (s < 31) { c.setX(s, old1); c.setX(s + 1, old2); }
}

// FEAT_LRCPC2 LDAPUR*/STLUR* (C6.2, "load-acquire RCpc / store-release, unscaled immediate"):
// rn = base, imm = signed offset, imm3 = size log2, imm2 = opc (0 STLUR, 1 LDAPUR, 2 to X
// sign-extended, 3 to W sign-extended), rd = Rt slot. Ordered accesses: alignment-checked.
function rcpcUnscaled(c: Cpu, o: Op): void {
  if (!c.features.lrcpc2) undefinedInstruction(c);
  const s = (c.x[o.rn] >>> 0) + o.imm;
  const lo = s | 0, hi = (c.x[o.rn + 1] + Math.floor(s / 4294967296)) | 0;
  const rt = o.rd >>> 1 === 33 ? 31 : o.rd >>> 1;
  if (o.imm2 === 0) {
    writeAt(c, lo, hi, o.imm3, ((BigInt(c.x[o.rd + 1] >>> 0) << 32n) | BigInt(c.x[o.rd] >>> 0)) & MASKS[o.imm3]);
    return;
  }
  const v = readAt(c, lo, hi, o.imm3);
  if (o.imm2 === 1) c.setX(rt, v);
  else c.setX(rt, BigInt.asUintN(o.imm2 === 2 ? 64 : 32, signed(v, o.imm3)));
}

// FEAT_PAuth LDRAA/LDRAB (C6.2): a 64-bit load from AuthDA/AuthDB(Xn|SP, 0) + (imm10 << 3);
// the pre-index form writes that address back. imm = offset, imm2 = 1 writeback, imm4 = key B.
function ldra(c: Cpu, o: Op): void {
  if (!c.features.pauth) undefinedInstruction(c);
  const base = authWith(c, o.imm4 ? PacKey.DB : PacKey.DA, slotValue(c, o.rn), 0n);
  const lo = Number(base & 0xffffffffn) | 0, hi = Number(base >> 32n) | 0;
  const s = (lo >>> 0) + o.imm;
  const alo = s | 0, ahi = (hi + Math.floor(s / 4294967296)) | 0;
  c.accessSlow(alo, ahi, 8, ACC_READ, 0, 0);
  const vlo = R.lo, vhi = R.hi;
  if (o.imm2 === 1) { c.x[o.rn] = alo; c.x[o.rn + 1] = ahi; }
  if (o.rd >>> 1 !== 33) { c.x[o.rd] = vlo; c.x[o.rd + 1] = vhi; }
}

/** Rows that must come before the general load/store rows, which would claim them. */
export const rcpcPacEntries: InsnDef[] = [
  ...pacDp1Entries,
  def('LDAPUR/STLUR (FEAT_LRCPC2)', 'ldst', 'xx011001xx0xxxxxxxxx00xxxxxxxxxx', (w) => {
    const size = bits(w, 31, 30), opc = bits(w, 23, 22);
    if ((size === 3 && opc >= 2) || (size === 2 && opc === 3)) return undefined;
    const imm9 = bits(w, 20, 12);
    const names = ['STLUR', 'LDAPUR', 'LDAPURS', 'LDAPURS'];
    const sfx = size === 0 ? 'B' : size === 1 ? 'H' : size === 2 && opc === 2 ? 'W' : '';
    return op(rcpcUnscaled, names[opc] + sfx, w, {
      rn: rsp(bits(w, 9, 5)), imm: imm9 >= 256 ? imm9 - 512 : imm9, imm3: size, imm2: opc, rd: opc === 0 ? rz(bits(w, 4, 0)) : wz(bits(w, 4, 0)),
    });
  }),
  def('LDRAA/LDRAB (FEAT_PAuth)', 'pauth', '11111000xx1xxxxxxxxxx1xxxxxxxxxx', (w) => {
    const imm10 = (bits(w, 22, 22) << 9) | bits(w, 20, 12);
    const m = bits(w, 23, 23), wb = bits(w, 11, 11);
    // Without writeback a data abort taken to EL2 reports the syndrome (ISV, SAS = 64-bit, SRT,
    // SF), as QEMU 7.2 does for a single-register load.
    const iss = wb ? 0 : (fieldValue32(ISS_DABT.ISV, 1) | fieldValue32(ISS_DABT.SAS, 3) | fieldValue32(ISS_DABT.SRT, bits(w, 4, 0)) |
      fieldValue32(ISS_DABT.SF, 1)) >>> 0;
    return op(ldra, m ? 'LDRAB' : 'LDRAA', w, {
      rn: rsp(bits(w, 9, 5)), imm: (imm10 >= 512 ? imm10 - 1024 : imm10) * 8, imm2: wb, imm4: m, rd: wz(bits(w, 4, 0)), iss,
    });
  }),
];

const LD_NAMES = ['LDADD', 'LDCLR', 'LDEOR', 'LDSET', 'LDSMAX', 'LDSMIN', 'LDUMAX', 'LDUMIN'];
const SUFFIX = ['B', 'H', '', ''];

export const atomicEntries: InsnDef[] = [
  def('Atomic memory operations', 'atomic', 'xx111000xx1xxxxxxxxx00xxxxxxxxxx', (w) => {
    const size = bits(w, 31, 30), A = bits(w, 23, 23), Rr = bits(w, 22, 22), o3 = bits(w, 15, 15), opc = bits(w, 14, 12);
    const rt = bits(w, 4, 0), rs = bits(w, 20, 16);
    const base = { rn: rsp(bits(w, 9, 5)), imm3: size };
    if (o3 === 1 && opc === 4 && A === 1 && Rr === 0 && rs === 31) {
      return op(ldapr, 'LDAPR' + SUFFIX[size], w, { ...base, rd: wz(rt) });
    }
    if (o3 === 1 && opc !== 0) return undefined;
    const name = (o3 ? 'SWP' : LD_NAMES[opc]) + (A ? 'A' : '') + (Rr ? 'L' : '') + SUFFIX[size];
    return op(ldOp, name, w, { ...base, rd: wz(rt), rm: rz(rs), imm: o3 ? 8 : opc });
  }),
];

/** CAS/CASP live inside the "load/store exclusive" group; ldst.ts delegates here. */
export function decodeCas(w: number): Op | undefined {
  const size = bits(w, 31, 30), o2 = bits(w, 23, 23), L = bits(w, 22, 22), o1 = bits(w, 21, 21), o0 = bits(w, 15, 15);
  if (o1 !== 1 || bits(w, 14, 10) !== 31) return undefined;
  const rs = bits(w, 20, 16), rt = bits(w, 4, 0);
  const sfx = (L ? 'A' : '') + (o0 ? 'L' : '');
  if (o2 === 1) {
    return op(cas, 'CAS' + sfx + SUFFIX[size], w, { rn: rsp(bits(w, 9, 5)), imm3: size, rm: rz(rs), rd: rz(rt) });
  }
  if (size >= 2) return undefined;
  if ((rs & 1) !== 0 || (rt & 1) !== 0) return undefined; // CASP with an odd Rs or Rt is UNDEFINED
  return op(casp, 'CASP' + sfx, w, { rn: rsp(bits(w, 9, 5)), imm3: size === 0 ? 2 : 3, rm: 2 * rs, rd: 2 * rt });
}
