// Advanced SIMD load/store multiple structures and single structure (Arm ARM C4.1.* "Advanced
// SIMD load/store multiple structures", "... single structure", with post-index; C7.2 pages
// of LD1-LD4, ST1-ST4, LD1R-LD4R): element by element, through the CPU's ordinary accesses
// (so translation, Device-memory and SCTLR.A alignment per element, and the data endianness
// per element are theirs), behind the FP/SIMD trap check.
//
// Where a fault on a later element leaves earlier ones done, the architecture leaves the
// registers and memory UNKNOWN; the model does what QEMU 7.2 does: elements are written as
// they are accessed (the upper halves of a 64-bit list's registers are cleared at the end),
// and for one-register-per-element lists (LD1/ST1, little-endian or bytes) QEMU moves each
// 8-byte chunk as one access, so a chunk that crosses a page is translated on both pages
// before any of its elements is moved.

import { R } from '../bits.ts';
import { ACC_READ, ACC_WRITE, type Cpu, type Op } from '../cpu.ts';
import { bits, def, op, rsp, rz, type InsnDef } from './common.ts';
import { fpAccessCheck } from './fp-access.ts';
import { clearAbove, getElem, setElem } from './vreg.ts';

let aLo = 0, aHi = 0;
/** (aLo, aHi) = base + off. */
function at(c: Cpu, o: Op, off: number): void {
  const s = (c.x[o.rn] >>> 0) + off;
  aLo = s | 0;
  aHi = (c.x[o.rn + 1] + (s > 0xffffffff ? 1 : 0)) | 0;
}

function loadElem(c: Cpu, t: number, esize: number, i: number): void {
  const v = c.vreg;
  switch (esize) {
    case 8: setElem(c, t, 8, i, c.ld8(aLo, aHi)); break;
    case 16: setElem(c, t, 16, i, c.ld16(aLo, aHi)); break;
    case 32: setElem(c, t, 32, i, c.ld32(aLo, aHi)); break;
    default: c.ld64(aLo, aHi); v[4 * t + 2 * i] = R.lo; v[4 * t + 2 * i + 1] = R.hi;
  }
}

function storeElem(c: Cpu, t: number, esize: number, i: number): void {
  const v = c.vreg;
  switch (esize) {
    case 8: c.st8(aLo, aHi, getElem(c, t, 8, i)); break;
    case 16: c.st16(aLo, aHi, getElem(c, t, 16, i)); break;
    case 32: c.st32(aLo, aHi, getElem(c, t, 32, i)); break;
    default: c.st64(aLo, aHi, v[4 * t + 2 * i], v[4 * t + 2 * i + 1]);
  }
}

/** QEMU's 8-byte chunk at (aLo, aHi): when it crosses a page, both pages translate first. */
function probeChunk(c: Cpu, acc: number): void {
  if ((aLo & 0xfff) <= 0xff8) return;
  c.hooks.translate(c, aLo, aHi, acc, 1);
  const s = (aLo >>> 0) + (0x1000 - (aLo & 0xfff));
  c.hooks.translate(c, s | 0, (aHi + (s > 0xffffffff ? 1 : 0)) | 0, acc, 1);
}

/** Post-index writeback: Xn += Xm, or += the bytes transferred when Rm is 31 (o.rm < 0). */
function writeback(c: Cpu, o: Op, total: number): void {
  if (o.rm === -2) return; // no writeback
  let lo: number, hi: number;
  if (o.rm < 0) { lo = total; hi = 0; } else { lo = c.x[o.rm]; hi = c.x[o.rm + 1]; }
  const s = (c.x[o.rn] >>> 0) + (lo >>> 0);
  c.x[o.rn + 1] = (c.x[o.rn + 1] + hi + (s > 0xffffffff ? 1 : 0)) | 0;
  c.x[o.rn] = s | 0;
}

// Multiple structures: rd = Rt; rn = base slot; rm = post-index slot (-1 immediate, -2 none);
// imm = rpt (registers per structure element list); imm2 = esize; imm3 = selem; imm4 = 1 load; sf = Q.
function ldstMultiple(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const e = o.imm2, eb = e >> 3, n = (o.sf ? 128 : 64) / e, selem = o.imm3, load = o.imm4 === 1;
  const chunks = selem === 1 && (e === 8 || !c.dataBigEndian()), acc = load ? ACC_READ : ACC_WRITE;
  let off = 0;
  for (let r = 0; r < o.imm; r++) {
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < selem; s++) {
        const t = (o.rd + r + s) & 31;
        at(c, o, off);
        if (chunks && (off & 7) === 0) probeChunk(c, acc);
        if (load) loadElem(c, t, e, i); else storeElem(c, t, e, i);
        off += eb;
      }
    }
  }
  // A 64-bit list's upper halves are cleared once every element is in (as QEMU 7.2 does: a
  // fault part-way leaves them as they were).
  if (load && !o.sf) for (let k = 0; k < o.imm * selem; k++) clearAbove(c, (o.rd + k) & 31, 64);
  writeback(c, o, off);
}

// Single structure: rd = Rt; imm = index; imm2 = esize; imm3 = selem; imm4 = 1 load;
// ra = 1 replicate (LDnR); sf = Q.
function ldstSingle(c: Cpu, o: Op): void {
  fpAccessCheck(c);
  const e = o.imm2, eb = e >> 3;
  for (let s = 0; s < o.imm3; s++) {
    const t = (o.rd + s) & 31;
    at(c, o, s * eb);
    if (!o.ra) { if (o.imm4) loadElem(c, t, e, o.imm); else storeElem(c, t, e, o.imm); continue; }
    loadElem(c, t, e, 0);
    const v = c.vreg, b = 4 * t;
    let lo = v[b], hi = v[b + 1];
    if (e === 8) lo = (lo & 0xff) * 0x01010101;
    if (e === 16) lo = (lo & 0xffff) * 0x10001;
    if (e <= 32) hi = lo;
    v[b] = lo; v[b + 1] = hi;
    if (o.sf) { v[b + 2] = lo; v[b + 3] = hi; } else clearAbove(c, t, 64);
  }
  writeback(c, o, o.imm3 * eb);
}

const MULTI: Record<number, [number, number]> = { 0x0: [1, 4], 0x2: [4, 1], 0x4: [1, 3], 0x6: [3, 1], 0x7: [1, 1], 0x8: [1, 2], 0xa: [2, 1] };

function post(w: number, postIndex: boolean): number {
  if (!postIndex) return -2;
  const m = bits(w, 20, 16);
  return m === 31 ? -1 : rz(m);
}

function buildMultiple(w: number, postIndex: boolean): Op | undefined {
  const q = bits(w, 30, 30), L = bits(w, 22, 22), opcode = bits(w, 15, 12), size = bits(w, 11, 10);
  const m = MULTI[opcode];
  if (!m || (size === 3 && !q && m[1] > 1)) return undefined;
  const [rpt, selem] = m;
  const name = `${L ? 'LD' : 'ST'}${selem} (multiple structures${selem === 1 ? `, ${rpt} register${rpt > 1 ? 's' : ''}` : ''}${postIndex ? ', post-index' : ''})`;
  return op(ldstMultiple, name, w, {
    rd: bits(w, 4, 0), rn: rsp(bits(w, 9, 5)), rm: post(w, postIndex), imm: rpt, imm2: 8 << size, imm3: selem, imm4: L, sf: q,
  });
}

function buildSingle(w: number, postIndex: boolean): Op | undefined {
  const q = bits(w, 30, 30), L = bits(w, 22, 22), R1 = bits(w, 21, 21), opc = bits(w, 15, 13), S = bits(w, 12, 12), size = bits(w, 11, 10);
  const selem = (((opc & 1) << 1) | R1) + 1;
  let scale = opc >> 1, index = (q << 3) | (S << 2) | size, rep = 0;
  switch (scale) {
    case 3: if (!L || S) return undefined; scale = size; rep = 1; break;
    case 1: if (size & 1) return undefined; index >>= 1; break;
    case 2:
      if (size & 2) return undefined;
      if (size & 1) { if (S) return undefined; index >>= 3; scale = 3; } else index >>= 2;
      break;
    default: break;
  }
  const name = `${L ? 'LD' : 'ST'}${selem}${rep ? 'R' : ' (single structure)'}${postIndex ? ' (post-index)' : ''}`;
  return op(ldstSingle, name, w, {
    rd: bits(w, 4, 0), rn: rsp(bits(w, 9, 5)), rm: post(w, postIndex), imm: index, imm2: 8 << scale, imm3: selem, imm4: L, ra: rep, sf: q,
  });
}

export const ldstStructEntries: InsnDef[] = [
  def('LD1-LD4/ST1-ST4 (multiple structures)', 'simd-ldst', '0x0011000x000000xxxxxxxxxxxxxxxx', (w) => buildMultiple(w, false)),
  def('LD1-LD4/ST1-ST4 (multiple structures, post-index)', 'simd-ldst', '0x0011001x0xxxxxxxxxxxxxxxxxxxxx', (w) => buildMultiple(w, true)),
  def('LD1-LD4/ST1-ST4/LDnR (single structure)', 'simd-ldst', '0x0011010xx00000xxxxxxxxxxxxxxxx', (w) => buildSingle(w, false)),
  def('LD1-LD4/ST1-ST4/LDnR (single structure, post-index)', 'simd-ldst', '0x0011011xxxxxxxxxxxxxxxxxxxxxxx', (w) => buildSingle(w, true)),
];
