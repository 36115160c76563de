// Data processing (register): logical and add/subtract (shifted, extended), with carry,
// conditional compare and select, one-, two- and three-source (Arm ARM C4.1.87).

import { asr64, clz32, fromBig, lsl64, lsr64, mul64, R, rbit32, rev16w, rev32, ror32, ror64, toBig, toBigSigned } from '../bits.ts';
import type { Cpu, Handler, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { addPacGa, setSlot, slotValue } from '../pauth/pac-ops.ts';
import {
  addWithCarry32, addWithCarry64, bits, condHolds, def, logicFlags32, logicFlags64, op, rsp, rz, wz, type InsnDef,
} from './common.ts';

/** ShiftReg: operand Rm shifted by type (0 LSL, 1 LSR, 2 ASR, 3 ROR) into R. */
function shifted(c: Cpu, m: number, type: number, amt: number, sf: number): void {
  const lo = c.x[m], hi = c.x[m + 1];
  if (sf) {
    switch (type) {
      case 0: lsl64(lo, hi, amt); break;
      case 1: lsr64(lo, hi, amt); break;
      case 2: asr64(lo, hi, amt); break;
      default: ror64(lo, hi, amt); break;
    }
  } else {
    R.hi = 0;
    switch (type) {
      case 0: R.lo = amt === 0 ? lo : lo << amt; break;
      case 1: R.lo = amt === 0 ? lo : (lo >>> amt) | 0; break;
      case 2: R.lo = lo >> amt; break;
      default: R.lo = ror32(lo, amt); break;
    }
  }
}

// Logical shifted: imm = shift amount, imm2 = shift type, imm3 = opc, ra = N (invert).
export function logReg(c: Cpu, o: Op): void {
  const x = c.x;
  let blo: number, bhi: number;
  if (o.imm === 0) { blo = x[o.rm]; bhi = x[o.rm + 1]; }
  else { shifted(c, o.rm, o.imm2, o.imm, o.sf); blo = R.lo; bhi = R.hi; }
  if (o.ra) { blo = ~blo; bhi = ~bhi; }
  let lo = x[o.rn], hi = x[o.rn + 1];
  switch (o.imm3) {
    case 0: case 3: lo &= blo; hi &= bhi; break;
    case 1: lo |= blo; hi |= bhi; break;
    default: lo ^= blo; hi ^= bhi; break;
  }
  if (!o.sf) hi = 0;
  if (o.imm3 === 3) {
    if (o.sf) logicFlags64(c, lo, hi);
    else logicFlags32(c, lo);
  }
  x[o.rd] = lo;
  x[o.rd + 1] = hi;
}

/** MOV (ORR Xd, XZR, Xm) — the most common register move. */
export function movReg(c: Cpu, o: Op): void {
  c.x[o.rd] = c.x[o.rm];
  c.x[o.rd + 1] = o.sf ? c.x[o.rm + 1] : 0;
}

// Add/sub shifted: imm = amount, imm2 = type, imm3 = sub, ra = S.
export function addSubShifted(c: Cpu, o: Op): void {
  const x = c.x;
  let blo: number, bhi: number;
  if (o.imm === 0) { blo = x[o.rm]; bhi = x[o.rm + 1]; }
  else { shifted(c, o.rm, o.imm2, o.imm, o.sf); blo = R.lo; bhi = R.hi; }
  if (o.sf) {
    if (o.imm3) addWithCarry64(c, x[o.rn], x[o.rn + 1], ~blo, ~bhi, 1, o.rd, o.ra === 1);
    else addWithCarry64(c, x[o.rn], x[o.rn + 1], blo, bhi, 0, o.rd, o.ra === 1);
  } else if (o.imm3) addWithCarry32(c, x[o.rn], ~blo, 1, o.rd, o.ra === 1);
  else addWithCarry32(c, x[o.rn], blo, 0, o.rd, o.ra === 1);
}

// Add/sub extended: imm = shift (0-4), imm2 = option, imm3 = sub, ra = S.
function addSubExt(c: Cpu, o: Op): void {
  const x = c.x;
  let lo = x[o.rm], hi = x[o.rm + 1];
  switch (o.imm2) {
    case 0: lo &= 0xff; hi = 0; break; // UXTB
    case 1: lo &= 0xffff; hi = 0; break; // UXTH
    case 2: hi = 0; break; // UXTW
    case 3: break; // UXTX
    case 4: lo = (lo << 24) >> 24; hi = lo >> 31; break; // SXTB
    case 5: lo = (lo << 16) >> 16; hi = lo >> 31; break; // SXTH
    case 6: hi = lo >> 31; break; // SXTW
    default: break; // SXTX
  }
  lsl64(lo, hi, o.imm);
  const blo = R.lo, bhi = R.hi;
  if (o.sf) {
    if (o.imm3) addWithCarry64(c, x[o.rn], x[o.rn + 1], ~blo, ~bhi, 1, o.rd, o.ra === 1);
    else addWithCarry64(c, x[o.rn], x[o.rn + 1], blo, bhi, 0, o.rd, o.ra === 1);
  } else if (o.imm3) addWithCarry32(c, x[o.rn], ~blo, 1, o.rd, o.ra === 1);
  else addWithCarry32(c, x[o.rn], blo, 0, o.rd, o.ra === 1);
}

// ADC/SBC(S): imm3 = sub, ra = S.
function adcSbc(c: Cpu, o: Op): void {
  const x = c.x;
  let blo = x[o.rm], bhi = x[o.rm + 1];
  if (o.imm3) { blo = ~blo; bhi = ~bhi; }
  if (o.sf) addWithCarry64(c, x[o.rn], x[o.rn + 1], blo, bhi, c.cf, o.rd, o.ra === 1);
  else addWithCarry32(c, x[o.rn], blo, c.cf, o.rd, o.ra === 1);
}

// CCMN/CCMP: imm3 = sub, imm = cond, imm2 = nzcv, ra = 1 for immediate form (rm = imm5).
function condCompare(c: Cpu, o: Op): void {
  if (!condHolds(c, o.imm)) {
    c.setNZCV(o.imm2 << 28);
    return;
  }
  const x = c.x;
  let blo: number, bhi: number;
  if (o.ra) { blo = o.rm; bhi = 0; } else { blo = x[o.rm]; bhi = o.sf ? x[o.rm + 1] : 0; }
  const sink = 2 * 33;
  if (o.sf) {
    if (o.imm3) addWithCarry64(c, x[o.rn], x[o.rn + 1], ~blo, ~bhi, 1, sink, true);
    else addWithCarry64(c, x[o.rn], x[o.rn + 1], blo, bhi, 0, sink, true);
  } else if (o.imm3) addWithCarry32(c, x[o.rn], ~blo, 1, sink, true);
  else addWithCarry32(c, x[o.rn], blo, 0, sink, true);
}

// CSEL/CSINC/CSINV/CSNEG: imm = cond, imm2 = (op<<1)|op2.
export function condSelect(c: Cpu, o: Op): void {
  const x = c.x;
  let lo: number, hi: number;
  if (condHolds(c, o.imm)) { lo = x[o.rn]; hi = x[o.rn + 1]; }
  else {
    lo = x[o.rm]; hi = x[o.rm + 1];
    switch (o.imm2) {
      case 1: { const s = (lo >>> 0) + 1; lo = s | 0; if (s > 0xffffffff) hi = (hi + 1) | 0; break; }
      case 2: lo = ~lo; hi = ~hi; break;
      case 3: { lo = ~lo; hi = ~hi; const s = (lo >>> 0) + 1; lo = s | 0; if (s > 0xffffffff) hi = (hi + 1) | 0; break; }
      default: break;
    }
  }
  x[o.rd] = lo;
  x[o.rd + 1] = o.sf ? hi : 0;
}

// One source: imm = opcode.
function dp1(c: Cpu, o: Op): void {
  const x = c.x;
  const lo = x[o.rn], hi = x[o.rn + 1];
  let rlo: number, rhi = 0;
  if (!o.sf) {
    switch (o.imm) {
      case 0: rlo = rbit32(lo); break;
      case 1: rlo = rev16w(lo); break;
      case 2: rlo = rev32(lo); break;
      case 4: rlo = clz32(lo); break;
      default: rlo = Math.clz32((lo ^ (lo << 1)) | 1); break; // CLS
    }
  } else {
    switch (o.imm) {
      case 0: rlo = rbit32(hi); rhi = rbit32(lo); break;
      case 1: rlo = rev16w(lo); rhi = rev16w(hi); break;
      case 2: rlo = rev32(lo); rhi = rev32(hi); break;
      case 3: rlo = rev32(hi); rhi = rev32(lo); break;
      case 4: rlo = hi !== 0 ? clz32(hi) : 32 + clz32(lo); break;
      default: {
        const vh = hi ^ ((hi << 1) | (lo >>> 31));
        const vl = (lo ^ (lo << 1)) | 1;
        rlo = vh !== 0 ? clz32(vh) : 32 + clz32(vl) - 0;
        rlo = vh !== 0 ? clz32(vh) : 32 + clz32(vl);
        break;
      }
    }
  }
  x[o.rd] = rlo;
  x[o.rd + 1] = rhi;
}

function udiv(c: Cpu, o: Op): void {
  const x = c.x;
  if (o.sf) {
    const m = toBig(x[o.rm], x[o.rm + 1]);
    fromBig(m === 0n ? 0n : toBig(x[o.rn], x[o.rn + 1]) / m);
    x[o.rd] = R.lo; x[o.rd + 1] = R.hi;
  } else {
    const m = x[o.rm] >>> 0;
    x[o.rd] = m === 0 ? 0 : Math.floor((x[o.rn] >>> 0) / m) | 0;
    x[o.rd + 1] = 0;
  }
}

function sdiv(c: Cpu, o: Op): void {
  const x = c.x;
  if (o.sf) {
    const m = toBigSigned(x[o.rm], x[o.rm + 1]);
    fromBig(m === 0n ? 0n : BigInt.asUintN(64, toBigSigned(x[o.rn], x[o.rn + 1]) / m));
    x[o.rd] = R.lo; x[o.rd + 1] = R.hi;
  } else {
    const m = x[o.rm] | 0, n = x[o.rn] | 0;
    x[o.rd] = m === 0 ? 0 : Math.trunc(n / m) | 0;
    x[o.rd + 1] = 0;
  }
}

// LSLV/LSRV/ASRV/RORV: imm = type.
function shiftVar(c: Cpu, o: Op): void {
  const amt = c.x[o.rm] & (o.sf ? 63 : 31);
  const lo = c.x[o.rn], hi = c.x[o.rn + 1];
  if (o.sf) {
    switch (o.imm) {
      case 0: lsl64(lo, hi, amt); break;
      case 1: lsr64(lo, hi, amt); break;
      case 2: asr64(lo, hi, amt); break;
      default: ror64(lo, hi, amt); break;
    }
    c.x[o.rd] = R.lo; c.x[o.rd + 1] = R.hi;
  } else {
    let r: number;
    switch (o.imm) {
      case 0: r = lo << amt; break;
      case 1: r = (lo >>> amt) | 0; break;
      case 2: r = lo >> amt; break;
      default: r = ror32(lo, amt); break;
    }
    c.x[o.rd] = r; c.x[o.rd + 1] = 0;
  }
}

function crcTable(poly: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let v = i;
    for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ poly : v >>> 1;
    t[i] = v;
  }
  return t;
}
const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

// CRC32{B,H,W,X}, CRC32C*: imm = log2(size in bytes), imm2 = 1 for the Castagnoli polynomial.
function crc32(c: Cpu, o: Op): void {
  const t = o.imm2 ? CRC32C : CRC32;
  let acc = c.x[o.rn];
  const n = 1 << o.imm;
  const lo = c.x[o.rm], hi = c.x[o.rm + 1];
  for (let i = 0; i < n; i++) {
    const byte = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
    acc = t[(acc ^ byte) & 0xff] ^ (acc >>> 8);
  }
  c.x[o.rd] = acc;
  c.x[o.rd + 1] = 0;
}

// MADD/MSUB: imm = o0 (subtract).
export function maddMsub(c: Cpu, o: Op): void {
  const x = c.x;
  if (o.sf) {
    mul64(x[o.rn], x[o.rn + 1], x[o.rm], x[o.rm + 1]);
    const plo = R.lo, phi = R.hi;
    if (o.imm) addWithCarry64(c, x[o.ra], x[o.ra + 1], ~plo, ~phi, 1, o.rd, false);
    else addWithCarry64(c, x[o.ra], x[o.ra + 1], plo, phi, 0, o.rd, false);
  } else {
    const p = Math.imul(x[o.rn], x[o.rm]);
    x[o.rd] = o.imm ? (x[o.ra] - p) | 0 : (x[o.ra] + p) | 0;
    x[o.rd + 1] = 0;
  }
}

// SMADDL/SMSUBL/UMADDL/UMSUBL: imm = o0, imm2 = unsigned.
function maddLong(c: Cpu, o: Op): void {
  const x = c.x;
  const n = x[o.rn], m = x[o.rm];
  if (o.imm2) mul64(n, 0, m, 0);
  else mul64(n, n >> 31, m, m >> 31);
  const plo = R.lo, phi = R.hi;
  if (o.imm) addWithCarry64(c, x[o.ra], x[o.ra + 1], ~plo, ~phi, 1, o.rd, false);
  else addWithCarry64(c, x[o.ra], x[o.ra + 1], plo, phi, 0, o.rd, false);
}

// SMULH/UMULH: imm2 = unsigned.
function mulHigh(c: Cpu, o: Op): void {
  const x = c.x;
  const p = o.imm2
    ? toBig(x[o.rn], x[o.rn + 1]) * toBig(x[o.rm], x[o.rm + 1])
    : toBigSigned(x[o.rn], x[o.rn + 1]) * toBigSigned(x[o.rm], x[o.rm + 1]);
  fromBig(BigInt.asUintN(64, p >> 64n));
  x[o.rd] = R.lo;
  x[o.rd + 1] = R.hi;
}

const LOGIC_NAMES = [['AND', 'BIC'], ['ORR', 'ORN'], ['EOR', 'EON'], ['ANDS', 'BICS']];

function rmif(c: Cpu, o: Op): void {
  if (!c.features.flagm) undefinedInstruction(c);
  const v = (BigInt(c.x[o.rn + 1] >>> 0) << 32n) | BigInt(c.x[o.rn] >>> 0);
  const sh = BigInt(o.imm);
  const r = Number((sh === 0n ? v : ((v >> sh) | (v << (64n - sh)))) & 0xfn);
  if (o.imm2 & 8) c.n = (r >> 3) & 1;
  if (o.imm2 & 4) c.z = (r >> 2) & 1;
  if (o.imm2 & 2) c.cf = (r >> 1) & 1;
  if (o.imm2 & 1) c.v = r & 1;
}

function setf(c: Cpu, o: Op): void {
  if (!c.features.flagm) undefinedInstruction(c);
  const w = c.x[o.rn] >>> 0, top = o.imm - 1;
  c.n = (w >>> top) & 1;
  c.z = (w & ((1 << o.imm) - 1)) === 0 ? 1 : 0;
  c.v = ((w >>> o.imm) ^ (w >>> top)) & 1;
}

/** PACGA (FEAT_PAuth): Xd = AddPACGA(Xn, Xm|SP), the generic key's PAC in bits [63:32]. */
function pacga(c: Cpu, o: Op): void {
  if (!c.features.pauth) undefinedInstruction(c);
  setSlot(c, o.rd, addPacGa(c, slotValue(c, o.rn), slotValue(c, o.rm)));
}

/**
 * Handlers that only read and write general registers and NZCV and never take an exception:
 * a translated block (block-translator.ts) runs them back to back without the per-instruction
 * fetch and PC update.
 */
export const dpRegStraightLine: readonly Handler[] = [
  logReg, movReg, addSubShifted, addSubExt, adcSbc, condCompare, condSelect, dp1, udiv, sdiv, shiftVar, crc32,
  maddMsub, maddLong, mulHigh,
];

export const dpRegEntries: InsnDef[] = [
  def('Logical (shifted register)', 'dp-reg', 'xxx01010xxxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opc = bits(w, 30, 29), shift = bits(w, 23, 22), N = bits(w, 21, 21);
    const imm6 = bits(w, 15, 10), rn = bits(w, 9, 5);
    if (!sf && imm6 >= 32) return undefined;
    const f = { sf, rd: wz(bits(w, 4, 0)), rn: rz(rn), rm: rz(bits(w, 20, 16)), imm: imm6, imm2: shift, imm3: opc, ra: N };
    if (opc === 1 && N === 0 && imm6 === 0 && rn === 31) return op(movReg, 'MOV', w, f);
    return op(logReg, LOGIC_NAMES[opc][N], w, f);
  }),
  def('ADD/SUB (shifted register)', 'dp-reg', 'xxx01011xx0xxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), shift = bits(w, 23, 22), imm6 = bits(w, 15, 10);
    if (shift === 3 || (!sf && imm6 >= 32)) return undefined;
    const sub = bits(w, 30, 30), S = bits(w, 29, 29);
    return op(addSubShifted, (sub ? 'SUB' : 'ADD') + (S ? 'S' : ''), w, {
      sf, rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)), imm: imm6, imm2: shift, imm3: sub, ra: S,
    });
  }),
  def('ADD/SUB (extended register)', 'dp-reg', 'xxx01011xx1xxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opt = bits(w, 23, 22), imm3 = bits(w, 12, 10);
    if (opt !== 0 || imm3 > 4) return undefined;
    const sub = bits(w, 30, 30), S = bits(w, 29, 29);
    return op(addSubExt, (sub ? 'SUB' : 'ADD') + (S ? 'S' : '') + ' (ext)', w, {
      sf, rd: S ? wz(bits(w, 4, 0)) : rsp(bits(w, 4, 0)), rn: rsp(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)),
      imm: imm3, imm2: bits(w, 15, 13), imm3: sub, ra: S,
    });
  }),
  def('ADC/SBC', 'dp-reg', 'xxx11010000xxxxx000000xxxxxxxxxx', (w) => {
    const sub = bits(w, 30, 30), S = bits(w, 29, 29);
    return op(adcSbc, (sub ? 'SBC' : 'ADC') + (S ? 'S' : ''), w, {
      sf: bits(w, 31, 31), rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)), imm3: sub, ra: S,
    });
  }),
  // FEAT_FlagM: RMIF (rotate right into flags), SETF8/SETF16 (evaluate into flags).
  def('RMIF', 'dp-reg', '10111010000xxxxxx00001xxxxx0xxxx', (w) =>
    op(rmif, 'RMIF', w, { rn: rz(bits(w, 9, 5)), imm: bits(w, 20, 15), imm2: bits(w, 3, 0) })),
  def('SETF8/SETF16', 'dp-reg', '00111010000000000x0010xxxxx01101', (w) =>
    op(setf, bits(w, 14, 14) ? 'SETF16' : 'SETF8', w, { rn: rz(bits(w, 9, 5)), imm: bits(w, 14, 14) ? 16 : 8 })),
  def('Conditional compare', 'dp-reg', 'xx111010010xxxxxxxxxx0xxxxx0xxxx', (w) => {
    const isImm = bits(w, 11, 11);
    const sub = bits(w, 30, 30);
    return op(condCompare, sub ? 'CCMP' : 'CCMN', w, {
      sf: bits(w, 31, 31), rn: rz(bits(w, 9, 5)), rm: isImm ? bits(w, 20, 16) : rz(bits(w, 20, 16)),
      imm: bits(w, 15, 12), imm2: bits(w, 3, 0), imm3: sub, ra: isImm,
    });
  }),
  def('Conditional select', 'dp-reg', 'xx011010100xxxxxxxxxxxxxxxxxxxxx', (w) => {
    const op2 = bits(w, 11, 10);
    if (op2 >= 2) return undefined;
    const k = (bits(w, 30, 30) << 1) | op2;
    return op(condSelect, ['CSEL', 'CSINC', 'CSINV', 'CSNEG'][k], w, {
      sf: bits(w, 31, 31), rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)), imm: bits(w, 15, 12), imm2: k,
    });
  }),
  def('Data-processing (1 source)', 'dp-reg', 'x101101011000000000xxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opc = bits(w, 15, 10);
    if (opc > 5 || (opc === 3 && !sf)) return undefined;
    const names = ['RBIT', 'REV16', sf ? 'REV32' : 'REV', 'REV', 'CLZ', 'CLS'];
    return op(dp1, names[opc], w, { sf, rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), imm: opc });
  }),
  def('Data-processing (2 source)', 'dp-reg', 'x0011010110xxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), opc = bits(w, 15, 10);
    const f = { sf, rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)) };
    if (opc === 2) return op(udiv, 'UDIV', w, f);
    if (opc === 3) return op(sdiv, 'SDIV', w, f);
    if (opc >= 8 && opc <= 11) return op(shiftVar, ['LSLV', 'LSRV', 'ASRV', 'RORV'][opc - 8], w, { ...f, imm: opc - 8 });
    if (opc === 0x0c && sf) return op(pacga, 'PACGA', w, { ...f, rm: rsp(bits(w, 20, 16)) });
    if ((opc & 0x38) === 0x10) {
      const sz = opc & 3, cpoly = (opc >>> 2) & 1;
      if ((sz === 3) !== (sf === 1)) return undefined;
      return op(crc32, `CRC32${cpoly ? 'C' : ''}${'BHWX'[sz]}`, w, { ...f, imm: sz, imm2: cpoly });
    }
    return undefined;
  }),
  def('Data-processing (3 source)', 'dp-reg', 'x0011011xxxxxxxxxxxxxxxxxxxxxxxx', (w) => {
    const sf = bits(w, 31, 31), op31 = bits(w, 23, 21), o0 = bits(w, 15, 15);
    const f = { sf, rd: wz(bits(w, 4, 0)), rn: rz(bits(w, 9, 5)), rm: rz(bits(w, 20, 16)), ra: rz(bits(w, 14, 10)), imm: o0 };
    if (op31 === 0) return op(maddMsub, o0 ? 'MSUB' : 'MADD', w, f);
    if (!sf) return undefined;
    if (op31 === 1 || op31 === 5) {
      const u = op31 === 5 ? 1 : 0;
      return op(maddLong, `${u ? 'U' : 'S'}M${o0 ? 'SUB' : 'ADD'}L`, w, { ...f, imm2: u });
    }
    if ((op31 === 2 || op31 === 6) && o0 === 0) return op(mulHigh, op31 === 6 ? 'UMULH' : 'SMULH', w, { ...f, imm2: op31 === 6 ? 1 : 0 });
    return undefined;
  }),
];
