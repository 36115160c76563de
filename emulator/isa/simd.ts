// The SIMD&FP register file as hypervisors use it: loads and stores of B/H/S/D/Q registers
// (single, pair, literal), moves between general and SIMD&FP registers (FMOV, INS, UMOV,
// SMOV, DUP), register moves and bitwise vector ops (ORR/MOV, AND, BIC, ORN, EOR, BSL,
// BIT, BIF), MOVI/MVNI/ORR/BIC (immediate), each behind the FP/SIMD access traps
// (fp-access.ts). The arithmetic lives in its own rooms (fp-scalar*, simd-int*, simd-fp*,
// crypto*).
//
// V registers: Cpu.vreg is an Int32Array of 32 x 4 words (little-endian lanes, word 0 lowest).

import { R } from '../bits.ts';
import { ACC_READ, ACC_WRITE, type Cpu, type Handler, type Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { bits, def, op, rsp, rz, wz, type InsnDef } from './common.ts';
import { fp16QemuImitation, fpAccessCheck } from './fp-access.ts';

// ---- loads and stores ---------------------------------------------------------------
// Op fields: rd = Vt, ra = Vt2 (pairs), rn = base slot (doubled), imm = offset, imm2 = mode
// (0 offset, 1 post, 2 pre, 3 register, 4 literal), imm3 = size log2 (0..4), imm4 = 1 load.

const MODE_POST = 1, MODE_PRE = 2, MODE_REG = 3, MODE_LIT = 4;

function baseAddress(c: Cpu, o: Op): void {
  if (o.imm2 === MODE_LIT) {
    const s = (c.pcLo >>> 0) + o.imm;
    R.lo = s | 0;
    R.hi = (c.pcHi + Math.floor(s / 4294967296)) | 0;
    return;
  }
  const blo = c.x[o.rn], bhi = c.x[o.rn + 1];
  if (o.imm2 === MODE_POST) { R.lo = blo; R.hi = bhi; return; }
  let olo: number, ohi: number;
  if (o.imm2 === MODE_REG) {
    let lo = c.x[o.rm], hi = c.x[o.rm + 1];
    if (o.sf === 2) hi = 0; else if (o.sf === 6) hi = lo >> 31;
    const sh = o.imm;
    if (sh !== 0) { hi = (hi << sh) | (lo >>> (32 - sh)); lo <<= sh; }
    olo = lo; ohi = hi;
  } else { olo = o.imm; ohi = o.imm >> 31; }
  const s = (blo >>> 0) + (olo >>> 0);
  R.lo = s | 0;
  R.hi = (bhi + ohi + (s > 0xffffffff ? 1 : 0)) | 0;
}

function add(lo: number, hi: number, n: number): [number, number] {
  const s = (lo >>> 0) + n;
  return [s | 0, (hi + (s > 0xffffffff ? 1 : 0)) | 0];
}

/** A 16-byte access to Device memory must be 16-byte aligned (the 8-byte halves can't tell). */
function checkQuadAlignment(c: Cpu, lo: number, hi: number, acc: number): void {
  if ((lo & 15) === 0) return;
  if (c.hooks.translate(c, lo, hi, acc, 16).device) c.hooks.alignmentFault(c, lo, hi, acc);
}

function loadV(c: Cpu, t: number, lo: number, hi: number, sizeLog: number): void {
  const v = c.vreg, b = 4 * t;
  let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
  switch (sizeLog) {
    case 0: w0 = c.ld8(lo, hi); break;
    case 1: w0 = c.ld16(lo, hi); break;
    case 2: w0 = c.ld32(lo, hi); break;
    case 3: c.ld64(lo, hi); w0 = R.lo; w1 = R.hi; break;
    default: {
      checkQuadAlignment(c, lo, hi, ACC_READ);
      c.ld64(lo, hi); w0 = R.lo; w1 = R.hi;
      const [l2, h2] = add(lo, hi, 8);
      c.ld64(l2, h2); w2 = R.lo; w3 = R.hi;
      // Big-endian: the 16-byte element's low half is the doubleword at +8 (each half
      // already came back byte-reversed).
      if (c.dataBigEndian()) [w0, w1, w2, w3] = [w2, w3, w0, w1];
    }
  }
  v[b] = w0; v[b + 1] = w1; v[b + 2] = w2; v[b + 3] = w3;
}

function storeV(c: Cpu, t: number, lo: number, hi: number, sizeLog: number): void {
  const v = c.vreg, b = 4 * t;
  switch (sizeLog) {
    case 0: c.st8(lo, hi, v[b] & 0xff); break;
    case 1: c.st16(lo, hi, v[b] & 0xffff); break;
    case 2: c.st32(lo, hi, v[b]); break;
    case 3: c.st64(lo, hi, v[b], v[b + 1]); break;
    default: {
      checkQuadAlignment(c, lo, hi, ACC_WRITE);
      const be = c.dataBigEndian() ? 2 : 0; // big-endian: the high half goes first
      c.st64(lo, hi, v[b + be], v[b + be + 1]);
      const [l2, h2] = add(lo, hi, 8);
      c.st64(l2, h2, v[b + 2 - be], v[b + 3 - be]);
    }
  }
}

function writeback(c: Cpu, o: Op, lo: number, hi: number): void {
  if (o.imm2 === MODE_PRE) { c.x[o.rn] = lo; c.x[o.rn + 1] = hi; }
  else if (o.imm2 === MODE_POST) {
    const [l, h] = add(c.x[o.rn], c.x[o.rn + 1], o.imm >>> 0);
    c.x[o.rn] = l; c.x[o.rn + 1] = (h + (o.imm >> 31)) | 0;
  }
}

function ldstV(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  baseAddress(c, o);
  const lo = R.lo, hi = R.hi;
  if (o.imm4) loadV(c, o.rd, lo, hi, o.imm3); else storeV(c, o.rd, lo, hi, o.imm3);
  writeback(c, o, lo, hi);
}

function ldstPairV(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  baseAddress(c, o);
  const lo = R.lo, hi = R.hi;
  const [l2, h2] = add(lo, hi, 1 << o.imm3);
  if (o.imm4) {
    // Both loads complete before either register is written (a fault leaves both intact).
    const save = c.vreg.slice(4 * o.rd, 4 * o.rd + 4);
    loadV(c, o.rd, lo, hi, o.imm3);
    try { loadV(c, o.ra, l2, h2, o.imm3); } catch (e) { c.vreg.set(save, 4 * o.rd); throw e; }
  } else {
    storeV(c, o.rd, lo, hi, o.imm3);
    storeV(c, o.ra, l2, h2, o.imm3);
  }
  writeback(c, o, lo, hi);
}

/** Size log2 of a SIMD&FP single-register load/store from size:opc, or -1 if unallocated. */
function vSize(size: number, opc: number): number {
  if ((opc & 2) === 0) return size; // B/H/S/D
  return size === 0 ? 4 : -1; // Q (opc 1x with size 00)
}

function singleV(w: number, mode: number, immFor: (sizeLog: number) => number, extra: Partial<Op> = {}): Op | undefined {
  const sizeLog = vSize(bits(w, 31, 30), bits(w, 23, 22));
  if (sizeLog < 0) return undefined;
  const load = bits(w, 22, 22);
  return op(ldstV, (load ? 'LDR' : 'STR') + ` (SIMD&FP ${['B', 'H', 'S', 'D', 'Q'][sizeLog]})`, w, {
    rd: bits(w, 4, 0), rn: rsp(bits(w, 9, 5)), imm: immFor(sizeLog), imm2: mode, imm3: sizeLog, imm4: load, ...extra,
  });
}

function pairV(w: number, mode: number): Op | undefined {
  const opc = bits(w, 31, 30);
  if (opc === 3) return undefined;
  const sizeLog = 2 + opc;
  const L = bits(w, 22, 22);
  return op(ldstPairV, (L ? 'LDP' : 'STP') + ` (SIMD&FP ${['S', 'D', 'Q'][opc]})`, w, {
    rd: bits(w, 4, 0), ra: bits(w, 14, 10), rn: rsp(bits(w, 9, 5)), imm: ((bits(w, 21, 15) << 25) >> 25) << sizeLog,
    imm2: mode, imm3: sizeLog, imm4: L,
  });
}

const simm9 = (w: number): number => (bits(w, 20, 12) << 23) >> 23;

// ---- moves --------------------------------------------------------------------------

/** Zeroes V[n] above `bytes`. */
function clearAbove(c: Cpu, n: number, words: number): void {
  for (let i = words; i < 4; i++) c.vreg[4 * n + i] = 0;
}

/** The half-precision FMOV forms need FEAT_FP16 (C7.2 FMOV: HasFeat(FEAT_FP16)), checked before the FP trap. */
const needsFp16 = (h: Handler): Handler => (c, o) => {
  if (!c.features.fp16) undefinedInstruction(c);
  h(c, o);
};
const fmovGeneralH = needsFp16((c, o) => fmovGeneral(c, o));
const fmovRegH = needsFp16((c, o) => fmovReg(c, o));
const vimmH = needsFp16((c, o) => vimm(c, o));
const qemuFmovDouble = fp16QemuImitation('fmov-imm-o2-op1-runs-as-double', (c, o) => vimm(c, o));

// FMOV (general): imm = kind (see decode), rd/rn raw register numbers.
function fmovGeneral(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const x = c.x, v = c.vreg;
  switch (o.imm) {
    case 0: { const n = 4 * o.rn; x[o.rd] = v[n] & 0xffff; x[o.rd + 1] = 0; break; } // Wd/Xd <- Hn
    case 1: { v[4 * o.rd] = x[o.rn] & 0xffff; clearAbove(c, o.rd, 1); break; } // Hd <- Wn/Xn
    case 2: x[o.rd] = v[4 * o.rn]; x[o.rd + 1] = 0; break; // Wd <- Sn
    case 3: v[4 * o.rd] = x[o.rn]; clearAbove(c, o.rd, 1); break; // Sd <- Wn
    case 4: x[o.rd] = v[4 * o.rn]; x[o.rd + 1] = v[4 * o.rn + 1]; break; // Xd <- Dn
    case 5: v[4 * o.rd] = x[o.rn]; v[4 * o.rd + 1] = x[o.rn + 1]; clearAbove(c, o.rd, 2); break; // Dd <- Xn
    case 6: x[o.rd] = v[4 * o.rn + 2]; x[o.rd + 1] = v[4 * o.rn + 3]; break; // Xd <- Vn.D[1]
    default: v[4 * o.rd + 2] = x[o.rn]; v[4 * o.rd + 3] = x[o.rn + 1]; break; // Vd.D[1] <- Xn (lower kept)
  }
}

// FMOV (register): imm3 = words (1 S, 2 D, half: 0 with 16-bit mask).
function fmovReg(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn;
  const w0 = o.imm3 === 0 ? v[n] & 0xffff : v[n], w1 = o.imm3 === 2 ? v[n + 1] : 0;
  v[d] = w0; v[d + 1] = w1; v[d + 2] = 0; v[d + 3] = 0;
}

// Vector bitwise (three same): imm = (U << 2) | size, sf = Q.
function vlogic(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const words = o.sf ? 4 : 2;
  for (let i = 0; i < words; i++) {
    const a = v[n + i], b = v[m + i], dd = v[d + i];
    let r: number;
    switch (o.imm) {
      case 0: r = a & b; break; // AND
      case 1: r = a & ~b; break; // BIC
      case 2: r = a | b; break; // ORR (MOV when Rn == Rm)
      case 3: r = a | ~b; break; // ORN
      case 4: r = a ^ b; break; // EOR
      case 5: r = (dd & a) | (~dd & b); break; // BSL
      case 6: r = (b & a) | (~b & dd); break; // BIT
      default: r = (~b & a) | (b & dd); break; // BIF
    }
    v[d + i] = r;
  }
  if (!o.sf) clearAbove(c, o.rd, 2);
}

// VFPExpandImm (shared/functions/float/vfpexpandimm): imm8 = a:b:cdefgh to
// a:NOT(b):Replicate(b):cdefgh:Zeros for each width; the double's high word (its low one is 0).
function vfpExpandImm16(imm8: number): number {
  const a = (imm8 >> 7) & 1, b = (imm8 >> 6) & 1;
  return (a << 15) | ((b ^ 1) << 14) | ((b ? 3 : 0) << 12) | ((imm8 & 0x3f) << 6);
}
function vfpExpandImm32(imm8: number): number {
  const a = (imm8 >> 7) & 1, b = (imm8 >> 6) & 1;
  return ((a << 31) | ((b ^ 1) << 30) | ((b ? 0x1f : 0) << 25) | ((imm8 & 0x3f) << 19)) | 0;
}
function vfpExpandImm64Hi(imm8: number): number {
  const a = (imm8 >> 7) & 1, b = (imm8 >> 6) & 1;
  return ((a << 31) | ((b ^ 1) << 30) | ((b ? 0xff : 0) << 22) | ((imm8 & 0x3f) << 16)) | 0;
}

/** AdvSIMDExpandImm (C6.2 shared pseudocode): 64-bit immediate as [lo, hi] words. */
function expandImm(op1: number, cmode: number, imm8: number): [number, number] | undefined {
  const rep32 = (x: number): [number, number] => [x | 0, x | 0];
  const rep16 = (x: number): [number, number] => rep32(((x & 0xffff) << 16) | (x & 0xffff));
  switch (cmode >> 1) {
    case 0: return rep32(imm8);
    case 1: return rep32(imm8 << 8);
    case 2: return rep32(imm8 << 16);
    case 3: return rep32(imm8 << 24);
    case 4: return rep16(imm8);
    case 5: return rep16(imm8 << 8);
    case 6: return rep32((cmode & 1) === 0 ? (imm8 << 8) | 0xff : (imm8 << 16) | 0xffff);
    default:
      if ((cmode & 1) === 0 && op1 === 0) { const b = imm8 & 0xff; return rep32(b | (b << 8) | (b << 16) | (b << 24)); }
      if ((cmode & 1) === 0 && op1 === 1) {
        let lo = 0, hi = 0;
        for (let i = 0; i < 8; i++) {
          const byte = (imm8 >> i) & 1 ? 0xff : 0;
          if (i < 4) lo |= byte << (8 * i); else hi |= byte << (8 * (i - 4));
        }
        return [lo | 0, hi | 0];
      }
      // FMOV (vector, immediate) single precision, then double precision (op=1, cmode=1111, Q=1).
      if ((cmode & 1) === 1 && op1 === 0) return rep32(vfpExpandImm32(imm8));
      return [0, vfpExpandImm64Hi(imm8)];
  }
}

// MOVI/MVNI/ORR/BIC (vector, immediate): imm/imm2 = expanded lo/hi, imm3 = 0 MOVI, 1 MVNI, 2 ORR, 3 BIC; sf = Q.
function vimm(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const v = c.vreg, d = 4 * o.rd;
  const words = o.sf ? 4 : 2;
  for (let i = 0; i < words; i++) {
    const k = i & 1 ? o.imm2 : o.imm; // (scalar FMOV: imm2 already holds the high word)
    switch (o.imm3) {
      case 0: v[d + i] = k; break;
      case 1: v[d + i] = ~k; break;
      case 2: v[d + i] |= k; break;
      default: v[d + i] &= ~k; break;
    }
  }
  if (!o.sf) clearAbove(c, o.rd, 2);
}

/** Element size log2 and index from imm5 (lowest set bit selects the size). */
function elem(imm5: number): [number, number] | undefined {
  for (let s = 0; s < 4; s++) if ((imm5 >> s) & 1) return [s, imm5 >> (s + 1)];
  return undefined;
}

function getElem(c: Cpu, n: number, size: number, idx: number): [number, number] {
  const v = c.vreg, b = 4 * n;
  const bitOff = idx << (3 + size);
  const word = bitOff >>> 5;
  if (size === 3) return [v[b + word], v[b + word + 1]];
  const w = v[b + word] >>> (bitOff & 31);
  return [size === 2 ? w | 0 : w & ((1 << (8 << size)) - 1), 0];
}

function setElem(c: Cpu, d: number, size: number, idx: number, lo: number, hi: number): void {
  const v = c.vreg, b = 4 * d;
  const bitOff = idx << (3 + size);
  const word = bitOff >>> 5;
  if (size === 3) { v[b + word] = lo; v[b + word + 1] = hi; return; }
  if (size === 2) { v[b + word] = lo; return; }
  const mask = ((1 << (8 << size)) - 1) << (bitOff & 31);
  v[b + word] = (v[b + word] & ~mask) | ((lo << (bitOff & 31)) & mask);
}

// UMOV/SMOV: imm = size, imm2 = index, imm3 = 1 signed, sf = 64-bit destination.
function umov(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  let [lo, hi] = getElem(c, o.rn, o.imm, o.imm2);
  if (o.imm3) {
    const bitsz = 8 << o.imm;
    lo = (lo << (32 - bitsz)) >> (32 - bitsz);
    hi = o.sf ? lo >> 31 : 0;
    if (!o.sf) lo = lo | 0;
  }
  c.x[o.rd] = lo;
  c.x[o.rd + 1] = o.sf ? hi : 0;
}

// INS (general): imm = size, imm2 = index.
function insGeneral(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  setElem(c, o.rd, o.imm, o.imm2, c.x[o.rn], c.x[o.rn + 1]);
}

// INS (element): imm = size, imm2 = dst index, imm3 = src index.
function insElement(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const [lo, hi] = getElem(c, o.rn, o.imm, o.imm3);
  setElem(c, o.rd, o.imm, o.imm2, lo, hi);
}

// DUP (general / element): imm = size, imm2 = element index (element form), imm3 = 1 element form, sf = Q.
function dup(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const [lo, hi] = o.imm3 ? getElem(c, o.rn, o.imm, o.imm2) : [c.x[o.rn], c.x[o.rn + 1]];
  const lanes = (o.sf ? 16 : 8) >> o.imm;
  for (let i = 0; i < lanes; i++) setElem(c, o.rd, o.imm, i, lo, hi);
  if (!o.sf) clearAbove(c, o.rd, 2);
}

export const simdEntries: InsnDef[] = [
  def('LDR/STR (SIMD&FP, unsigned immediate)', 'simd-ldst', 'xx111101xxxxxxxxxxxxxxxxxxxxxxxx', (w) =>
    singleV(w, 0, (s) => bits(w, 21, 10) << s)),
  def('LDUR/STUR (SIMD&FP)', 'simd-ldst', 'xx111100xx0xxxxxxxxx00xxxxxxxxxx', (w) => singleV(w, 0, () => simm9(w))),
  def('LDR/STR (SIMD&FP, post-index)', 'simd-ldst', 'xx111100xx0xxxxxxxxx01xxxxxxxxxx', (w) => singleV(w, MODE_POST, () => simm9(w))),
  def('LDR/STR (SIMD&FP, pre-index)', 'simd-ldst', 'xx111100xx0xxxxxxxxx11xxxxxxxxxx', (w) => singleV(w, MODE_PRE, () => simm9(w))),
  def('LDR/STR (SIMD&FP, register offset)', 'simd-ldst', 'xx111100xx1xxxxxxxxx10xxxxxxxxxx', (w) => {
    const option = bits(w, 15, 13);
    if ((option & 2) === 0) return undefined;
    return singleV(w, MODE_REG, (s) => (bits(w, 12, 12) ? s : 0), { rm: rz(bits(w, 20, 16)), sf: option });
  }),
  def('LDR (SIMD&FP, literal)', 'simd-ldst', 'xx011100xxxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const opc = bits(w, 31, 30);
    if (opc === 3) return undefined;
    return op(ldstV, `LDR (literal, SIMD&FP ${['S', 'D', 'Q'][opc]})`, w, {
      rd: bits(w, 4, 0), imm: ((bits(w, 23, 5) << 13) >> 13) * 4, imm2: MODE_LIT, imm3: 2 + opc, imm4: 1,
    });
  }),
  def('LDNP/STNP (SIMD&FP)', 'simd-ldst', 'xx1011000xxxxxxxxxxxxxxxxxxxxxxx', (w) => pairV(w, 0)),
  def('LDP/STP (SIMD&FP, post-index)', 'simd-ldst', 'xx1011001xxxxxxxxxxxxxxxxxxxxxxx', (w) => pairV(w, MODE_POST)),
  def('LDP/STP (SIMD&FP, offset)', 'simd-ldst', 'xx1011010xxxxxxxxxxxxxxxxxxxxxxx', (w) => pairV(w, 0)),
  def('LDP/STP (SIMD&FP, pre-index)', 'simd-ldst', 'xx1011011xxxxxxxxxxxxxxxxxxxxxxx', (w) => pairV(w, MODE_PRE)),
  def('FMOV (general)', 'simd-move', 'x0011110xx1xx11x000000xxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), ftype = bits(w, 23, 22), rmode = bits(w, 20, 19), opcode = bits(w, 18, 16);
    const toV = opcode === 7;
    let kind: number;
    if (ftype === 3 && rmode === 0) kind = toV ? 1 : 0;
    else if (sf === 0 && ftype === 0 && rmode === 0) kind = toV ? 3 : 2;
    else if (sf === 1 && ftype === 1 && rmode === 0) kind = toV ? 5 : 4;
    else if (sf === 1 && ftype === 2 && rmode === 1) kind = toV ? 7 : 6;
    else return null; // FJCVTZS (opcode 110) or unallocated: fp-scalar.ts decides
    const rdF = bits(w, 4, 0), rnF = bits(w, 9, 5);
    return op(kind <= 1 ? fmovGeneralH : fmovGeneral, 'FMOV (general)', w, toV ? { imm: kind, rd: rdF, rn: rz(rnF) } : { imm: kind, rd: wz(rdF), rn: rnF });
  }),
  def('FMOV (register)', 'simd-move', '00011110xx100000010000xxxxxxxxxx', (w) => {
    const ftype = bits(w, 23, 22);
    if (ftype === 2) return undefined;
    return op(ftype === 3 ? fmovRegH : fmovReg, 'FMOV (register)', w, { rd: bits(w, 4, 0), rn: bits(w, 9, 5), imm3: ftype === 0 ? 1 : ftype === 1 ? 2 : 0 });
  }),
  def('FMOV (scalar, immediate)', 'simd-move', '00011110xx1xxxxxxxx10000000xxxxx', (w) => {
    const ftype = bits(w, 23, 22), imm8 = bits(w, 20, 13);
    if (ftype === 2) return undefined;
    const lo = ftype === 0 ? vfpExpandImm32(imm8) : ftype === 3 ? vfpExpandImm16(imm8) : 0;
    const hi = ftype === 1 ? vfpExpandImm64Hi(imm8) : 0;
    return op(ftype === 3 ? vimmH : vimm, 'FMOV (scalar, immediate)', w, { rd: bits(w, 4, 0), imm: lo, imm2: hi, imm3: 0, sf: 0, imm4: 1 });
  }),
  def('Vector bitwise (three same)', 'simd-move', '0xx01110xx1xxxxx000111xxxxxxxxxx', (w) =>
    op(vlogic, ['AND', 'BIC', 'ORR', 'ORN', 'EOR', 'BSL', 'BIT', 'BIF'][(bits(w, 29, 29) << 2) | bits(w, 23, 22)] + ' (vector)', w, {
      rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), imm: (bits(w, 29, 29) << 2) | bits(w, 23, 22), sf: bits(w, 30, 30),
    })),
  def('Vector modified immediate', 'simd-move', '0xx0111100000xxxxxxxx1xxxxxxxxxx', (w) => {
    const Q = bits(w, 30, 30), op1 = bits(w, 29, 29), cmode = bits(w, 15, 12);
    const imm8 = (bits(w, 18, 16) << 5) | bits(w, 9, 5);
    if (bits(w, 11, 11) === 1) {
      // o2 = 1: only FMOV (vector, immediate) half precision (cmode = 1111, op = 0; FEAT_FP16).
      if (cmode !== 15) return undefined;
      if (op1 === 1) {
        // Unallocated. QEMU 7.2 (with FEAT_FP16) ignores o2 and runs the double-precision FMOV
        // (fmov-imm-o2-op1-runs-as-double); the model does only when following QEMU.
        const e = expandImm(1, 15, imm8)!;
        return op(qemuFmovDouble, 'FMOV (vector, immediate) (o2 = 1, op = 1)', w, { rd: bits(w, 4, 0), imm: e[0], imm2: e[1], imm3: 0, sf: Q });
      }
      const h = vfpExpandImm16(imm8), pair = (h | (h << 16)) | 0;
      return op(vimmH, 'FMOV (vector, immediate, half)', w, { rd: bits(w, 4, 0), imm: pair, imm2: pair, imm3: 0, sf: Q });
    }
    if (cmode === 15 && op1 === 1 && Q === 0) return undefined;
    const e = expandImm(op1, cmode, imm8);
    if (!e) return undefined;
    // Which operation: MOVI, MVNI, ORR or BIC, from cmode and op (C4.1.93 table).
    let kind: number;
    if (cmode >= 14 || (cmode & 0xc) === 0xc) kind = op1 && cmode < 14 ? 1 : 0;
    else if ((cmode & 1) === 1) kind = op1 ? 3 : 2;
    else kind = op1 ? 1 : 0;
    return op(vimm, ['MOVI', 'MVNI', 'ORR (vector, imm)', 'BIC (vector, imm)'][kind], w, {
      rd: bits(w, 4, 0), imm: e[0], imm2: e[1], imm3: kind, sf: Q,
    });
  }),
  def('UMOV/SMOV/INS/DUP', 'simd-move', '0xx01110000xxxxx0xxxx1xxxxxxxxxx', (w) => {
    const Q = bits(w, 30, 30), opB = bits(w, 29, 29), imm5 = bits(w, 20, 16), imm4 = bits(w, 14, 11);
    const e = elem(imm5);
    if (!e) return undefined;
    const [size, idx] = e;
    const rd = bits(w, 4, 0), rn = bits(w, 9, 5);
    if (opB === 1) {
      if (Q === 0) return undefined;
      return op(insElement, 'INS (element)', w, { rd, rn, imm: size, imm2: idx, imm3: imm4 >> size });
    }
    switch (imm4) {
      case 0: if (size === 3 && Q === 0) return undefined;
        return op(dup, 'DUP (element)', w, { rd, rn, imm: size, imm2: idx, imm3: 1, sf: Q });
      case 1: if (size === 3 && Q === 0) return undefined;
        return op(dup, 'DUP (general)', w, { rd, rn: rz(rn), imm: size, sf: Q });
      case 3: if (Q === 0) return undefined;
        return op(insGeneral, 'INS (general)', w, { rd, rn: rz(rn), imm: size, imm2: idx });
      case 5: if ((Q === 0 && size >= 2) || (Q === 1 && size === 3)) return undefined;
        return op(umov, 'SMOV', w, { rd: wz(rd), rn, imm: size, imm2: idx, imm3: 1, sf: Q });
      case 7: if ((Q === 1) !== (size === 3)) return undefined;
        return op(umov, 'UMOV', w, { rd: wz(rd), rn, imm: size, imm2: idx, sf: Q });
      default: return undefined;
    }
  }),
];
