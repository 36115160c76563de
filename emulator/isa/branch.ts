// Branches: immediate, conditional, compare-and-branch, test-and-branch, register,
// exception return (Arm ARM C4.1.85 "Branches, Exception Generating and System instructions").

import type { Cpu, Handler, Op } from '../cpu.ts';
import { exceptionReturn, undefinedInstruction } from '../exceptions.ts';
import { authWith, slotValue } from '../pauth/pac-ops.ts';
import { bankedName } from '../sysreg-file.ts';
import { bits, condHolds, def, op, rz, type InsnDef } from './common.ts';

/** PC += signed offset (op.imm, fits int32). */
function jump(c: Cpu, off: number): void {
  const s = (c.pcLo >>> 0) + off;
  c.pcHi = (c.pcHi + Math.floor(s / 4294967296)) | 0;
  c.pcLo = s | 0;
  c.branched = true;
}

export function b(c: Cpu, o: Op): void {
  jump(c, o.imm);
}

export function bl(c: Cpu, o: Op): void {
  const lo = (c.pcLo + 4) | 0;
  c.x[61] = lo === 0 ? (c.pcHi + 1) | 0 : c.pcHi;
  c.x[60] = lo;
  jump(c, o.imm);
}

export function bcond(c: Cpu, o: Op): void {
  if (condHolds(c, o.imm2)) jump(c, o.imm);
}

// CBZ/CBNZ: imm2 = 1 for CBNZ.
export function cbz(c: Cpu, o: Op): void {
  const zero = c.x[o.rd] === 0 && (o.sf === 0 || c.x[o.rd + 1] === 0);
  if (zero !== (o.imm2 === 1)) jump(c, o.imm);
}

// TBZ/TBNZ: imm2 = 1 for TBNZ, imm3 = bit number.
export function tbz(c: Cpu, o: Op): void {
  const bit = o.imm3 < 32 ? (c.x[o.rd] >>> o.imm3) & 1 : (c.x[o.rd + 1] >>> (o.imm3 - 32)) & 1;
  if (bit === o.imm2) jump(c, o.imm);
}

// BR/BLR/RET: imm2 = 1 for BLR.
function br(c: Cpu, o: Op): void {
  const lo = c.x[o.rn], hi = c.x[o.rn + 1];
  if (o.imm2) {
    const r = (c.pcLo + 4) | 0;
    c.x[61] = r === 0 ? (c.pcHi + 1) | 0 : c.pcHi;
    c.x[60] = r;
  }
  c.pcLo = lo;
  c.pcHi = hi;
  c.branched = true;
  // FEAT_BTI: BLR sets BTYPE 0b10; BR 0b01 (outside guarded pages, or via X16/X17; the
  // model has no guarded pages yet); RET 0b00.
  if (c.hasBti) c.btypeNext = o.imm3;
}

/**
 * FEAT_PAuth BRAA/BRAB(Z), BLRAA/BLRAB(Z), RETAA/RETAB: branch to AuthIA/AuthIB(Xn, modifier)
 * (a failed authentication branches to the pointer with its error code, whose fetch faults).
 * rn = target, rm = modifier slot (imm4 = 1: zero), imm = key (0 A, 1 B), imm2/imm3 as for BR.
 */
function braa(c: Cpu, o: Op): void {
  if (!c.features.pauth) undefinedInstruction(c);
  const target = authWith(c, o.imm ? 1 : 0, slotValue(c, o.rn), o.imm4 ? 0n : slotValue(c, o.rm));
  if (o.imm2) {
    const r = (c.pcLo + 4) | 0;
    c.x[61] = r === 0 ? (c.pcHi + 1) | 0 : c.pcHi;
    c.x[60] = r;
  }
  c.setPC(target);
  if (c.hasBti) c.btypeNext = o.imm3;
}

/** ERETAA/ERETAB: exception return to AuthIA/AuthIB(ELR_ELx, SP). */
function eretaa(c: Cpu, o: Op): void {
  if (!c.features.pauth || c.el === 0) undefinedInstruction(c);
  exceptionReturn(c, authWith(c, o.imm ? 1 : 0, c.sr.get(bankedName('ELR', c.el)), c.getSP()));
}

function eret(c: Cpu): void {
  if (c.el === 0) undefinedInstruction(c);
  exceptionReturn(c);
}

function off(v: number, width: number): number {
  return ((v << (32 - width)) >> (32 - width)) * 4;
}

/**
 * Branches that end a translated block (block-translator.ts): they read the PC and write it,
 * never take an exception, and change no state but X30 and PSTATE.BTYPE.
 */
export const branchBlockEnds: readonly Handler[] = [b, bl, bcond, cbz, tbz, br];

export const branchEntries: InsnDef[] = [
  def('B', 'branch', '000101xxxxxxxxxxxxxxxxxxxxxxxxxx', (w) => op(b, 'B', w, { imm: off(bits(w, 25, 0), 26) })),
  def('BL', 'branch', '100101xxxxxxxxxxxxxxxxxxxxxxxxxx', (w) => op(bl, 'BL', w, { imm: off(bits(w, 25, 0), 26) })),
  def('B.cond', 'branch', '01010100xxxxxxxxxxxxxxxxxxx0xxxx', (w) =>
    op(bcond, 'B.cond', w, { imm: off(bits(w, 23, 5), 19), imm2: bits(w, 3, 0) })),
  def('CBZ/CBNZ', 'branch', 'x011010xxxxxxxxxxxxxxxxxxxxxxxxx', (w) =>
    op(cbz, bits(w, 24, 24) ? 'CBNZ' : 'CBZ', w, { sf: bits(w, 31, 31), rd: rz(bits(w, 4, 0)), imm: off(bits(w, 23, 5), 19), imm2: bits(w, 24, 24) })),
  def('TBZ/TBNZ', 'branch', 'x011011xxxxxxxxxxxxxxxxxxxxxxxxx', (w) =>
    op(tbz, bits(w, 24, 24) ? 'TBNZ' : 'TBZ', w, {
      rd: rz(bits(w, 4, 0)), imm: off(bits(w, 18, 5), 14), imm2: bits(w, 24, 24), imm3: (bits(w, 31, 31) << 5) | bits(w, 23, 19),
    })),
  def('BR', 'branch', '1101011000011111000000xxxxx00000', (w) => op(br, 'BR', w, { rn: rz(bits(w, 9, 5)), imm3: 1 })),
  def('BLR', 'branch', '1101011000111111000000xxxxx00000', (w) => op(br, 'BLR', w, { rn: rz(bits(w, 9, 5)), imm2: 1, imm3: 2 })),
  def('RET', 'branch', '1101011001011111000000xxxxx00000', (w) => op(br, 'RET', w, { rn: rz(bits(w, 9, 5)) })),
  def('ERET', 'branch', '11010110100111110000001111100000', (w) => op(eret, 'ERET', w)),
  // FEAT_PAuth: opc = 0 BRAxZ, 1 BLRAxZ, 2 RETAx, 4 ERETAx, 8 BRAx, 9 BLRAx; op3 = 0b00001M.
  def('Branch (register), authenticated', 'pauth', '1101011xxxx1111100001xxxxxxxxxxx', (w) => {
    const opc = bits(w, 24, 21), key = bits(w, 10, 10), rn = bits(w, 9, 5), rm = bits(w, 4, 0), k = key ? 'B' : 'A';
    const f = { rn: rz(rn), rm: 2 * rm, imm: key, imm4: opc >= 8 ? 0 : 1 };
    switch (opc) {
      case 0: return rm === 31 ? op(braa, `BRA${k}Z`, w, { ...f, imm3: 1 }) : undefined;
      case 1: return rm === 31 ? op(braa, `BLRA${k}Z`, w, { ...f, imm2: 1, imm3: 2 }) : undefined;
      case 8: return op(braa, `BRA${k}`, w, { ...f, imm3: 1 });
      case 9: return op(braa, `BLRA${k}`, w, { ...f, imm2: 1, imm3: 2 });
      case 2: return rn === 31 && rm === 31 ? op(braa, `RETA${k}`, w, { ...f, rn: 60, rm: 62, imm4: 0 }) : undefined;
      case 4: return rn === 31 && rm === 31 ? op(eretaa, `ERETA${k}`, w, { imm: key }) : undefined;
      default: return undefined;
    }
  }),
];
