// The cryptographic extension (C4.1.96 crypto groups): AES, SHA1, SHA256, SHA512, SHA3, SM3, SM4; PMULL lives with the SIMD three-different forms it belongs to.
// One decode row per Arm ARM encoding group, its opcode field indexing a table of the group's
// instructions (a hole is an unallocated encoding: UNDEFINED, as in QEMU 7.2). Each handler
// checks its ID_AA64ISAR0_EL1 feature (UNDEFINED without it), then the SIMD&FP access traps.
// The algorithms live in crypto-aes.ts, crypto-sha.ts, crypto-sha512.ts, crypto-sha3.ts,
// crypto-sm3.ts and crypto-sm4.ts.

import type { Handler } from '../cpu.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { aesd, aese, aesimc, aesmc } from './crypto-aes.ts';
import { sha1c, sha1h, sha1m, sha1p, sha1su0, sha1su1, sha256h, sha256h2, sha256su0, sha256su1 } from './crypto-sha.ts';
import { bcax, eor3, rax1, xar } from './crypto-sha3.ts';
import { sha512h, sha512h2, sha512su0, sha512su1 } from './crypto-sha512.ts';
import { sm3partw1, sm3partw2, sm3ss1, sm3tt1a, sm3tt1b, sm3tt2a, sm3tt2b } from './crypto-sm3.ts';
import { sm4e, sm4ekey } from './crypto-sm4.ts';

type Insn = readonly [name: string, h: Handler] | undefined;
const _ = undefined;

/** Cryptographic AES, by opcode (bits 16:12). */
const AES: readonly Insn[] = [_, _, _, _, ['AESE', aese], ['AESD', aesd], ['AESMC', aesmc], ['AESIMC', aesimc]];
/** Cryptographic three-register SHA, by opcode (bits 14:12). */
const SHA_3REG: readonly Insn[] = [
  ['SHA1C', sha1c], ['SHA1P', sha1p], ['SHA1M', sha1m], ['SHA1SU0', sha1su0],
  ['SHA256H', sha256h], ['SHA256H2', sha256h2], ['SHA256SU1', sha256su1], _,
];
/** Cryptographic two-register SHA, by opcode (bits 16:12). */
const SHA_2REG: readonly Insn[] = [['SHA1H', sha1h], ['SHA1SU1', sha1su1], ['SHA256SU0', sha256su0]];
/** Cryptographic three-register SHA512, by O:opcode (bits 14, 11:10). */
const SHA512_3REG: readonly Insn[] = [
  ['SHA512H', sha512h], ['SHA512H2', sha512h2], ['SHA512SU1', sha512su1], ['RAX1', rax1],
  ['SM3PARTW1', sm3partw1], ['SM3PARTW2', sm3partw2], ['SM4EKEY', sm4ekey], _,
];
/** Cryptographic four-register, by Op0 (bits 22:21). */
const FOUR_REG: readonly Insn[] = [['EOR3', eor3], ['BCAX', bcax], ['SM3SS1', sm3ss1], _];
/** Cryptographic two-register SHA512, by opcode (bits 11:10). */
const SHA512_2REG: readonly Insn[] = [['SHA512SU0', sha512su0], ['SM4E', sm4e], _, _];
/** Cryptographic three-register, imm2, by opcode (bits 11:10). */
const IMM2: readonly Insn[] = [['SM3TT1A', sm3tt1a], ['SM3TT1B', sm3tt1b], ['SM3TT2A', sm3tt2a], ['SM3TT2B', sm3tt2b]];

/** A row whose `index(w)` picks the instruction from `table`; `ok(w)` false (a reserved size) is UNDEFINED. */
function group(name: string, pattern: string, table: readonly Insn[], index: (w: number) => number, ok: (w: number) => boolean = () => true) {
  return def(name, 'crypto', pattern, (w) => {
    const insn = ok(w) ? table[index(w)] : undefined;
    if (insn === undefined) return undefined;
    return op(insn[1], insn[0], w, { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), ra: bits(w, 14, 10), imm: bits(w, 13, 12) });
  });
}

const size0 = (w: number): boolean => bits(w, 23, 22) === 0;

export const cryptoEntries: InsnDef[] = [
  group('Cryptographic AES', '01001110 xx 10100 xxxxx 10 xxxxx xxxxx', AES, (w) => bits(w, 16, 12), size0),
  group('Cryptographic three-register SHA', '01011110 xx 0 xxxxx 0 xxx 00 xxxxx xxxxx', SHA_3REG, (w) => bits(w, 14, 12), size0),
  group('Cryptographic two-register SHA', '01011110 xx 10100 xxxxx 10 xxxxx xxxxx', SHA_2REG, (w) => bits(w, 16, 12), size0),
  group('Cryptographic three-register SHA512', '11001110 011 xxxxx 1 x 00 xx xxxxx xxxxx', SHA512_3REG, (w) => (bits(w, 14, 14) << 2) | bits(w, 11, 10)),
  group('Cryptographic four-register', '110011100 xx xxxxx 0 xxxxx xxxxx xxxxx', FOUR_REG, (w) => bits(w, 22, 21)),
  group('Cryptographic two-register SHA512', '11001110110000001000 xx xxxxx xxxxx', SHA512_2REG, (w) => bits(w, 11, 10)),
  def('XAR', 'crypto', '11001110100 xxxxx xxxxxx xxxxx xxxxx', (w) =>
    op(xar, 'XAR', w, { rd: bits(w, 4, 0), rn: bits(w, 9, 5), rm: bits(w, 20, 16), imm: bits(w, 15, 10) })),
  group('Cryptographic three-register, imm2', '11001110010 xxxxx 10 xx xx xxxxx xxxxx', IMM2, (w) => bits(w, 11, 10)),
  // The rest of op0 = 1100 (bits 31:24 = 0xce) holds no other instruction: UNDEFINED.
  def('Cryptographic (unallocated)', 'crypto-unallocated', '11001110 xxxxxxxx xxxxxxxx xxxxxxxx', () => undefined),
];
