// Shared pieces of the instruction handlers: the decode-table entry type, operand slot
// helpers, condition evaluation (ConditionHolds, C1.2.4) and flag-setting arithmetic
// (AddWithCarry, shared/functions/integer).

import { Op, SLOT_ZR, SLOT_ZR_SINK, type Cpu, type Handler } from '../cpu.ts';

/** One row of the decode table: encodings matching (word & mask) === value. */
export interface InsnDef {
  name: string;
  /** Instruction class, for random-stream generation and coverage. */
  cls: string;
  mask: number;
  value: number;
  /**
   * Builds the decoded op, or returns undefined when the encoding is unallocated. null means
   * "not this row's encoding": decoding goes on to the next matching row (for groups such as
   * Advanced SIMD three same, whose integer and FP opcodes live in different rooms).
   */
  build: (w: number) => Op | undefined | null;
}

export function def(name: string, cls: string, pattern: string, build: (w: number) => Op | undefined | null): InsnDef {
  // pattern: 32 chars of 0/1/x, MSB first (spaces and underscores ignored).
  const p = pattern.replace(/[ _]/g, '');
  if (p.length !== 32) throw new Error(`bad pattern for ${name}: ${pattern}`);
  let mask = 0, value = 0;
  for (let i = 0; i < 32; i++) {
    const ch = p[i];
    const bit = 31 - i;
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit;
      if (ch === '1') value |= 1 << bit;
    }
  }
  return { name, cls, mask: mask >>> 0, value: value >>> 0, build };
}

export const bits = (w: number, hi: number, lo: number): number => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);

/** w with its `width`-bit field at `lsb` replaced by v (encoding instructions in generators and tests). */
export const setBits = (w: number, lsb: number, width: number, v: number): number =>
  ((w & ~(((1 << width) - 1) << lsb)) | ((v & ((1 << width) - 1)) << lsb)) >>> 0;

/** Doubled slot of register field n read as XZR when 31. */
export const rz = (n: number): number => 2 * (n === 31 ? SLOT_ZR : n);
/** Doubled slot of register field n written as XZR (discarded) when 31. */
export const wz = (n: number): number => 2 * (n === 31 ? SLOT_ZR_SINK : n);
/** Doubled slot of register field n where 31 means SP. */
export const rsp = (n: number): number => 2 * n;

export function op(h: Handler, name: string, w: number, f: Partial<Op> = {}): Op {
  const o = new Op(h, name, w);
  Object.assign(o, f);
  return o;
}

/** ConditionHolds(cond). */
export function condHolds(c: Cpu, cond: number): boolean {
  let r: boolean;
  switch (cond >>> 1) {
    case 0: r = c.z === 1; break;
    case 1: r = c.cf === 1; break;
    case 2: r = c.n === 1; break;
    case 3: r = c.v === 1; break;
    case 4: r = c.cf === 1 && c.z === 0; break;
    case 5: r = c.n === c.v; break;
    case 6: r = c.n === c.v && c.z === 0; break;
    default: r = true;
  }
  return (cond & 1) !== 0 && cond !== 15 ? !r : r;
}

/**
 * AddWithCarry for 64-bit operands (halves) writing X[d] (doubled slot) and optionally NZCV.
 */
export function addWithCarry64(c: Cpu, alo: number, ahi: number, blo: number, bhi: number, cin: number,
  d: number, setFlags: boolean): void {
  const sl = (alo >>> 0) + (blo >>> 0) + cin;
  const lo = sl | 0;
  const ch = sl > 0xffffffff ? 1 : 0;
  const sh = (ahi >>> 0) + (bhi >>> 0) + ch;
  const hi = sh | 0;
  if (setFlags) {
    c.n = hi >>> 31;
    c.z = lo === 0 && hi === 0 ? 1 : 0;
    c.cf = sh > 0xffffffff ? 1 : 0;
    c.v = ((ahi ^ hi) & (bhi ^ hi)) >>> 31;
  }
  const x = c.x;
  x[d] = lo;
  x[d + 1] = hi;
}

/** AddWithCarry for 32-bit operands; the result is zero-extended into X[d]. */
export function addWithCarry32(c: Cpu, a: number, b: number, cin: number, d: number, setFlags: boolean): void {
  const s = (a >>> 0) + (b >>> 0) + cin;
  const r = s | 0;
  if (setFlags) {
    c.n = r >>> 31;
    c.z = r === 0 ? 1 : 0;
    c.cf = s > 0xffffffff ? 1 : 0;
    c.v = ((a ^ r) & (b ^ r)) >>> 31;
  }
  c.x[d] = r;
  c.x[d + 1] = 0;
}

/** Sets N and Z from a 64-bit result, clearing C and V (logical ops with S). */
export function logicFlags64(c: Cpu, lo: number, hi: number): void {
  c.n = hi >>> 31;
  c.z = lo === 0 && hi === 0 ? 1 : 0;
  c.cf = 0;
  c.v = 0;
}

export function logicFlags32(c: Cpu, r: number): void {
  c.n = r >>> 31;
  c.z = r === 0 ? 1 : 0;
  c.cf = 0;
  c.v = 0;
}

/** DecodeBitMasks (C6.2 shared/functions/bitmasks): returns [wmask, tmask] or undefined. */
export function decodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, datasize: number):
  [bigint, bigint] | undefined {
  const combined = (immN << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return undefined;
  if ((1 << len) > datasize) return undefined;
  const levels = (1 << len) - 1;
  if (immediate && (imms & levels) === levels) return undefined;
  const s = imms & levels;
  const r = immr & levels;
  const diff = (s - r) & levels;
  const esize = 1 << len;
  const d = diff & levels;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const telem = (1n << BigInt(d + 1)) - 1n;
  const emask = (1n << BigInt(esize)) - 1n;
  const rotated = r === 0 ? welem : ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & emask;
  let wmask = 0n, tmask = 0n;
  for (let i = 0; i < datasize; i += esize) {
    wmask |= rotated << BigInt(i);
    tmask |= telem << BigInt(i);
  }
  return [wmask, tmask];
}

export const lo32 = (v: bigint): number => Number(v & 0xffffffffn) | 0;
export const hi32 = (v: bigint): number => Number((v >> 32n) & 0xffffffffn) | 0;
