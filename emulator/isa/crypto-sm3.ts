// FEAT_SM3: SM3SS1, SM3TT1A, SM3TT1B, SM3TT2A, SM3TT2B, SM3PARTW1, SM3PARTW2 (Arm ARM C7.2
// instruction pages), the SM3 hash (GB/T 32905) compression and message expansion steps on
// the 32-bit words of V[] (element 0 = bits [31:0]; the SM3 state word A sits in element 3).

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { fpAccessCheck } from './fp-access.ts';

const rol = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

function enter(c: Cpu): void {
  if (!c.features.sm3) undefinedInstruction(c);
  fpAccessCheck(c);
}

/** SM3SS1: V[d]<127:96> = ROL(ROL(V[n]<127:96>, 12) + V[m]<127:96> + V[a]<127:96>, 7), the rest zero. */
export function sm3ss1(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd;
  const ss1 = rol((rol(v[4 * o.rn + 3], 12) + v[4 * o.rm + 3] + v[4 * o.ra + 3]) | 0, 7);
  v[d] = 0; v[d + 1] = 0; v[d + 2] = 0; v[d + 3] = ss1;
}

// The boolean functions of SM3TT1A/B (FF_j) and SM3TT2A/B (GG_j): x = V[d]<127:96>, y = <95:64>, z = <63:32>.
const ffgg0 = (x: number, y: number, z: number): number => z ^ (x ^ y);
const ff1 = (x: number, y: number, z: number): number => (x & z) | (x & y) | (z & y);
const gg1 = (x: number, y: number, z: number): number => (x & y) | (~x & z);

/** SM3TT1A/SM3TT1B: TT1 = FF(..) + V[d]<31:0> + SS2 + V[m].S[imm2], SS2 = V[n]<127:96> EOR ROL(V[d]<127:96>, 12). */
function sm3tt1(c: Cpu, o: Op, f: (x: number, y: number, z: number) => number): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd;
  const d0 = v[d], d1 = v[d + 1], d2 = v[d + 2], d3 = v[d + 3];
  const ss2 = v[4 * o.rn + 3] ^ rol(d3, 12);
  const tt1 = (f(d3, d2, d1) + d0 + ss2 + v[4 * o.rm + o.imm]) | 0;
  v[d] = d1; v[d + 1] = rol(d2, 9); v[d + 2] = d3; v[d + 3] = tt1;
}

/** SM3TT2A/SM3TT2B: TT2 = GG(..) + V[d]<31:0> + V[n]<127:96> + V[m].S[imm2]; the new top word is P0(TT2). */
function sm3tt2(c: Cpu, o: Op, g: (x: number, y: number, z: number) => number): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd;
  const d0 = v[d], d1 = v[d + 1], d2 = v[d + 2], d3 = v[d + 3];
  const tt2 = (g(d3, d2, d1) + d0 + v[4 * o.rn + 3] + v[4 * o.rm + o.imm]) | 0;
  v[d] = d1; v[d + 1] = rol(d2, 19); v[d + 2] = d3; v[d + 3] = tt2 ^ rol(tt2, 9) ^ rol(tt2, 17);
}

export function sm3tt1a(c: Cpu, o: Op): void { sm3tt1(c, o, ffgg0); }
export function sm3tt1b(c: Cpu, o: Op): void { sm3tt1(c, o, ff1); }
export function sm3tt2a(c: Cpu, o: Op): void { sm3tt2(c, o, ffgg0); }
export function sm3tt2b(c: Cpu, o: Op): void { sm3tt2(c, o, gg1); }

/** P1(x) = x EOR ROL(x, 15) EOR ROL(x, 23). */
const p1 = (x: number): number => x ^ rol(x, 15) ^ rol(x, 23);

/**
 * SM3PARTW1: words 0-2 = P1((V[d] EOR V[n]) EOR ROL(V[m] word i+1, 15)); word 3 uses the new
 * word 0 in place of V[m]'s (the pseudocode's loop order).
 */
export function sm3partw1(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const r0 = p1(v[d] ^ v[n] ^ rol(v[m + 1], 15));
  const r1 = p1(v[d + 1] ^ v[n + 1] ^ rol(v[m + 2], 15));
  const r2 = p1(v[d + 2] ^ v[n + 2] ^ rol(v[m + 3], 15));
  const r3 = p1(v[d + 3] ^ v[n + 3] ^ rol(r0, 15));
  v[d] = r0; v[d + 1] = r1; v[d + 2] = r2; v[d + 3] = r3;
}

/** SM3PARTW2: tmp = V[n] EOR ROL(V[m], 7) wordwise; V[d] EOR tmp, word 3 also EOR P1(ROL(tmp<31:0>, 15)). */
export function sm3partw2(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  const t0 = v[n] ^ rol(v[m], 7), t1 = v[n + 1] ^ rol(v[m + 1], 7);
  const t2 = v[n + 2] ^ rol(v[m + 2], 7), t3 = v[n + 3] ^ rol(v[m + 3], 7);
  const r3 = v[d + 3] ^ t3 ^ p1(rol(t0, 15));
  v[d] ^= t0; v[d + 1] ^= t1; v[d + 2] ^= t2; v[d + 3] = r3;
}
