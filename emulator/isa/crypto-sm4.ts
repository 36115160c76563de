// FEAT_SM4: SM4E, SM4EKEY (Arm ARM C7.2 instruction pages and the Sbox function of
// shared/functions/crypto), four rounds of the SM4 block cipher (GB/T 32907) or of its key
// schedule on the 32-bit words of V[] (element 0 = bits [31:0] holds X_i, element 3 X_i+3).

import type { Cpu, Op } from '../cpu.ts';
import { undefinedInstruction } from '../exceptions.ts';
import { byteTable } from './crypto-aes.ts';
import { fpAccessCheck } from './fp-access.ts';

/** The SM4 S-box (GB/T 32907 §6.2; the Arm ARM's Sbox string in the same order). */
export const SM4_SBOX = byteTable(
  'd690e9fecce13db716b614c228fb2c052b679a762abe04c3aa441326498606999c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa6' +
  '4707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d351e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89e' +
  'eabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e31df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51' +
  '8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b08969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948');

const rol = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/** The bytewise substitution tau (each byte through the S-box). */
const tau = (x: number): number =>
  SM4_SBOX[x & 0xff] | (SM4_SBOX[(x >>> 8) & 0xff] << 8) | (SM4_SBOX[(x >>> 16) & 0xff] << 16) | (SM4_SBOX[x >>> 24] << 24);

/** The linear transformations: L of the cipher rounds, L' of the key schedule. */
const linear = (b: number): number => b ^ rol(b, 2) ^ rol(b, 10) ^ rol(b, 18) ^ rol(b, 24);
const linearKey = (b: number): number => b ^ rol(b, 13) ^ rol(b, 23);

/**
 * Four rounds X_i+4 = X_i EOR L(tau(X_i+1 EOR X_i+2 EOR X_i+3 EOR k_i)) on the words (x0..x3)
 * of V[src] with k from V[keys], written to V[d].
 */
function sm4Rounds(c: Cpu, d: number, src: number, keys: number, l: (b: number) => number): void {
  if (!c.features.sm4) undefinedInstruction(c);
  fpAccessCheck(c);
  const v = c.vreg, s = 4 * src, k = 4 * keys;
  let x0 = v[s], x1 = v[s + 1], x2 = v[s + 2], x3 = v[s + 3];
  const k0 = v[k], k1 = v[k + 1], k2 = v[k + 2], k3 = v[k + 3];
  for (let i = 0; i < 4; i++) {
    const key = i === 0 ? k0 : i === 1 ? k1 : i === 2 ? k2 : k3;
    const x4 = x0 ^ l(tau(x1 ^ x2 ^ x3 ^ key));
    x0 = x1; x1 = x2; x2 = x3; x3 = x4;
  }
  const b = 4 * d;
  v[b] = x0; v[b + 1] = x1; v[b + 2] = x2; v[b + 3] = x3;
}

/** SM4E: V[d] = four cipher rounds of V[d] with the round keys V[n]. */
export function sm4e(c: Cpu, o: Op): void { sm4Rounds(c, o.rd, o.rd, o.rn, linear); }

/** SM4EKEY: V[d] = four key-schedule rounds of V[n] with the constants CK in V[m]. */
export function sm4ekey(c: Cpu, o: Op): void { sm4Rounds(c, o.rd, o.rn, o.rm, linearKey); }
