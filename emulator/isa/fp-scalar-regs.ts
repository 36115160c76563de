// Scalar FP operands in the SIMD&FP register file (Arm ARM C2.1.2: H, S and D are the low 16,
// 32 and 64 bits of V[n]; a scalar write zeroes the rest of the 128-bit register) as the FP
// core's value types (emulator/fp: f16/f32 bits as numbers, f64 bits as bigint), and as
// JavaScript numbers through Float64Array/Float32Array views of Cpu.vreg for the core's
// double fast paths (fp/fast.ts), which then read and write a register without any bigint.

import type { Cpu } from '../cpu.ts';
import type { FPWidth } from '../fp/index.ts';

/** The views alias vreg's words, so D[n] is one double only on a little-endian host. */
export const VIEWS_OK = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let viewed: Int32Array | undefined;
let f64v = new Float64Array(0);
let f32v = new Float32Array(0);

function makeViews(c: Cpu): void {
  viewed = c.vreg;
  f64v = new Float64Array(c.vreg.buffer, c.vreg.byteOffset, c.vreg.length >> 1);
  f32v = new Float32Array(c.vreg.buffer, c.vreg.byteOffset, c.vreg.length);
}

/** V as doubles: D[n] is element 2n. */
export function f64View(c: Cpu): Float64Array {
  if (c.vreg !== viewed) makeViews(c);
  return f64v;
}

/** V as binary32 values: S[n] is element 4n. */
export function f32View(c: Cpu): Float32Array {
  if (c.vreg !== viewed) makeViews(c);
  return f32v;
}

/** Zeroes V[d] above its low 64 bits (after a D write through the view). */
export function clearAboveD(c: Cpu, d: number): void {
  const v = c.vreg, k = 4 * d;
  v[k + 2] = 0;
  v[k + 3] = 0;
}

/** Zeroes V[d] above its low 32 bits. */
export function clearAboveS(c: Cpu, d: number): void {
  const v = c.vreg, k = 4 * d;
  v[k + 1] = 0;
  v[k + 2] = 0;
  v[k + 3] = 0;
}

export const readH = (c: Cpu, n: number): number => c.vreg[4 * n] & 0xffff;
export const readS = (c: Cpu, n: number): number => c.vreg[4 * n] >>> 0;
export function readD(c: Cpu, n: number): bigint {
  const v = c.vreg, k = 4 * n;
  return (BigInt(v[k + 1] >>> 0) << 32n) | BigInt(v[k] >>> 0);
}

/** H[d] = bits, rest of V[d] zero. */
export function writeH(c: Cpu, d: number, bits: number): void {
  c.vreg[4 * d] = bits & 0xffff;
  clearAboveS(c, d);
}

/** S[d] = bits, rest of V[d] zero. */
export function writeS(c: Cpu, d: number, bits: number): void {
  c.vreg[4 * d] = bits | 0;
  clearAboveS(c, d);
}

/** D[d] = bits (low 64 bits of a bigint), rest of V[d] zero. */
export function writeD(c: Cpu, d: number, bits: bigint): void {
  const v = c.vreg, k = 4 * d;
  v[k] = Number(bits & 0xffffffffn) | 0;
  v[k + 1] = Number((bits >> 32n) & 0xffffffffn) | 0;
  v[k + 2] = 0;
  v[k + 3] = 0;
}

/** The low N bits of V[n] in the core's form for width N. */
export function readFP(c: Cpu, n: number, N: FPWidth): number | bigint {
  return N === 64 ? readD(c, n) : N === 32 ? readS(c, n) : readH(c, n);
}

/** V[d] = the N-bit value (zero-extended to 128 bits). */
export function writeFP(c: Cpu, d: number, N: FPWidth, v: number | bigint): void {
  if (N === 64) writeD(c, d, v as bigint);
  else if (N === 32) writeS(c, d, v as number);
  else writeH(c, d, v as number);
}

/** ftype (bits 23:22) of the scalar FP groups: 0 single, 1 double, 3 half (2 is unallocated). */
export const widthOfFtype = (ftype: number): FPWidth | undefined => (ftype === 0 ? 32 : ftype === 1 ? 64 : ftype === 3 ? 16 : undefined);
