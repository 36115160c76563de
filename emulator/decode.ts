// The A64 decoder: a table of encodings (mask/value rows) checked in order. The same table
// drives the tests (they generate encodings from each row) and the random-stream generator.

import { Op } from './cpu.ts';
import { undefinedInstruction } from './exceptions.ts';
import { atomicEntries, rcpcPacEntries } from './isa/atomics.ts';
import { branchEntries } from './isa/branch.ts';
import type { InsnDef } from './isa/common.ts';
import { dpImmEntries } from './isa/dp-imm.ts';
import { dpRegEntries } from './isa/dp-reg.ts';
import { ldstEntries } from './isa/ldst.ts';
import { cryptoEntries } from './isa/crypto.ts';
import { fpScalarEntries } from './isa/fp-scalar.ts';
import { simdEntries } from './isa/simd.ts';
import { simdFpEntries } from './isa/simd-fp.ts';
import { simdIntEntries } from './isa/simd-int.ts';
import { systemEntries } from './isa/system.ts';

export const DECODE_TABLE: readonly InsnDef[] = [
  ...systemEntries,
  ...branchEntries,
  ...dpImmEntries,
  ...dpRegEntries,
  ...rcpcPacEntries,
  ...ldstEntries,
  ...atomicEntries,
  ...simdEntries,
  // The SIMD&FP rooms after simd.ts's register-file rows (those win where they overlap); rows
  // of different rooms never overlap. Every allocated SIMD&FP encoding of the base A64 set
  // has a row; what no row takes is unallocated, hence UNDEFINED like any other word (the
  // encoding sweep runs these spaces with SIMD&FP enabled at EL0 to prove it against QEMU).
  ...fpScalarEntries,
  ...simdIntEntries,
  ...simdFpEntries,
  ...cryptoEntries,
];

function undef(c: Parameters<typeof undefinedInstruction>[0]): void {
  undefinedInstruction(c);
}

/**
 * Decoded ops depend only on the instruction word, so one Op serves every place the same
 * word appears (decode is cached per word; handlers never mutate their Op).
 */
const cache = new Map<number, Op>();

/** Decodes one instruction word; unallocated encodings decode to an UNDEFINED op. */
export function decode(word: number): Op {
  const w = word >>> 0;
  const hit = cache.get(w);
  if (hit !== undefined) return hit;
  const o = decodeUncached(w);
  if (cache.size > 1 << 20) cache.clear();
  cache.set(w, o);
  return o;
}

function decodeUncached(w: number): Op {
  for (const d of DECODE_TABLE) {
    if (((w & d.mask) >>> 0) === d.value) {
      const o = d.build(w);
      if (o === null) continue; // another room's opcode in a shared group
      if (o !== undefined) return o;
      break;
    }
  }
  return new Op(undef, 'UNDEFINED', w);
}

/** The table row an encoding belongs to (for diagnostics and tests). */
export function decodeRow(word: number): InsnDef | undefined {
  const w = word >>> 0;
  return DECODE_TABLE.find((d) => ((w & d.mask) >>> 0) === d.value && d.build(w) !== null);
}
