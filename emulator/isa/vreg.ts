// Element access to the SIMD&FP register file and the FP control/status registers, shared by
// every SIMD&FP room (fp-scalar, simd-int, simd-fp, crypto). Cpu.vreg holds V0-V31 as 32 x 4
// little-endian 32-bit words (word 0 is bits [31:0]); Arm ARM C1.2.5 and the V[]/Elem[]
// accessors of shared/functions/vector.
//
// A write of a scalar or 64-bit vector result clears the rest of the 128-bit register
// (V[n, width] = value zero-extends, C2.1.2 "SIMD and floating-point scalar register names"):
// callers use clearAbove after writing fewer than 128 bits.

import type { Cpu } from '../cpu.ts';
import type { FPState } from '../fp/index.ts';
import { countFpInstruction } from '../fp-stats.ts';

/** Elem[V[n], i, esize] for esize 8, 16 or 32, unsigned. */
export function getElem(c: Cpu, n: number, esize: 8 | 16 | 32, i: number): number {
  const bitOff = i * esize;
  const w = c.vreg[4 * n + (bitOff >>> 5)];
  if (esize === 32) return w >>> 0;
  return (w >>> (bitOff & 31)) & (esize === 16 ? 0xffff : 0xff);
}

/** Elem[V[n], i, esize] = v for esize 8, 16 or 32 (other bits of the register unchanged). */
export function setElem(c: Cpu, n: number, esize: 8 | 16 | 32, i: number, v: number): void {
  const bitOff = i * esize;
  const k = 4 * n + (bitOff >>> 5);
  if (esize === 32) { c.vreg[k] = v | 0; return; }
  const sh = bitOff & 31, m = (esize === 16 ? 0xffff : 0xff) << sh;
  c.vreg[k] = (c.vreg[k] & ~m) | ((v << sh) & m);
}

/** Elem[V[n], i, 64] as an unsigned bigint. */
export function getElem64(c: Cpu, n: number, i: number): bigint {
  const k = 4 * n + 2 * i;
  return (BigInt(c.vreg[k + 1] >>> 0) << 32n) | BigInt(c.vreg[k] >>> 0);
}

/** Elem[V[n], i, 64] = v (low 64 bits of v). */
export function setElem64(c: Cpu, n: number, i: number, v: bigint): void {
  const k = 4 * n + 2 * i;
  c.vreg[k] = Number(v & 0xffffffffn) | 0;
  c.vreg[k + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
}

/** Zeroes V[n] above its low `bits` bits (bits a multiple of 8, at most 128). */
export function clearAbove(c: Cpu, n: number, bits: number): void {
  const v = c.vreg, b = 4 * n;
  for (let k = 0; k < 4; k++) {
    const lo = 32 * k;
    if (bits <= lo) v[b + k] = 0;
    else if (bits < lo + 32) v[b + k] &= (1 << (bits - lo)) - 1;
  }
}

/** The whole 128-bit V[n] as an unsigned bigint (tests, crypto and permutes). */
export function getV128(c: Cpu, n: number): bigint {
  return (getElem64(c, n, 1) << 64n) | getElem64(c, n, 0);
}

export function setV128(c: Cpu, n: number, v: bigint): void {
  setElem64(c, n, 0, v);
  setElem64(c, n, 1, v >> 64n);
}

/** FPCR as a number (its architected bits all sit in [31:0]). */
export function fpcrOf(c: Cpu): number {
  return Number(c.sr.get('FPCR') & 0xffffffffn);
}

const scratchState: FPState = { fpsr: 0, nan: 0 };

/** A cleared FPState for one instruction; pass it to fpStateEnd when the instruction is done. */
export function fpStateBegin(): FPState {
  scratchState.fpsr = 0;
  scratchState.nan = 0;
  return scratchState;
}

/** ORs the instruction's cumulative exception flags into FPSR (flags are sticky, C5.2.9). */
export function fpStateEnd(c: Cpu, st: FPState): void {
  if (st.fpsr !== 0) c.sr.set('FPSR', c.sr.get('FPSR') | BigInt(st.fpsr >>> 0));
  if (c.fpStats) countFpInstruction(c.fpStats, st.fpsr, st.nan ?? 0);
}
