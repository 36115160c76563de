// FEAT_AES: AESE, AESD, AESMC, AESIMC (Arm ARM C7.2 instruction pages; the AES functions of
// shared/functions/crypto: AESSubBytes, AESShiftRows, AESMixColumns and their inverses).
// The 128-bit state is V[n]'s 16 bytes, byte i = bits [8i+7:8i], read as FIPS-197's column-
// major state (byte i is row i mod 4 of column i div 4).

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { fpAccessCheck } from './fp-access.ts';

/** A 256-entry byte table from its hex spelling. */
export function byteTable(hex: string): Uint8Array {
  const t = new Uint8Array(hex.length / 2);
  for (let i = 0; i < t.length; i++) t[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return t;
}

/** FIPS-197 Figure 7 (the S-box); crypto.test.ts derives it again from §5.1.1's definition. */
export const AES_SBOX = byteTable(
  '637c777bf26b6fc53001672bfed7ab76ca82c97dfa5947f0add4a2af9ca472c0b7fd9326363ff7cc34a5e5f171d8311504c723c31896059a071280e2eb27b275' +
  '09832c1a1b6e5aa0523bd6b329e32f8453d100ed20fcb15b6acbbe394a4c58cfd0efaafb434d338545f9027f503c9fa851a3408f929d38f5bcb6da2110fff3d2' +
  'cd0c13ec5f974417c4a77e3d645d197360814fdc222a908846eeb814de5e0bdbe0323a0a4906245cc2d3ac629195e479e7c8376d8dd54ea96c56f4ea657aae08' +
  'ba78252e1ca6b4c6e8dd741f4bbd8b8a703eb5664803f60e613557b986c11d9ee1f8981169d98e949b1e87e9ce5528df8ca1890dbfe6426841992d0fb054bb16');

/** FIPS-197 Figure 14 (the inverse S-box). */
export const AES_INV_SBOX = byteTable(
  '52096ad53036a538bf40a39e81f3d7fb7ce339829b2fff87348e4344c4dee9cb547b9432a6c2233dee4c950b42fac34e082ea16628d924b2765ba2496d8bd125' +
  '72f8f66486689816d4a45ccc5d65b6926c704850fdedb9da5e154657a78d9d8490d8ab008cbcd30af7e45805b8b34506d02c1e8fca3f0f02c1afbd0301138a6b' +
  '3a9111414f67dcea97f2cfcef0b4e67396ac7422e7ad3585e2f937e81c75df6e47f11a711d29c5896fb7620eaa18be1bfc563e4bc6d279209adbc0fe78cd5af4' +
  '1fdda8338807c731b11210592780ec5f60517fa919b54a0d2de57a9f93c99cefa0e03b4dae2af5b0c8ebbb3c83539961172b047eba77d626e169146355210c7d');

/** FFmul(x, k) = x * k in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2). */
function ffmul(x: number, k: number): number {
  let r = 0;
  for (; k !== 0; k >>>= 1) {
    if (k & 1) r ^= x;
    x = ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
  }
  return r;
}

/** Products by the MixColumns coefficients, one table per coefficient. */
const mulTable = (k: number): Uint8Array => Uint8Array.from({ length: 256 }, (_, x) => ffmul(x, k));
const MUL2 = mulTable(2), MUL3 = mulTable(3), MUL9 = mulTable(9), MUL11 = mulTable(11), MUL13 = mulTable(13), MUL14 = mulTable(14);

/** Source byte of each result byte: AESShiftRows (row r rotates left by r columns) and its inverse. */
const SHIFT_ROWS = Uint8Array.from({ length: 16 }, (_, i) => (i & 3) + 4 * (((i >> 2) + (i & 3)) & 3));
const INV_SHIFT_ROWS = Uint8Array.from({ length: 16 }, (_, i) => (i & 3) + 4 * (((i >> 2) - (i & 3)) & 3));

// Scratch state: a handler reads V[] into `st`, transforms it through `tmp`, writes it back.
const st = new Uint8Array(16), tmp = new Uint8Array(16);

function load(c: Cpu, n: number): void {
  const v = c.vreg, b = 4 * n;
  for (let k = 0; k < 4; k++) {
    const w = v[b + k];
    st[4 * k] = w; st[4 * k + 1] = w >>> 8; st[4 * k + 2] = w >>> 16; st[4 * k + 3] = w >>> 24;
  }
}

function store(c: Cpu, d: number, s: Uint8Array): void {
  const v = c.vreg, b = 4 * d;
  for (let k = 0; k < 4; k++) v[b + k] = s[4 * k] | (s[4 * k + 1] << 8) | (s[4 * k + 2] << 16) | (s[4 * k + 3] << 24);
}

/** AESSubBytes(AESShiftRows(st)) into tmp (or the inverses): one pass, as both are bytewise. */
function shiftRowsSubBytes(rows: Uint8Array, sbox: Uint8Array): void {
  for (let i = 0; i < 16; i++) tmp[i] = sbox[st[rows[i]]];
}

/** AESMixColumns (FIPS-197 §5.1.3) of st into tmp. */
function aesMixColumns(): void {
  for (let c = 0; c < 16; c += 4) {
    const a0 = st[c], a1 = st[c + 1], a2 = st[c + 2], a3 = st[c + 3];
    tmp[c] = MUL2[a0] ^ MUL3[a1] ^ a2 ^ a3;
    tmp[c + 1] = a0 ^ MUL2[a1] ^ MUL3[a2] ^ a3;
    tmp[c + 2] = a0 ^ a1 ^ MUL2[a2] ^ MUL3[a3];
    tmp[c + 3] = MUL3[a0] ^ a1 ^ a2 ^ MUL2[a3];
  }
}

/** AESInvMixColumns (FIPS-197 §5.3.3) of st into tmp. */
function aesInvMixColumns(): void {
  for (let c = 0; c < 16; c += 4) {
    const a0 = st[c], a1 = st[c + 1], a2 = st[c + 2], a3 = st[c + 3];
    tmp[c] = MUL14[a0] ^ MUL11[a1] ^ MUL13[a2] ^ MUL9[a3];
    tmp[c + 1] = MUL9[a0] ^ MUL14[a1] ^ MUL11[a2] ^ MUL13[a3];
    tmp[c + 2] = MUL13[a0] ^ MUL9[a1] ^ MUL14[a2] ^ MUL11[a3];
    tmp[c + 3] = MUL11[a0] ^ MUL13[a1] ^ MUL9[a2] ^ MUL14[a3];
  }
}

function enter(c: Cpu): void {
  if (!c.features.aes) undefinedInstruction(c);
  fpAccessCheck(c);
}

/** AESE/AESD: V[d] = SubBytes(ShiftRows(V[d] EOR V[n])), or the inverse transformations. */
function aesRound(c: Cpu, o: Op, rows: Uint8Array, sbox: Uint8Array): void {
  enter(c);
  const v = c.vreg, d = 4 * o.rd, n = 4 * o.rn;
  for (let k = 0; k < 4; k++) {
    const w = v[d + k] ^ v[n + k];
    st[4 * k] = w; st[4 * k + 1] = w >>> 8; st[4 * k + 2] = w >>> 16; st[4 * k + 3] = w >>> 24;
  }
  shiftRowsSubBytes(rows, sbox);
  store(c, o.rd, tmp);
}

export function aese(c: Cpu, o: Op): void { aesRound(c, o, SHIFT_ROWS, AES_SBOX); }
export function aesd(c: Cpu, o: Op): void { aesRound(c, o, INV_SHIFT_ROWS, AES_INV_SBOX); }

/** AESMC: V[d] = AESMixColumns(V[n]). */
export function aesmc(c: Cpu, o: Op): void {
  enter(c);
  load(c, o.rn);
  aesMixColumns();
  store(c, o.rd, tmp);
}

/** AESIMC: V[d] = AESInvMixColumns(V[n]). */
export function aesimc(c: Cpu, o: Op): void {
  enter(c);
  load(c, o.rn);
  aesInvMixColumns();
  store(c, o.rd, tmp);
}
