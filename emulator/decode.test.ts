import { describe, expect, it } from 'vitest';
import { decode, DECODE_TABLE } from './decode.ts';
import { runWords } from './test-support.ts';

describe('decode table', () => {
  it('has consistent rows: value only sets bits covered by mask', () => {
    for (const d of DECODE_TABLE) expect((d.value & ~d.mask) >>> 0, d.name).toBe(0);
  });

  it.each([
    [0x8b020020, 'ADD'], // add x0, x1, x2
    [0x91000420, 'ADD'], // add x0, x1, #1
    [0xf1000421, 'SUBS'], // subs x1, x1, #1
    [0xaa0203e1, 'MOV'], // mov x1, x2
    [0xd3431c23, 'UBFM'], // ubfx x3, x1, #3, #5
    [0x9ac20c20, 'SDIV'],
    [0x9bc27c20, 'UMULH'],
    [0xf9400020, 'LDR'], // ldr x0, [x1]
    [0xa9bf7bfd, 'STP'], // stp x29, x30, [sp, #-16]!
    [0x54000040, 'B.cond'],
    [0xd65f03c0, 'RET'],
    [0xd69f03e0, 'ERET'],
    [0xd4000002, 'HVC'],
    [0xd53c1100, 'MRS'], // mrs x0, hcr_el2
    [0xd503201f, 'HINT'], // nop
    [0x00000000, 'UNDEFINED'], // udf #0
  ])('decodes %s as %s', (word, name) => {
    expect(decode(word).name).toBe(name);
  });

  it('rejects unallocated encodings inside allocated rows', () => {
    expect(decode(0x12800000 | (1 << 22)).name).toBe('UNDEFINED'); // 32-bit logical imm with N=1
    expect(decode(0x93800000).name).toBe('UNDEFINED'); // EXTR with sf=1, N=0 (N must equal sf)
  });
});

describe('execution', () => {
  const x = (m: ReturnType<typeof runWords>, n: number): bigint => m.cpu.getX(n);

  it('64-bit add with carry into the high word, and flags of SUBS', () => {
    const m = runWords([0xab020020, 0xeb020023], (mm) => { // adds x0,x1,x2 ; subs x3,x1,x2
      mm.cpu.setX(1, 0xffffffffn);
      mm.cpu.setX(2, 1n);
    });
    expect(x(m, 0)).toBe(0x100000000n);
    expect(x(m, 3)).toBe(0xfffffffen);
    expect(m.cpu.cf).toBe(1); // no borrow
  });

  it('MUL, UMULH, SMULH, UDIV/SDIV by zero', () => {
    const m = runWords([
      0x9b027c20, // mul x0, x1, x2
      0x9bc27c23, // umulh x3, x1, x2
      0x9b427c24, // smulh x4, x1, x2
      0x9ac50825, // udiv x5, x1, x5 (x5 = 0)
    ], (mm) => {
      mm.cpu.setX(1, 0xfedcba9876543210n);
      mm.cpu.setX(2, 0x0123456789abcdefn);
    });
    const a = 0xfedcba9876543210n, b = 0x0123456789abcdefn;
    expect(x(m, 0)).toBe((a * b) & 0xffffffffffffffffn);
    expect(x(m, 3)).toBe((a * b) >> 64n);
    expect(x(m, 4)).toBe(BigInt.asUintN(64, (BigInt.asIntN(64, a) * b) >> 64n));
    expect(x(m, 5)).toBe(0n);
  });

  it('bitfield aliases: UBFX, SBFX, BFI, LSL, ASR', () => {
    const m = runWords([
      0xd3431c20, // ubfx x0, x1, #3, #5
      0x93431c22, // sbfx x2, x1, #3, #5
      0xb37c0c23, // bfi x3, x1, #4, #4
      0xd37cec24, // lsl x4, x1, #4
      0x9344fc25, // asr x5, x1, #4
    ], (mm) => {
      mm.cpu.setX(1, 0x80000000000000f8n);
      mm.cpu.setX(3, 0xffffffffffffffffn);
    });
    expect(x(m, 0)).toBe(0x1fn);
    expect(x(m, 2)).toBe(0xffffffffffffffffn);
    expect(x(m, 3)).toBe(0xffffffffffffff8fn);
    expect(x(m, 4)).toBe(0x0000000000000f80n);
    expect(x(m, 5)).toBe(0xf80000000000000fn);
  });

  it('UNDEFINED at EL2 takes an exception with EC 0 to EL2', () => {
    const m = runWords([0x00000000], undefined, 5);
    expect(m.events[0]).toMatchObject({ event: 'exception-taken', kind: 'synchronous', ec: 0, fromEl: 2, toEl: 2, esr: 0x2000000 });
  });
});
