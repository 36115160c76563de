// Lane plumbing shared by the Advanced SIMD floating-point rows (simd-fp-*.ts): feature gates,
// the entry sequence of every handler, element reads as the FP core's values (f16/f32 as
// numbers, f64 as bigint) and the write of a result (V[d, datasize] = result clears the rest
// of the register, C2.1.2).
//
// Op fields used by the handlers: rd/rn/rm registers, imm2 = esize (16/32/64), imm3 = result
// elements, imm4 = bits of V[d] written (N for a scalar, 64 or 128 for a vector), sf = Gate,
// imm/ra/rm2 per handler (index, rounding, fbits, rotation...).

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import type { FPState, FPWidth } from '../fp/index.ts';
import { bits, op, type InsnDef } from './common.ts';
import { fpAccessCheck } from './fp-access.ts';
import { clearAbove, fpcrOf, fpStateBegin, fpStateEnd, getElem, getElem64, setElem, setElem64 } from './vreg.ts';

export type Lane = number | bigint;
export type F1 = (a: Lane, N: FPWidth, fpcr: number, st: FPState) => Lane;
export type F2 = (a: Lane, b: Lane, N: FPWidth, fpcr: number, st: FPState) => Lane;
export type Handler = (c: Cpu, o: Op) => void;

/** The feature an encoding needs beyond FP/AdvSIMD (decode is per word, so it is checked when run). */
export const enum Gate { None, FP16, FHM, FCMA, FCMA16, BF16, FRINTTS }

/** UNDEFINED when the CPU lacks the row's feature (decode-time in the pseudocode: before the FP trap). */
export function gate(c: Cpu, g: number): void {
  if (g === Gate.None) return;
  const f = c.features;
  const ok = g === Gate.FP16 ? f.fp16 : g === Gate.FHM ? f.fhm : g === Gate.FCMA ? f.fcma
    : g === Gate.FCMA16 ? f.fcma && f.fp16 : g === Gate.BF16 ? f.bf16 : f.frintts;
  if (!ok) undefinedInstruction(c);
}

/** The start of every handler: feature gate, SIMD&FP access check, a cleared FPState. */
export function enter(c: Cpu, o: Op): FPState {
  gate(c, o.sf);
  fpAccessCheck(c);
  return fpStateBegin();
}

export const leave = fpStateEnd;
export const fpcr = fpcrOf;

/** Elem[V[n], i, N] as the core's value of width N. */
export function lane(c: Cpu, n: number, N: number, i: number): Lane {
  return N === 64 ? getElem64(c, n, i) : getElem(c, n, N as 16 | 32, i);
}

/** Result elements, filled by a handler and written by writeResult (operands are all read first). */
export const res: Lane[] = new Array<Lane>(16).fill(0);

/** V[d] = res[0..count) of width N, the register above `keep` bits cleared. */
export function writeResult(c: Cpu, d: number, N: number, count: number, keep: number): void {
  if (N === 64) for (let i = 0; i < count; i++) setElem64(c, d, i, res[i] as bigint);
  else for (let i = 0; i < count; i++) setElem(c, d, N as 16 | 32, i, res[i] as number);
  if (keep < 128) clearAbove(c, d, keep);
}

/** Writes res into the part-th 64-bit half of V[d] (Vpart[d, part]; part 0 clears the upper half). */
export function writePart(c: Cpu, d: number, N: number, count: number, part: number): void {
  if (N === 64) for (let i = 0; i < count; i++) setElem64(c, d, part + i, res[i] as bigint);
  else for (let i = 0; i < count; i++) setElem(c, d, N as 16 | 32, part * (64 / N) + i, res[i] as number);
  if (part === 0) clearAbove(c, d, 64);
}

/** All-ones of width N (a comparison's true). */
export const ones = (N: number): Lane => (N === 64 ? 0xffffffffffffffffn : N === 32 ? 0xffffffff : 0xffff);
export const zeroOf = (N: number): Lane => (N === 64 ? 0n : 0);
export const toLane = (v: bigint, N: number): Lane => (N === 64 ? v : Number(v));
export const toBigLane = (v: Lane): bigint => (typeof v === 'bigint' ? v : BigInt(v >>> 0));

/** Instruction fields every row reads. */
export const Q = (w: number): number => bits(w, 30, 30);
export const U = (w: number): number => bits(w, 29, 29);
export const regs = (w: number): { rd: number; rn: number; rm: number } => ({ rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16) });

/** An op of a lane handler: N-bit elements, `count` results, `keep` bits of V[d] written. */
export function laneOp(h: Handler, name: string, w: number, N: number, count: number, keep: number, g: Gate,
  f: Partial<Op> = {}): Op {
  return op(h, name, w, { ...regs(w), imm2: N, imm3: count, imm4: keep, sf: g, ...f });
}

/** Vector shape from Q and esize: [elements, datasize], or undefined for 1D (Q = 0, esize 64). */
export function shape(q: number, N: number): [number, number] | undefined {
  if (q === 0 && N === 64) return undefined;
  const ds = q ? 128 : 64;
  return [ds / N, ds];
}

/** A definition row of a room (re-exported for the group files). */
export type Row = InsnDef;
