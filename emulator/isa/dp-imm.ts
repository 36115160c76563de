// Data processing (immediate): PC-relative addressing, add/subtract, logical, move wide,
// bitfield, extract (Arm ARM C4.1.86).

import { R, ror32, ror64 } from '../bits.ts';
import type { Cpu, Handler, Op } from '../cpu.ts';
import {
  addWithCarry32, addWithCarry64, bits, decodeBitMasks, def, hi32, lo32, logicFlags32, logicFlags64, op, rsp, rz,
  wz, type InsnDef,
} from './common.ts';

function adr(c: Cpu, o: Op): void {
  // imm holds the offset's low 32 bits, imm2 its sign (high word), imm3=1 for ADRP.
  let baseLo = c.pcLo;
  if (o.imm3) baseLo &= ~0xfff;
  const s = (baseLo >>> 0) + (o.imm >>> 0);
  c.x[o.rd] = s | 0;
  c.x[o.rd + 1] = (c.pcHi + o.imm2 + (s > 0xffffffff ? 1 : 0)) | 0;
}

export function addImm64(c: Cpu, o: Op): void {
  const x = c.x;
  const s = (x[o.rn] >>> 0) + o.imm;
  const hi = x[o.rn + 1] + (s > 0xffffffff ? 1 : 0);
  x[o.rd] = s | 0;
  x[o.rd + 1] = hi | 0;
}

export function subImm64(c: Cpu, o: Op): void {
  const x = c.x;
  const a = x[o.rn] >>> 0;
  const hi = x[o.rn + 1] - (a < o.imm ? 1 : 0);
  x[o.rd] = (a - o.imm) | 0;
  x[o.rd + 1] = hi | 0;
}

export function addImm32(c: Cpu, o: Op): void {
  c.x[o.rd] = (c.x[o.rn] + o.imm) | 0;
  c.x[o.rd + 1] = 0;
}

export function subImm32(c: Cpu, o: Op): void {
  c.x[o.rd] = (c.x[o.rn] - o.imm) | 0;
  c.x[o.rd + 1] = 0;
}

export function addsImm(c: Cpu, o: Op): void {
  if (o.sf) addWithCarry64(c, c.x[o.rn], c.x[o.rn + 1], o.imm, 0, 0, o.rd, true);
  else addWithCarry32(c, c.x[o.rn], o.imm, 0, o.rd, true);
}

export function subsImm(c: Cpu, o: Op): void {
  if (o.sf) addWithCarry64(c, c.x[o.rn], c.x[o.rn + 1], ~o.imm, -1, 1, o.rd, true);
  else addWithCarry32(c, c.x[o.rn], ~o.imm, 1, o.rd, true);
}

// Logical immediate: imm/imm2 = the 64-bit mask halves; imm3 = opc (0 AND, 1 ORR, 2 EOR, 3 ANDS).
export function logImm(c: Cpu, o: Op): void {
  const x = c.x;
  let lo = x[o.rn], hi = o.sf ? x[o.rn + 1] : 0;
  switch (o.imm3) {
    case 0: case 3: lo &= o.imm; hi &= o.imm2; break;
    case 1: lo |= o.imm; hi |= o.imm2; break;
    default: lo ^= o.imm; hi ^= o.imm2; break;
  }
  if (o.imm3 === 3) {
    if (o.sf) logicFlags64(c, lo, hi);
    else logicFlags32(c, lo);
  }
  x[o.rd] = lo;
  x[o.rd + 1] = o.sf ? hi : 0;
}

export function movImm(c: Cpu, o: Op): void {
  c.x[o.rd] = o.imm;
  c.x[o.rd + 1] = o.imm2;
}

// MOVK: imm = 16-bit value, imm2 = shift (0,16,32,48).
export function movk(c: Cpu, o: Op): void {
  const x = c.x;
  const sh = o.imm2;
  if (sh < 32) x[o.rd] = (x[o.rd] & ~(0xffff << sh)) | (o.imm << sh);
  else x[o.rd + 1] = (x[o.rd + 1] & ~(0xffff << (sh - 32))) | (o.imm << (sh - 32));
  if (!o.sf) x[o.rd + 1] = 0;
}

// Bitfield (BFM/SBFM/UBFM), Arm ARM C6.2 pseudocode. imm/imm2 = wmask halves,
// imm3/imm4 = tmask halves, ra = opc (0 SBFM, 1 BFM, 2 UBFM), rm = immr, rm2 = imms.
export function bitfield(c: Cpu, o: Op): void {
  const x = c.x;
  const opc = o.ra; // 0 SBFM, 1 BFM, 2 UBFM
  const r = o.rm;
  if (o.sf) {
    const srcLo = x[o.rn], srcHi = x[o.rn + 1];
    ror64(srcLo, srcHi, r);
    const botLo0 = R.lo & o.imm, botHi0 = R.hi & o.imm2;
    let botLo = botLo0, botHi = botHi0;
    const dstLo = x[o.rd], dstHi = x[o.rd + 1];
    if (opc === 1) {
      botLo = (dstLo & ~o.imm) | botLo0;
      botHi = (dstHi & ~o.imm2) | botHi0;
    }
    let topLo: number, topHi: number;
    if (opc === 0) {
      const sign = o.rm2 < 32 ? (srcLo >>> o.rm2) & 1 : (srcHi >>> (o.rm2 - 32)) & 1;
      topLo = topHi = sign ? -1 : 0;
    } else if (opc === 1) {
      topLo = dstLo; topHi = dstHi;
    } else {
      topLo = topHi = 0;
    }
    x[o.rd] = (topLo & ~o.imm3) | (botLo & o.imm3);
    x[o.rd + 1] = (topHi & ~o.imm4) | (botHi & o.imm4);
  } else {
    const src = x[o.rn];
    const dst = x[o.rd];
    let bot = ror32(src, r) & o.imm;
    if (opc === 1) bot = (dst & ~o.imm) | bot;
    const top = opc === 0 ? ((src >>> o.rm2) & 1 ? -1 : 0) : opc === 1 ? dst : 0;
    x[o.rd] = (top & ~o.imm3) | (bot & o.imm3);
    x[o.rd + 1] = 0;
  }
}

// EXTR: Rd = (Rn:Rm) >> lsb. imm = lsb.
export function extr(c: Cpu, o: Op): void {
  const x = c.x;
  const lsb = o.imm;
  if (o.sf) {
    const nlo = x[o.rn], nhi = x[o.rn + 1], mlo = x[o.rm], mhi = x[o.rm + 1];
    let lo: number, hi: number;
    if (lsb === 0) { lo = mlo; hi = mhi; }
    else if (lsb < 32) { lo = (mlo >>> lsb) | (mhi << (32 - lsb)); hi = (mhi >>> lsb) | (nlo << (32 - lsb)); }
    else if (lsb === 32) { lo = mhi; hi = nlo; }
    else { const k = lsb - 32; lo = (mhi >>> k) | (nlo << (32 - k)); hi = (nlo >>> k) | (nhi << (32 - k)); }
    x[o.rd] = lo; x[o.rd + 1] = hi;
  } else {
    const n = x[o.rn], m = x[o.rm];
    x[o.rd] = lsb === 0 ? m : (m >>> lsb) | (n << (32 - lsb));
    x[o.rd + 1] = 0;
  }
}

/**
 * Handlers that only read and write general registers and NZCV and never take an exception
 * (block-translator.ts runs them back to back); ADR/ADRP also read the PC.
 */
export const dpImmStraightLine: readonly Handler[] = [
  addImm64, subImm64, addImm32, subImm32, addsImm, subsImm, logImm, movImm, movk, bitfield, extr,
];
export const dpImmReadsPc: readonly Handler[] = [adr];

export const dpImmEntries: InsnDef[] = [
  def('ADR', 'dp-imm', '0xx10000 xxxxxxxxxxxxxxxxxxx xxxxx', (w) => adrOp(w, false)),
  def('ADRP', 'dp-imm', '1xx10000 xxxxxxxxxxxxxxxxxxx xxxxx', (w) => adrOp(w, true)),
  def('ADD/SUB (immediate)', 'dp-imm', 'xxx100010xxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), isSub = bits(w, 30, 30), S = bits(w, 29, 29);
    const imm = bits(w, 21, 10) << (bits(w, 22, 22) ? 12 : 0);
    const rn = rsp(bits(w, 9, 5));
    const rd = S ? wz(bits(w, 4, 0)) : rsp(bits(w, 4, 0));
    const name = (isSub ? 'SUB' : 'ADD') + (S ? 'S' : '');
    const h = S ? (isSub ? subsImm : addsImm) : sf ? (isSub ? subImm64 : addImm64) : (isSub ? subImm32 : addImm32);
    return op(h, name, w, { sf, rd, rn, imm });
  }),
  def('Logical (immediate)', 'dp-imm', 'xxx100100xxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opc = bits(w, 30, 29), N = bits(w, 22, 22);
    if (!sf && N) return undefined;
    const m = decodeBitMasks(N, bits(w, 15, 10), bits(w, 21, 16), true, sf ? 64 : 32);
    if (!m) return undefined;
    const rd = opc === 3 ? wz(bits(w, 4, 0)) : rsp(bits(w, 4, 0));
    return op(logImm, ['AND', 'ORR', 'EOR', 'ANDS'][opc], w, {
      sf, rd, rn: rz(bits(w, 9, 5)), imm: lo32(m[0]), imm2: sf ? hi32(m[0]) : 0, imm3: opc,
    });
  }),
  def('Move wide (immediate)', 'dp-imm', 'xxx100101xxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opc = bits(w, 30, 29), hw = bits(w, 22, 21);
    if (opc === 1 || (!sf && hw >= 2)) return undefined;
    const imm16 = bits(w, 20, 5);
    const rd = wz(bits(w, 4, 0));
    if (opc === 3) return op(movk, 'MOVK', w, { sf, rd, imm: imm16, imm2: hw * 16 });
    let v = BigInt(imm16) << BigInt(hw * 16);
    if (opc === 0) v = ~v; // MOVN
    if (!sf) v &= 0xffffffffn;
    v = BigInt.asUintN(64, v);
    return op(movImm, opc === 0 ? 'MOVN' : 'MOVZ', w, { sf, rd, imm: lo32(v), imm2: hi32(v) });
  }),
  def('Bitfield', 'dp-imm', 'xxx100110xxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opc = bits(w, 30, 29), N = bits(w, 22, 22);
    const immr = bits(w, 21, 16), imms = bits(w, 15, 10);
    if (opc === 3 || N !== sf) return undefined;
    if (!sf && (immr >= 32 || imms >= 32)) return undefined;
    const m = decodeBitMasks(N, imms, immr, false, sf ? 64 : 32);
    if (!m) return undefined;
    return op(bitfield, ['SBFM', 'BFM', 'UBFM'][opc], w, {
      sf, rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), ra: opc, rm: immr, rm2: imms,
      imm: lo32(m[0]), imm2: sf ? hi32(m[0]) : 0, imm3: lo32(m[1]), imm4: sf ? hi32(m[1]) : 0,
    });
  }),
  def('EXTR', 'dp-imm', 'x00100111x0xxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), N = bits(w, 22, 22), imms = bits(w, 15, 10);
    if (N !== sf || (!sf && imms >= 32)) return undefined;
    return op(extr, 'EXTR', w, { sf, rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)), imm: imms });
  }),
];

function adrOp(w: number, page: boolean): ReturnType<typeof op> {
  const immlo = bits(w, 30, 29), immhi = bits(w, 23, 5);
  let imm = BigInt.asIntN(21, BigInt((immhi << 2) | immlo));
  if (page) imm <<= 12n;
  const v = BigInt.asUintN(64, imm);
  return op(adr, page ? 'ADRP' : 'ADR', w, { rd: wz(bits(w, 4, 0)), imm: lo32(v), imm2: hi32(v), imm3: page ? 1 : 0 });
}
