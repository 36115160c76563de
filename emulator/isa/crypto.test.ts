// The cryptographic extension against published known-answer vectors (FIPS-197 Appendix C.1,
// FIPS 180-4's "abc" example, GB/T 32907 Appendix A.1), run instruction by instruction
// through the decoder on a model CPU; plus decoding and the feature gates. QEMU agreement is
// proved by the 'crypto' risu class and scenario crypto.

import { describe, expect, it } from 'vitest';
import type { Cpu } from '../cpu.ts';
import { decode } from '../decode.ts';
import { Machine } from '../machine.ts';
import type { CpuProfile } from '../profiles.ts';
import { AES_INV_SBOX, AES_SBOX } from './crypto-aes.ts';
import { SM4_SBOX } from './crypto-sm4.ts';
import { getV128, setV128 } from './vreg.ts';

function cpuOf(profile: CpuProfile = 'max'): Cpu {
  return new Machine({ profile, memMiB: 64, uartCapBytes: 1 << 16 }).cpu;
}

/** Executes one instruction word's handler on `c` (as the CPU's step does). */
function exec(c: Cpu, w: number): void {
  const o = decode(w);
  o.h(c, o);
}

const r2 = (base: number, d: number, n: number): number => (base | (n << 5) | d) >>> 0;
const r3 = (base: number, d: number, n: number, m: number): number => (base | (m << 16) | (n << 5) | d) >>> 0;

/** 16 bytes (hex, memory order) as the 128-bit value LD1 {Vt.16B} would load. */
const fromBytes = (hex: string): bigint => BigInt('0x' + (hex.match(/../g) ?? []).reverse().join(''));
const toBytes = (v: bigint): string => (v.toString(16).padStart(32, '0').match(/../g) ?? []).reverse().join('');
/** Four 32-bit words, element 0 first. */
const fromWords = (ws: number[]): bigint => ws.reduce((acc, w, i) => acc | (BigInt(w >>> 0) << BigInt(32 * i)), 0n);
const toWords = (v: bigint): number[] => [0, 1, 2, 3].map((i) => Number((v >> BigInt(32 * i)) & 0xffffffffn));

describe('AES (FIPS-197)', () => {
  it('the S-box tables are FIPS-197 §5.1.1: multiplicative inverse, then the affine transformation', () => {
    const mul = (a: number, b: number): number => {
      let r = 0;
      for (let i = 0; i < 8; i++, b >>= 1, a = ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff) if (b & 1) r ^= a;
      return r;
    };
    for (let x = 0; x < 256; x++) {
      let inv = 0;
      for (let y = 1; y < 256 && x !== 0; y++) if (mul(x, y) === 1) inv = y;
      let s = 0x63;
      for (let i = 0; i < 8; i++) s ^= (((inv >> i) ^ (inv >> ((i + 4) % 8)) ^ (inv >> ((i + 5) % 8)) ^ (inv >> ((i + 6) % 8)) ^ (inv >> ((i + 7) % 8))) & 1) << i;
      expect(AES_SBOX[x], `S(${x})`).toBe(s);
      expect(AES_INV_SBOX[s]).toBe(x);
    }
  });

  it('AES-128 encrypts and decrypts Appendix C.1 with AESE/AESMC and AESD/AESIMC', () => {
    // Key expansion (FIPS-197 §5.2) in software; the cipher is the model's instructions.
    const key = [...Array(16).keys()];
    const w: number[][] = [];
    for (let i = 0; i < 4; i++) w.push(key.slice(4 * i, 4 * i + 4));
    let rcon = 1;
    for (let i = 4; i < 44; i++) {
      let t = [...w[i - 1]];
      if (i % 4 === 0) {
        t = [AES_SBOX[t[1]] ^ rcon, AES_SBOX[t[2]], AES_SBOX[t[3]], AES_SBOX[t[0]]];
        rcon = ((rcon << 1) ^ (rcon & 0x80 ? 0x1b : 0)) & 0xff;
      }
      w.push(t.map((b, j) => b ^ w[i - 4][j]));
    }
    const rk = (r: number): bigint => fromBytes(w.slice(4 * r, 4 * r + 4).flat().map((b) => b.toString(16).padStart(2, '0')).join(''));
    const c = cpuOf();
    for (let r = 0; r <= 10; r++) setV128(c, 1 + r, rk(r)); // V1-V11 = round keys 0-10
    setV128(c, 0, fromBytes('00112233445566778899aabbccddeeff'));
    for (let r = 0; r < 9; r++) { exec(c, r2(0x4e284800, 0, 1 + r)); exec(c, r2(0x4e286800, 0, 0)); } // AESE, AESMC
    exec(c, r2(0x4e284800, 0, 10));
    const ct = getV128(c, 0) ^ getV128(c, 11);
    expect(toBytes(ct)).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');

    // The equivalent inverse cipher: AESD with InvMixColumns'd middle round keys (AESIMC).
    for (let r = 1; r <= 9; r++) exec(c, r2(0x4e287800, 20 + r, 1 + r)); // V21-V29 = AESIMC(round key r)
    setV128(c, 0, ct);
    exec(c, r2(0x4e285800, 0, 11)); // AESD with round key 10
    for (let r = 9; r >= 1; r--) { exec(c, r2(0x4e287800, 0, 0)); exec(c, r2(0x4e285800, 0, 20 + r)); }
    expect(toBytes(getV128(c, 0) ^ getV128(c, 1))).toBe('00112233445566778899aabbccddeeff');
  });
});

describe('SHA-256 (FIPS 180-4)', () => {
  const K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];
  const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  it('hashes "abc" with SHA256H/SHA256H2/SHA256SU0/SHA256SU1', () => {
    // The one padded block of "abc", as big-endian words W0-W15 in V4-V7.
    const block = [0x61626380, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x18];
    const c = cpuOf();
    for (let i = 0; i < 4; i++) setV128(c, 4 + i, fromWords(block.slice(4 * i, 4 * i + 4)));
    setV128(c, 0, fromWords(H0.slice(0, 4))); // ABCD
    setV128(c, 1, fromWords(H0.slice(4))); // EFGH
    for (let g = 0; g < 16; g++) {
      const wv = 4 + (g % 4);
      // V16 = W + K (a vector ADD, done here: the SHA instructions are what is under test)
      setV128(c, 16, fromWords(toWords(getV128(c, wv)).map((x, e) => (x + K[4 * g + e]) >>> 0)));
      if (g < 12) { // the schedule for four groups on
        exec(c, r2(0x5e282800, wv, 4 + ((g + 1) % 4))); // SHA256SU0
        exec(c, r3(0x5e006000, wv, 4 + ((g + 2) % 4), 4 + ((g + 3) % 4))); // SHA256SU1
      }
      setV128(c, 2, getV128(c, 0));
      exec(c, r3(0x5e004000, 0, 1, 16)); // SHA256H  q0, q1, v16
      exec(c, r3(0x5e005000, 1, 2, 16)); // SHA256H2 q1, q2, v16
    }
    const h = [...toWords(getV128(c, 0)), ...toWords(getV128(c, 1))].map((x, i) => ((x + H0[i]) >>> 0).toString(16).padStart(8, '0'));
    expect(h.join('')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('SM4 (GB/T 32907)', () => {
  it('the S-box is a permutation', () => {
    expect(new Set(SM4_SBOX).size).toBe(256);
  });

  it('encrypts the Appendix A.1 example with SM4EKEY and SM4E', () => {
    const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];
    // CK_i byte j = (4i + j) * 7 mod 256 (§7.3.2), big-endian in the word.
    const CK = Array.from({ length: 32 }, (_, i) => [0, 1, 2, 3].reduce((acc, j) => (acc << 8) | (((4 * i + j) * 7) & 0xff), 0) >>> 0);
    const mk = [0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210];
    const c = cpuOf();
    setV128(c, 0, fromWords(mk.map((k, i) => (k ^ FK[i]) >>> 0)));
    for (let i = 0; i < 8; i++) {
      setV128(c, 30, fromWords(CK.slice(4 * i, 4 * i + 4)));
      exec(c, r3(0xce60c800, 1 + i, i, 30)); // SM4EKEY v(1+i), v(i), v30: round keys 4i..4i+3
    }
    setV128(c, 20, fromWords(mk)); // plaintext = key in the example
    for (let i = 0; i < 8; i++) exec(c, r2(0xcec08400, 20, 1 + i)); // SM4E v20, v(1+i)
    // The cipher's output is (X35, X34, X33, X32): the state's words reversed.
    const out = toWords(getV128(c, 20)).reverse().map((x) => x.toString(16).padStart(8, '0')).join('');
    expect(out).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe('decoding and feature gates', () => {
  // The words aarch64-linux-gnu-as assembles for one of each (V1, V2, V3, V4 operands).
  const WORDS: [number, string][] = [
    [0x4e284841, 'AESE'], [0x4e285841, 'AESD'], [0x4e286841, 'AESMC'], [0x4e287841, 'AESIMC'],
    [0x5e030041, 'SHA1C'], [0x5e031041, 'SHA1P'], [0x5e032041, 'SHA1M'], [0x5e033041, 'SHA1SU0'],
    [0x5e034041, 'SHA256H'], [0x5e035041, 'SHA256H2'], [0x5e036041, 'SHA256SU1'],
    [0x5e280841, 'SHA1H'], [0x5e281841, 'SHA1SU1'], [0x5e282841, 'SHA256SU0'],
    [0xce638041, 'SHA512H'], [0xce638441, 'SHA512H2'], [0xce638841, 'SHA512SU1'], [0xce638c41, 'RAX1'],
    [0xce63c041, 'SM3PARTW1'], [0xce63c441, 'SM3PARTW2'], [0xce63c841, 'SM4EKEY'],
    [0xce031041, 'EOR3'], [0xce231041, 'BCAX'], [0xce431041, 'SM3SS1'],
    [0xcec08041, 'SHA512SU0'], [0xcec08441, 'SM4E'], [0xce831441, 'XAR'],
    [0xce43a041, 'SM3TT1A'], [0xce43a441, 'SM3TT1B'], [0xce43a841, 'SM3TT2A'], [0xce43ac41, 'SM3TT2B'],
  ];

  it.each(WORDS)('decodes %s as %s', (w, name) => expect(decode(w).name).toBe(name));

  it.each([
    [0x4e684841, 'AESE with size 01'], [0x4e283841, 'AES opcode 00011'], [0x5e037041, 'three-register SHA opcode 111'],
    [0x5e283841, 'two-register SHA opcode 00011'], [0x5e430041, 'three-register SHA size 01'], [0xce63cc41, 'SHA512 O=1 opcode 11'],
    [0xce631041, 'four-register Op0 11'], [0xcec08841, 'two-register SHA512 opcode 10'], [0xcec18041, 'two-register SHA512, bit 16'],
    [0xcea31041, 'op0 1100, unallocated 0xcea'], [0xce63a041, 'SHA512 group with bit 13 set'],
  ])('%s (%s) is UNDEFINED', (w) => expect(decode(w).name).toBe('UNDEFINED'));

  it('cortex-a57 (AES, SHA1, SHA256 only) takes UNDEFINED for SHA512, SHA3, SM3 and SM4', () => {
    const c = cpuOf('cortex-a57');
    for (const [w, name] of WORDS) {
      const present = /^(AES|SHA1|SHA256)/.test(name);
      c.sr.set('ESR_EL2', 0n);
      let threw = false;
      try { exec(c, w); } catch { threw = true; }
      expect(threw, name).toBe(!present);
      if (!present) expect(Number(c.sr.get('ESR_EL2') >> 26n), name).toBe(0); // EC 0x00: Unknown reason
    }
  });

  it('traps to EL2 with EC 0x07 when CPTR_EL2.TFP is set', () => {
    const c = cpuOf();
    c.sr.set('CPTR_EL2', 1n << 10n);
    expect(() => exec(c, 0x4e284841)).toThrow();
    expect(Number(c.sr.get('ESR_EL2') >> 26n)).toBe(7);
  });
});
