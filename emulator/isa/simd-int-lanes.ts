// Element access and the integer helpers of the Advanced SIMD integer room (simd-int-*.ts):
// elements as bigint, which mirrors the pseudocode's unbounded integers (Arm ARM
// shared/functions/integer: SignedSatQ, UnsignedSatQ, the rounding shifts) so no lane width
// needs its own overflow handling. Saturation sets FPSR.QC (bit 27, C5.2.8).

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { bits } from './common.ts';
import { fpAccessCheck } from './fp-access.ts';
import { clearAbove, getElem, getElem64, setElem, setElem64 } from './vreg.ts';

/** Elem[V[n], i, esize] unsigned, esize 8..64. */
export function elU(c: Cpu, n: number, esize: number, i: number): bigint {
  return esize === 64 ? getElem64(c, n, i) : BigInt(getElem(c, n, esize as 8 | 16 | 32, i));
}

/** Elem[V[n], i, esize] signed. */
export function elS(c: Cpu, n: number, esize: number, i: number): bigint {
  return BigInt.asIntN(esize, elU(c, n, esize, i));
}

export const el = (c: Cpu, n: number, esize: number, i: number, unsigned: boolean): bigint =>
  unsigned ? elU(c, n, esize, i) : elS(c, n, esize, i);

/** Elem[V[d], i, esize] = v<esize-1:0>. */
export function setEl(c: Cpu, d: number, esize: number, i: number, v: bigint): void {
  if (esize === 64) setElem64(c, d, i, v);
  else setElem(c, d, esize as 8 | 16 | 32, i, Number(BigInt.asUintN(esize, v)));
}

/** Set by the saturating helpers; the handler ORs it into FPSR.QC when it is done. */
export const Q = { sat: false };

/** SignedSatQ(v, esize). */
export function sSat(v: bigint, esize: number): bigint {
  const max = (1n << BigInt(esize - 1)) - 1n;
  if (v > max) { Q.sat = true; return max; }
  if (v < -max - 1n) { Q.sat = true; return -max - 1n; }
  return v;
}

/** UnsignedSatQ(v, esize). */
export function uSat(v: bigint, esize: number): bigint {
  const max = (1n << BigInt(esize)) - 1n;
  if (v > max) { Q.sat = true; return max; }
  if (v < 0n) { Q.sat = true; return 0n; }
  return v;
}

export const sat = (v: bigint, esize: number, unsigned: boolean): bigint => (unsigned ? uSat(v, esize) : sSat(v, esize));

/** FPSR.QC = 1 when an element saturated (Q.sat). */
export function endSat(c: Cpu): void {
  if (Q.sat) {
    c.sr.set('FPSR', c.sr.get('FPSR') | (1n << 27n));
    if (c.fpStats) c.fpStats.QC++;
  }
}

/** Start of every handler: the FP/SIMD trap check and a cleared saturation flag. */
export function begin(c: Cpu): void {
  fpAccessCheck(c);
  Q.sat = false;
}

/** Zeroes V[d] above `bits` (64 for a 64-bit vector, esize for a scalar); 128: nothing. */
export function finish(c: Cpu, d: number, width: number): void {
  if (width < 128) clearAbove(c, d, width);
  endSat(c);
}

/** Results are gathered here before any is written (the destination may be a source). */
export const R16: bigint[] = new Array<bigint>(16).fill(0n);

/** A feature-gated handler: UNDEFINED unless `has(c)` (the CPU's ID registers). */
export function gated(has: (c: Cpu) => boolean, h: (c: Cpu, o: Op) => void): (c: Cpu, o: Op) => void {
  return (c, o) => { if (!has(c)) undefinedInstruction(c); h(c, o); };
}

/** Common register fields of a data-processing word. */
export const regs = (w: number): { rd: number; rn: number; rm: number } => ({ rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16) });

/** Shift a left (count >= 0) or right arithmetically/logically per the sign of a (bigint semantics). */
export const shl = (a: bigint, sh: number): bigint => (sh >= 0 ? a << BigInt(sh) : a >> BigInt(-sh));
