// FEAT_SHA3: EOR3, BCAX, RAX1, XAR (Arm ARM C7.2 instruction pages), the Keccak helpers on
// 128-bit registers (EOR3, BCAX bytewise; RAX1, XAR on two 64-bit lanes, as int32 halves).

import { R, ror64 } from '../bits.ts';
import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { fpAccessCheck } from './fp-access.ts';

function enter(c: Cpu): void {
  if (!c.features.sha3) undefinedInstruction(c);
  fpAccessCheck(c);
}

/** EOR3: V[d] = V[n] EOR V[m] EOR V[a]. */
export function eor3(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm, a = 4 * o.ra;
  for (let k = 0; k < 4; k++) v[d + k] = v[n + k] ^ v[m + k] ^ v[a + k];
}

/** BCAX: V[d] = V[n] EOR (V[m] AND NOT(V[a])). */
export function bcax(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm, a = 4 * o.ra;
  for (let k = 0; k < 4; k++) v[d + k] = v[n + k] ^ (v[m + k] & ~v[a + k]);
}

/** RAX1: each 64-bit lane V[n] EOR ROL(V[m], 1). */
export function rax1(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  for (let k = 0; k < 4; k += 2) {
    const ml = v[m + k], mh = v[m + k + 1];
    const rl = v[n + k] ^ ((ml << 1) | (mh >>> 31)), rh = v[n + k + 1] ^ ((mh << 1) | (ml >>> 31));
    v[d + k] = rl; v[d + k + 1] = rh;
  }
}

/** XAR: each 64-bit lane ROR(V[n] EOR V[m], imm6). */
export function xar(c: Cpu, o: Op): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn, m = 4 * o.rm;
  for (let k = 0; k < 4; k += 2) {
    ror64(v[n + k] ^ v[m + k], v[n + k + 1] ^ v[m + k + 1], o.imm);
    v[d + k] = R.lo; v[d + k + 1] = R.hi;
  }
}
