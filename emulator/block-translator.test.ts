// Translated blocks against the interpreter: random loops of straight-line instructions and
// forward branches run on two machines, one a single instruction at a time and one with
// translated blocks; every general register, SP, NZCV, PC and the instruction count must
// agree. The loop runs far past the translation threshold, so most of it runs translated.
// (The scenarios prove the same code against QEMU; this covers the operand combinations
// they do not: every register, shift, condition and width the emitters specialize on.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translatable } from './block-translator.ts';
import { decode, DECODE_TABLE } from './decode.ts';
import { setBits as set } from './isa/common.ts';
import type { Machine } from './machine.ts';
import { runWords } from './test-support.ts';

const rows = DECODE_TABLE.filter((d) => d.cls === 'dp-imm' || d.cls === 'dp-reg');
/** The rows block-emit.ts emits code for (drawn twice as often as the others: theirs is the code to check). */
const EMITTED = ['ADD/SUB (immediate)', 'Logical (immediate)', 'Move wide (immediate)', 'Bitfield', 'EXTR', 'Logical (shifted register)',
  'ADD/SUB (shifted register)', 'Conditional select', 'Data-processing (3 source)'];
const emittedRows = rows.filter((d) => EMITTED.includes(d.name));
const reg = fc.integer({ min: 0, max: 31 });

/**
 * A translatable data-processing instruction; its destination (bits 4:0) is set by its
 * position in the loop (loopBody), so no result is overwritten before the state is compared.
 * Bitfield and EXTR get N = sf, without which most of their encodings are unallocated.
 */
const straight = fc.record({ row: fc.oneof(fc.constantFrom(...rows), fc.constantFrom(...emittedRows)), bits: fc.integer({ min: 0, max: 0xffff_ffff }), rn: reg, rm: reg })
  .map(({ row, bits, rn, rm }) => {
    let w = set((row.value | (bits & ~row.mask)) >>> 0, 5, 5, rn);
    if (row.cls === 'dp-reg') w = set(w, 16, 5, rm);
    if (row.name === 'Bitfield' || row.name === 'EXTR') w = set(w, 22, 1, w >>> 31);
    const o = decode(w);
    return ((w & row.mask) >>> 0) === row.value && translatable(o) && o.name !== 'BR' ? [{ dest: w }] : [];
  });

/** MRS/MSR NZCV and hints, which blocks run too. */
const system = fc.oneof(
  fc.constant([{ dest: 0xd53b4200 }]), // MRS Xd, NZCV
  fc.integer({ min: 0, max: 25 }).map((r) => [(0xd51b4200 | r) >>> 0]), // MSR NZCV, Xr
  fc.constant([0xd503201f]),
);

/** A forward branch over 1-2 instructions (B.cond, CBZ/CBNZ, TBZ/TBNZ, B, BL). */
const branch = fc.record({ kind: fc.integer({ min: 0, max: 4 }), cond: fc.integer({ min: 0, max: 15 }), rt: reg,
  sf: fc.integer({ min: 0, max: 1 }), bit: fc.integer({ min: 0, max: 63 }), nz: fc.integer({ min: 0, max: 1 }), k: fc.integer({ min: 2, max: 3 }) })
  .map(({ kind, cond, rt, sf, bit, nz, k }) => {
    switch (kind) {
      case 0: return [(0x54000000 | (k << 5) | cond) >>> 0, 0xd503201f, 0xd503201f];
      case 1: return [((sf << 31) | 0x34000000 | (nz << 24) | (k << 5) | rt) >>> 0, 0xd503201f, 0xd503201f];
      case 2: return [(((bit >> 5) << 31) | 0x36000000 | (nz << 24) | ((bit & 31) << 19) | (k << 5) | rt) >>> 0, 0xd503201f, 0xd503201f];
      case 3: return [(0x14000000 | k) >>> 0, 0xd503201f, 0xd503201f];
      default: return [(0x94000000 | k) >>> 0, 0xd503201f, 0xd503201f];
    }
  });

/** Items in order; an instruction with a destination writes X(position mod 26). */
const loopBody = fc.array(fc.oneof({ weight: 6, arbitrary: straight }, { weight: 1, arbitrary: system }, { weight: 2, arbitrary: branch }), { minLength: 1, maxLength: 24 })
  .map((items) => items.flat().map((w, i) => (typeof w === 'number' ? w : set(w.dest, 0, 5, i % 26))));

/** Register values: random, or an edge where one half is zero, all ones, or a sign bit. */
const word64 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.constantFrom(0n, 1n, 0xffffffffn, 0xfffffffen, 0x80000000n, 0x80000001n, 0x7fffffffn, 0x1_0000_0000n, 0xffffffff_00000000n,
    0x80000000_00000000n, 0x80000000_00000001n, 0x7fffffff_ffffffffn, (1n << 64n) - 2n, (1n << 64n) - 1n),
);

function state(m: Machine): string {
  const c = m.cpu;
  const regs = Array.from({ length: 31 }, (_, i) => c.getX(i).toString(16));
  return `${regs.join(' ')} sp=${c.getSP().toString(16)} nzcv=${c.getNZCV().toString(16)} pc=${c.pc.toString(16)} n=${c.instret}`;
}

function run(words: number[], regs: bigint[], nzcv: number, steps: number, translate: boolean): Machine {
  // The body, then B back to its start: a loop that runs until the step limit. Translated
  // from the first execution on, so the blocks see the edge values too.
  const loop = [...words, (0x14000000 | ((-words.length) & 0x3ffffff)) >>> 0];
  return runWords(loop, (m) => {
    regs.forEach((v, i) => m.cpu.setX(i, v));
    m.cpu.setNZCV(nzcv);
  }, steps, { memMiB: 8, blockThreshold: translate ? 1 : 0 });
}

describe('translated blocks', () => {
  it('compute what the interpreter computes, instruction for instruction', () => {
    fc.assert(fc.property(loopBody, fc.array(word64, { minLength: 31, maxLength: 31 }), fc.integer({ min: 0, max: 15 }),
      (words, regs, flags) => {
        const steps = 8 * (words.length + 1) + 3;
        const interpreted = run(words, regs, flags << 28, steps, false);
        const translated = run(words, regs, flags << 28, steps, true);
        expect(state(translated)).toBe(state(interpreted));
      }), { numRuns: 1000 });
  });

  it('run hot loops, and only when enabled', () => {
    // sub x0, x0, #1 ; b -4: 1000 iterations leave X0 = 0 after 2000 instructions.
    for (const translate of [true, false]) {
      const m = run([0xd1000400], [1000n], 0, 2000, translate);
      expect(m.cpu.getX(0)).toBe(0n);
      expect(m.cpu.instret).toBe(2000);
      expect(m.cpu.blocksTranslated > 0).toBe(translate);
    }
  });
});
