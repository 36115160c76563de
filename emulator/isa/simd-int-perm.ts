// Advanced SIMD permute (UZP1/2, TRN1/2, ZIP1/2), extract (EXT), table lookup (TBL/TBX)
// and scalar copy (DUP (element), scalar) (Arm ARM C4.1.96; C7.2 pages). Whole-register
// rearrangements: the result is gathered before it is written, as Vd may be a source.

import type { Cpu, Op } from '../cpu.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { begin, elU, finish, R16, setEl } from './simd-int-lanes.ts';

// Permute: imm = opcode (1 UZP1, 2 TRN1, 3 ZIP1, 5 UZP2, 6 TRN2, 7 ZIP2); imm2 = esize;
// imm3 = elements; sf = width.
function permute(c: Cpu, o: Op): void {
  begin(c);
  const e = o.imm2, n = o.imm3, part = o.imm >> 2, half = n / 2;
  // Element j of Vm:Vn (Vn the low half).
  const cat = (j: number): bigint => (j < n ? elU(c, o.rn, e, j) : elU(c, o.rm, e, j - n));
  for (let p = 0; p < half; p++) {
    switch (o.imm & 3) {
      case 1: R16[p] = cat(2 * p + part); R16[p + half] = cat(n + 2 * p + part); break; // UZP
      case 2: R16[2 * p] = elU(c, o.rn, e, 2 * p + part); R16[2 * p + 1] = elU(c, o.rm, e, 2 * p + part); break; // TRN
      default: R16[2 * p] = elU(c, o.rn, e, part * half + p); R16[2 * p + 1] = elU(c, o.rm, e, part * half + p); // ZIP
    }
  }
  for (let i = 0; i < n; i++) setEl(c, o.rd, e, i, R16[i]);
  finish(c, o.rd, o.sf);
}

function buildPermute(w: number): Op | undefined {
  const q = bits(w, 30, 30), size = bits(w, 23, 22), opc = bits(w, 14, 12);
  if ((opc & 3) === 0 || (size === 3 && !q)) return undefined;
  const e = 8 << size, width = q ? 128 : 64;
  return op(permute, ['', 'UZP1', 'TRN1', 'ZIP1', '', 'UZP2', 'TRN2', 'ZIP2'][opc], w, {
    rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), imm: opc, imm2: e, imm3: width / e, sf: width,
  });
}

// EXT: bytes imm.. of Vm:Vn (imm = imm4), imm3 = bytes in the vector.
function ext(c: Cpu, o: Op): void {
  begin(c);
  const n = o.imm3;
  for (let i = 0; i < n; i++) { const j = o.imm + i; R16[i] = j < n ? elU(c, o.rn, 8, j) : elU(c, o.rm, 8, j - n); }
  for (let i = 0; i < n; i++) setEl(c, o.rd, 8, i, R16[i]);
  finish(c, o.rd, 8 * n);
}

// TBL/TBX: imm = table registers (Vn, Vn+1, ... modulo 32); imm2 = 1 TBX; imm3 = bytes.
function tbl(c: Cpu, o: Op): void {
  begin(c);
  for (let i = 0; i < o.imm3; i++) {
    const x = Number(elU(c, o.rm, 8, i));
    R16[i] = x < 16 * o.imm ? elU(c, (o.rn + (x >> 4)) & 31, 8, x & 15) : o.imm2 ? elU(c, o.rd, 8, i) : 0n;
  }
  for (let i = 0; i < o.imm3; i++) setEl(c, o.rd, 8, i, R16[i]);
  finish(c, o.rd, 8 * o.imm3);
}

// DUP (element), scalar: imm2 = esize; imm3 = index.
function dupScalar(c: Cpu, o: Op): void {
  begin(c);
  const v = elU(c, o.rn, o.imm2, o.imm3);
  setEl(c, o.rd, o.imm2, 0, v);
  finish(c, o.rd, o.imm2);
}

export const permEntries: InsnDef[] = [
  def('Advanced SIMD permute', 'simd-int', '0x001110xx0xxxxx0xxx10xxxxxxxxxx', buildPermute),
  def('Advanced SIMD extract', 'simd-int', '0x101110000xxxxx0xxxx0xxxxxxxxxx', (w) => {
    const q = bits(w, 30, 30), imm4 = bits(w, 14, 11);
    if (!q && imm4 >= 8) return undefined;
    return op(ext, 'EXT', w, { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), imm: imm4, imm3: q ? 16 : 8 });
  }),
  def('Advanced SIMD table lookup', 'simd-int', '0x001110000xxxxx0xxx00xxxxxxxxxx', (w) => {
    const q = bits(w, 30, 30), len = bits(w, 14, 13) + 1, x = bits(w, 12, 12);
    return op(tbl, `${x ? 'TBX' : 'TBL'} (${len} register${len > 1 ? 's' : ''})`, w,
      { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), imm: len, imm2: x, imm3: q ? 16 : 8 });
  }),
  def('Advanced SIMD scalar copy', 'simd-int', '01x11110000xxxxx0xxxx1xxxxxxxxxx', (w) => {
    const imm5 = bits(w, 20, 16), s = imm5 === 0 ? 4 : 31 - Math.clz32(imm5 & -imm5);
    if (bits(w, 29, 29) || bits(w, 14, 11) || s > 3) return undefined;
    return op(dupScalar, 'DUP (element, scalar)', w, { rd: bits(w, 4, 0), rn: bits(w, 9, 5), imm2: 8 << s, imm3: imm5 >> (s + 1) });
  }),
];
