// FEAT_PAuth instructions that compute in general registers (Arm ARM C6.2): the data-
// processing (1 source) forms PACIA ... AUTDZB, XPACI/XPACD, and their HINT-space forms
// (PACIASP, AUTIA1716, XPACLRI ...), which are NOPs on a CPU without FEAT_PAuth. PACGA is in
// dp-reg.ts, the authenticated branches in branch.ts, LDRAA/LDRAB in atomics.ts.

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { bits, def, op, rsp, rz, wz, type InsnDef } from '../isa/common.ts';
import { strip } from './add-auth-strip.ts';
import { addPacWith, anyKeyEnabled, authWith, setSlot, slotValue, type PacKey } from './pac-ops.ts';

/**
 * PACxx/AUTxx (and their hint forms): rd = the pointer's slot (read), ra = its slot (written),
 * rn = the modifier's slot, imm2 = 1 for a zero modifier, imm = the key, imm3 = 1 for AUT.
 */
function pacAut(c: Cpu, o: Op): void {
  const x = slotValue(c, o.rd), y = o.imm2 ? 0n : slotValue(c, o.rn);
  setSlot(c, o.ra, o.imm3 ? authWith(c, o.imm as PacKey, x, y) : addPacWith(c, o.imm as PacKey, x, y));
}

function pacAutDp1(c: Cpu, o: Op): void {
  if (!c.features.pauth) undefinedInstruction(c);
  pacAut(c, o);
}

/**
 * Strip for XPACI/XPACD/XPACLRI, which no enable or trap controls. QEMU 7.2 runs them as NOPs
 * while no key is enabled (deviation xpac-nop-while-keys-disabled; imitated only in lockstep).
 */
function stripFor(c: Cpu, x: bigint, data: boolean): bigint {
  const r = strip(c, x, data);
  if (r !== x && !anyKeyEnabled(c)) {
    if (c.qemuDeviation('xpac-nop-while-keys-disabled')) return x;
  }
  return r;
}

/** XPACI/XPACD (imm = 1: data). */
function xpac(c: Cpu, o: Op): void {
  if (!c.features.pauth) undefinedInstruction(c);
  setSlot(c, o.ra, stripFor(c, slotValue(c, o.rd), o.imm === 1));
}

/** The HINT-space forms: NOPs without FEAT_PAuth. */
function pacHint(c: Cpu, o: Op): void {
  if (c.features.pauth) pacAut(c, o);
}

function xpaclri(c: Cpu): void {
  if (c.features.pauth) c.setX(30, stripFor(c, c.getX(30), false));
}

const KEY_NAMES = ['IA', 'IB', 'DA', 'DB'];

/** The PAC hints by number (CRm:op2): pointer register, modifier register (31 = SP, -1 = zero), key, AUT. */
const PAC_HINTS: Record<number, [string, number, number, PacKey, number]> = {
  8: ['PACIA1716', 17, 16, 0, 0], 10: ['PACIB1716', 17, 16, 1, 0], 12: ['AUTIA1716', 17, 16, 0, 1], 14: ['AUTIB1716', 17, 16, 1, 1],
  24: ['PACIAZ', 30, -1, 0, 0], 25: ['PACIASP', 30, 31, 0, 0], 26: ['PACIBZ', 30, -1, 1, 0], 27: ['PACIBSP', 30, 31, 1, 0],
  28: ['AUTIAZ', 30, -1, 0, 1], 29: ['AUTIASP', 30, 31, 0, 1], 30: ['AUTIBZ', 30, -1, 1, 1], 31: ['AUTIBSP', 30, 31, 1, 1],
};

/** Rows before systemEntries' HINT row: a hint that is not a PAC one decodes on as HINT (null). */
export const pacHintEntries: InsnDef[] = [
  def('PAC hints', 'system', '11010101000000110010xxxxxxx11111', (w) => {
    const n = bits(w, 11, 5);
    if (n === 7) return op(xpaclri, 'XPACLRI', w);
    const h = PAC_HINTS[n];
    if (h === undefined) return null;
    const [name, ptr, mod, key, isAut] = h;
    return op(pacHint, name, w, { rd: 2 * ptr, ra: 2 * ptr, rn: 2 * Math.max(mod, 0), imm2: mod < 0 ? 1 : 0, imm: key, imm3: isAut });
  }),
];

/** Data-processing (1 source) with opcode2 = 0b00001 (sf = 1, S = 0). */
export const pacDp1Entries: InsnDef[] = [
  def('PAC/AUT/XPAC (1 source)', 'pauth', '1101101011000001xxxxxxxxxxxxxxxx', (w) => {
    const opc = bits(w, 15, 10), rn = bits(w, 9, 5), rd = bits(w, 4, 0);
    const f = { rd: rz(rd), ra: wz(rd) };
    if (opc === 0x10 || opc === 0x11) {
      if (rn !== 31) return undefined;
      return op(xpac, opc === 0x10 ? 'XPACI' : 'XPACD', w, { ...f, imm: opc & 1 });
    }
    if (opc > 0x0f) return undefined;
    const zero = opc >= 8 ? 1 : 0, key = opc & 3, isAut = (opc >> 2) & 1;
    if (zero && rn !== 31) return undefined;
    const name = `${isAut ? 'AUT' : 'PAC'}${KEY_NAMES[key][0]}${zero ? 'Z' : ''}${KEY_NAMES[key][1]}`;
    return op(pacAutDp1, name, w, { ...f, rn: rsp(rn), imm2: zero, imm: key, imm3: isAut });
  }),
];
