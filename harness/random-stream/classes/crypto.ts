// The 'crypto' stream class (issue 13): every instruction of the cryptographic extension
// (AES, SHA1, SHA256, SHA512, SHA3, SM3, SM4) with random V registers, whose contents are the
// stream's random start values and earlier results; now and then a source lane is first set
// to an integer edge value (all-ones, sign boundaries...) so carries and rotations see them.
// Words are built from each instruction's encoding with its register fields drawn, and kept
// only when the model decodes them back to that instruction.

import fc from 'fast-check';
import { decode } from '../../../emulator/decode.ts';
import type { ClassArb } from './class-arb.ts';
import { intEdge, setVLane } from './vector-operands.ts';

/** Operand fields an encoding has besides Rd and Rn. */
type Fields = 'm' | 'ma' | 'mi2' | 'mi6' | '';

/** [name, the encoding with every operand field zero, its other fields]. */
export const CRYPTO_INSNS: readonly [string, number, Fields][] = [
  ['AESE', 0x4e284800, ''], ['AESD', 0x4e285800, ''], ['AESMC', 0x4e286800, ''], ['AESIMC', 0x4e287800, ''],
  ['SHA1C', 0x5e000000, 'm'], ['SHA1P', 0x5e001000, 'm'], ['SHA1M', 0x5e002000, 'm'], ['SHA1SU0', 0x5e003000, 'm'],
  ['SHA256H', 0x5e004000, 'm'], ['SHA256H2', 0x5e005000, 'm'], ['SHA256SU1', 0x5e006000, 'm'],
  ['SHA1H', 0x5e280800, ''], ['SHA1SU1', 0x5e281800, ''], ['SHA256SU0', 0x5e282800, ''],
  ['SHA512H', 0xce608000, 'm'], ['SHA512H2', 0xce608400, 'm'], ['SHA512SU1', 0xce608800, 'm'], ['RAX1', 0xce608c00, 'm'],
  ['SHA512SU0', 0xcec08000, ''],
  ['EOR3', 0xce000000, 'ma'], ['BCAX', 0xce200000, 'ma'], ['XAR', 0xce800000, 'mi6'],
  ['SM3SS1', 0xce400000, 'ma'], ['SM3TT1A', 0xce408000, 'mi2'], ['SM3TT1B', 0xce408400, 'mi2'],
  ['SM3TT2A', 0xce408800, 'mi2'], ['SM3TT2B', 0xce408c00, 'mi2'], ['SM3PARTW1', 0xce60c000, 'm'], ['SM3PARTW2', 0xce60c400, 'm'],
  ['SM4E', 0xcec08400, ''], ['SM4EKEY', 0xce60c800, 'm'],
];

const vreg = fc.integer({ min: 0, max: 31 });

function encode(base: number, f: Fields, d: number, n: number, m: number, a: number, imm: number): number {
  let w = base | (n << 5) | d;
  if (f !== '') w |= m << 16;
  if (f === 'ma') w |= a << 10;
  else if (f === 'mi2') w |= (imm & 3) << 12;
  else if (f === 'mi6') w |= imm << 10;
  return w >>> 0;
}

export const cryptoClass: ClassArb = fc.record({
  insn: fc.constantFrom(...CRYPTO_INSNS),
  d: vreg, n: vreg, m: vreg, a: vreg,
  imm: fc.integer({ min: 0, max: 63 }),
  // one time in eight, a source lane (of Vn, Vm or Va) set to an edge value first
  edge: fc.option(fc.record({ which: fc.integer({ min: 0, max: 2 }), lane: fc.constantFrom(0 as const, 1 as const), value: intEdge }), { freq: 7 }),
}).map(({ insn: [name, base, f], d, n, m, a, imm, edge }) => {
  const w = encode(base, f, d, n, m, a, imm);
  if (decode(w).name !== name) return undefined;
  const setup = edge === null ? [] : setVLane([n, m, a][edge.which], edge.lane, edge.value);
  return [...setup, w];
});
