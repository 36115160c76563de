// Decoding of the Advanced SIMD FP rows (simd-fp-*.ts): words assembled by GNU as
// (-march=armv8.6-a+fp16+fp16fml+bf16) decode to their instruction, with the element size,
// count and index the handlers use; a few neighbours of each group are UNDEFINED.

import { describe, expect, it } from 'vitest';
import { decode } from '../decode.ts';

// [word, GNU disassembly, the model's op name]
const ASSEMBLED: [number, string, string][] = [
  [0x4e22d420, 'fadd v0.4s, v1.4s, v2.4s', 'FADD (vector)'],
  [0x4e62d420, 'fadd v0.2d, v1.2d, v2.2d', 'FADD (vector)'],
  [0x4e421420, 'fadd v0.8h, v1.8h, v2.8h', 'FADD (vector)'],
  [0x4e22cc20, 'fmla v0.4s, v1.4s, v2.4s', 'FMLA (vector)'],
  [0x0ec20c20, 'fmls v0.4h, v1.4h, v2.4h', 'FMLS (vector)'],
  [0x6e22d420, 'faddp v0.4s, v1.4s, v2.4s', 'FADDP (vector)'],
  [0x7ea2d420, 'fabd s0, s1, s2', 'FABD (scalar)'],
  [0x7ec21420, 'fabd h0, h1, h2', 'FABD (scalar)'],
  [0x7ee2ec20, 'facgt d0, d1, d2', 'FACGT (scalar)'],
  [0x4e22ec20, 'fmlal v0.4s, v1.4h, v2.4h', 'FMLAL (vector)'],
  [0x2ea2cc20, 'fmlsl2 v0.2s, v1.2h, v2.2h', 'FMLSL2 (vector)'],
  [0x4e218820, 'frintn v0.4s, v1.4s', 'FRINTN (vector)'],
  [0x4e61e820, 'frint32z v0.2d, v1.2d', 'FRINT32Z (vector)'],
  [0x4e79a820, 'fcvtns v0.8h, v1.8h', 'FCVTNS (vector)'],
  [0x7ee1b820, 'fcvtzu d0, d1', 'FCVTZU (scalar)'],
  [0x5e79d820, 'scvtf h0, h1', 'SCVTF (scalar)'],
  [0x6ea0d820, 'fcmle v0.4s, v1.4s, #0.0', 'FCMLE (zero) (vector)'],
  [0x5ef8e820, 'fcmlt h0, h1, #0.0', 'FCMLT (zero) (scalar)'],
  [0x5ee1f820, 'frecpx d0, d1', 'FRECPX (scalar)'],
  [0x6ee1f820, 'fsqrt v0.2d, v1.2d', 'FSQRT (vector)'],
  [0x0e216820, 'fcvtn v0.4h, v1.4s', 'FCVTN'],
  [0x4e616820, 'fcvtn2 v0.4s, v1.2d', 'FCVTN2'],
  [0x4e217820, 'fcvtl2 v0.4s, v1.8h', 'FCVTL2'],
  [0x7e616820, 'fcvtxn s0, d1', 'FCVTXN (scalar)'],
  [0x6e616820, 'fcvtxn2 v0.4s, v1.2d', 'FCVTXN2'],
  [0x4ea16820, 'bfcvtn2 v0.8h, v1.4s', 'BFCVTN2'],
  [0x4e30c820, 'fmaxnmv h0, v1.8h', 'FMAXNMV'],
  [0x6eb0f820, 'fminv s0, v1.4s', 'FMINV'],
  [0x5e30d820, 'faddp h0, v1.2h', 'FADDP (scalar)'],
  [0x7ef0c820, 'fminnmp d0, v1.2d', 'FMINNMP (scalar)'],
  [0x4f3de420, 'scvtf v0.4s, v1.4s, #3', 'SCVTF (vector, fixed-point)'],
  [0x6f10fc20, 'fcvtzu v0.8h, v1.8h, #16', 'FCVTZU (vector, fixed-point)'],
  [0x5f40fc20, 'fcvtzs d0, d1, #64', 'FCVTZS (scalar, fixed-point)'],
  [0x7f1fe420, 'ucvtf h0, h1, #1', 'UCVTF (scalar, fixed-point)'],
  [0x4f3f1820, 'fmla v0.8h, v1.8h, v15.h[7]', 'FMLA (by element)'],
  [0x4fbf9820, 'fmul v0.4s, v1.4s, v31.s[3]', 'FMUL (by element)'],
  [0x6fdf9820, 'fmulx v0.2d, v1.2d, v31.d[1]', 'FMULX (by element)'],
  [0x5fa25020, 'fmls s0, s1, v2.s[1]', 'FMLS (scalar, by element)'],
  [0x7f129820, 'fmulx h0, h1, v2.h[5]', 'FMULX (scalar, by element)'],
  [0x6fbf8820, 'fmlal2 v0.4s, v1.4h, v15.h[7]', 'FMLAL2 (by element)'],
  [0x6f623820, 'fcmla v0.8h, v1.8h, v2.h[3], #90', 'FCMLA (by element)'],
  [0x6f827820, 'fcmla v0.4s, v1.4s, v2.s[1], #270', 'FCMLA (by element)'],
  [0x6ec2d420, 'fcmla v0.2d, v1.2d, v2.2d, #180', 'FCMLA'],
  [0x2e42f420, 'fcadd v0.4h, v1.4h, v2.4h, #270', 'FCADD'],
  [0x6e42fc20, 'bfdot v0.4s, v1.8h, v2.8h', 'BFDOT (vector)'],
  [0x0f62f820, 'bfdot v0.2s, v1.4h, v2.2h[3]', 'BFDOT (by element)'],
  [0x6e42ec20, 'bfmmla v0.4s, v1.8h, v2.8h', 'BFMMLA'],
  [0x6ec2fc20, 'bfmlalt v0.4s, v1.8h, v2.8h', 'BFMLALT (vector)'],
  [0x0ff2f820, 'bfmlalb v0.4s, v1.8h, v2.h[7]', 'BFMLALB (by element)'],
  [0x0ea2fc20, 'frsqrts v0.2s, v1.2s, v2.2s', 'FRSQRTS (vector)'],
  [0x5e423c20, 'frecps h0, h1, h2', 'FRECPS (scalar)'],
  [0x6e420420, 'fmaxnmp v0.8h, v1.8h, v2.8h', 'FMAXNMP (vector)'],
  [0x4e61c820, 'fcvtas v0.2d, v1.2d', 'FCVTAS (vector)'],
  [0x6e61d820, 'ucvtf v0.2d, v1.2d', 'UCVTF (vector)'],
  [0x4f01fddb, 'fmov v27.8h, #15.0', 'FMOV (vector, immediate, half)'],
];

describe('Advanced SIMD FP decode', () => {
  it('decodes what GNU as assembles', () => {
    for (const [w, asm, name] of ASSEMBLED) expect(decode(w).name, asm).toBe(name);
  });
  it('reads element size, count and index from the fields', () => {
    const fmla = decode(0x4f3f1820); // fmla v0.8h, v1.8h, v15.h[7]
    expect([fmla.imm2, fmla.imm3, fmla.imm, fmla.rm]).toEqual([16, 8, 7, 15]);
    const fcvtzu = decode(0x6f10fc20); // fcvtzu v0.8h, v1.8h, #16
    expect([fcvtzu.imm2, fcvtzu.imm3, fcvtzu.imm, fcvtzu.ra]).toEqual([16, 8, 16, 1]);
    const fcvtn2 = decode(0x4e616820); // fcvtn2 v0.4s, v1.2d
    expect([fcvtn2.imm2, fcvtn2.ra, fcvtn2.imm]).toEqual([32, 64, 1]);
  });
  it('leaves reserved encodings UNDEFINED', () => {
    expect(decode(0x0e62d420).name).toBe('UNDEFINED'); // fadd v0.1d (Q = 0, sz = 1)
    expect(decode(0x4e62ec20).name).toBe('UNDEFINED'); // fmlal with sz = 1
    expect(decode(0x0fdf9820).name).toBe('UNDEFINED'); // fmulx by element .1d (Q = 0)
    expect(decode(0x4ff31820).name).toBe('UNDEFINED'); // fmla by element, D with L = 1
    expect(decode(0x2e216820).name).toBe('UNDEFINED'); // fcvtxn from 4S (sz = 0)
    expect(decode(0x2f827820).name).toBe('UNDEFINED'); // fcmla by element .2s (Q = 0)
    expect(decode(0x2e42ec20).name).toBe('UNDEFINED'); // bfmmla with Q = 0
    expect(decode(0x4f09fc20).name).toBe('UNDEFINED'); // fcvtzs by immediate, esize 8
    // o2 = 1 with op = 1: unallocated, UNDEFINED unless following QEMU (fmov-imm-o2-op1-runs-as-double)
    expect(decode(0x6f01fc00).name).toBe('FMOV (vector, immediate) (o2 = 1, op = 1)');
    expect(decode(0x6f01ec00).name).toBe('UNDEFINED'); // o2 = 1 with cmode = 1110
  });
  it('expands FMOV (vector, immediate) half precision into every lane', () => {
    const o = decode(0x4f01fddb); // fmov v27.8h, #15.0: 15.0 is 0x4b80 in binary16
    expect([o.rd, o.imm >>> 0, o.imm2 >>> 0, o.sf]).toEqual([27, 0x4b804b80, 0x4b804b80, 1]);
  });
  it('runs the FP16 across-lanes words with bit 22 set only when following QEMU (fp16-reduce-sz-ignored)', () => {
    expect(decode(0x4ef0cad3).name).toBe('FMINNMV (sz = 1)');
  });
});
